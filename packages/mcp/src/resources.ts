import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  McpError,
  ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { type Audio, type MusiqueClient, NotFoundError, type StoreDirectory } from '@musique/core';
import { APP_URI, appResourceListing, audioFileOrigin, readAppResource } from './app/index.js';

/** MCP's code for a resource that does not exist. */
const RESOURCE_NOT_FOUND = -32002;

/** musique://stores, musique://rate-limit and musique://audio/{audioId}. */
export function serveResources(server: Server, client: MusiqueClient, directory: StoreDirectory | undefined) {
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: [
      {
        uri: 'musique://stores',
        name: 'stores',
        title: 'Your stores',
        mimeType: 'application/json',
        description: 'The external IDs of the stores that can be sent audio.',
      },
      {
        uri: 'musique://rate-limit',
        name: 'rate-limit',
        title: 'Rate limits',
        mimeType: 'application/json',
        description: 'Requests allowed, used and left for this API key.',
      },
      appResourceListing(audioFileOrigin(client.baseUrl)),
      // Without a key (or with a refused one) the fixed resources are still listed.
      ...(await client.audio.list({ limit: 20 }).catch(() => ({ data: [] as Audio[] }))).data.map(
        (audio) => ({
          uri: `musique://audio/${audio.audioId}`,
          name: audio.name,
          mimeType: 'application/json',
          description: `${audio.category ?? 'audio'}, ${Math.round(audio.duration)} s`,
        }),
      ),
    ],
  }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: [
      {
        uriTemplate: 'musique://audio/{audioId}',
        name: 'audio',
        title: 'An audio file',
        mimeType: 'application/json',
        description: 'One audio file with its play statistics.',
      },
    ],
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const { uri } = request.params;
    const json = (value: unknown) => ({
      contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(value, null, 2) }],
    });
    if (uri === APP_URI) return readAppResource(audioFileOrigin(client.baseUrl));
    if (uri === 'musique://stores') return json({ stores: (await directory?.list()) ?? null });
    if (uri === 'musique://rate-limit')
      return json({ lastSeen: client.rateLimit ?? null, ...(await client.system.limits()) });
    const audioId = /^musique:\/\/audio\/([^/]+)$/.exec(uri)?.[1];
    if (audioId)
      return json(
        await client.audio.get(decodeURIComponent(audioId)).catch((error) => {
          throw error instanceof NotFoundError
            ? new McpError(RESOURCE_NOT_FOUND, `No audio ${audioId}.`)
            : error;
        }),
      );
    throw new McpError(
      RESOURCE_NOT_FOUND,
      `No resource ${uri}: read musique://audio/{audioId}, musique://stores or musique://rate-limit.`,
    );
  });
}
