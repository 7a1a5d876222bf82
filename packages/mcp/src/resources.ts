import { ResourceNotFoundError, type Server } from '@modelcontextprotocol/server';
import { type Audio, type MusiqueClient, NotFoundError, type StoreDirectory } from '@musique/core';
import { APP_URI, appResourceListing, audioFileOrigin, readAppResource } from './app/index.js';

/** musique://stores, musique://rate-limit and musique://audio/{audioId}. */
export function serveResources(
  server: Server,
  client: MusiqueClient,
  directory: StoreDirectory | undefined,
  /** Throws when the caller may not look (no musique:read scope). */
  mayLook: () => unknown = () => true,
) {
  server.setRequestHandler('resources/list', async () => {
    mayLook();
    return {
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
    };
  });
  server.setRequestHandler('resources/templates/list', async () => {
    mayLook();
    return {
      resourceTemplates: [
        {
          uriTemplate: 'musique://audio/{audioId}',
          name: 'audio',
          title: 'An audio file',
          mimeType: 'application/json',
          description: 'One audio file with its play statistics.',
        },
      ],
    };
  });
  server.setRequestHandler('resources/read', async (request) => {
    mayLook();
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
            ? new ResourceNotFoundError(uri, `No audio ${audioId}.`)
            : error;
        }),
      );
    throw new ResourceNotFoundError(
      uri,
      `No resource ${uri}: read musique://audio/{audioId}, musique://stores or musique://rate-limit.`,
    );
  });
}
