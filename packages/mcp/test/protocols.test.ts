/**
 * One endpoint, both protocol revisions: the SDK v2 client speaks 2025-11-25 (initialize) and 2026-07-28 (no
 * handshake, per-request envelope) to the same /mcp, statelessly, and both reach the real sandbox.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { type HttpServer, startHttpServer } from '../src/index.js';

const promoFile = join(__dirname, '../../../shared/fixtures/promo-closing-time.mp3');
let sandbox: Sandbox;
let http: HttpServer;
let other: HttpServer;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
  // Two instances sharing the secret, as behind a load balancer.
  http = await startHttpServer({ baseUrl: sandbox.baseUrl, secret: 'shared-secret' });
  other = await startHttpServer({ baseUrl: sandbox.baseUrl, secret: 'shared-secret' });
});
afterAll(async () => {
  await Promise.all([http.close(), other.close()]);
  await sandbox.stop();
});

async function received(externalId: string) {
  const player = await sandbox.player(externalId);
  return [player.nowPlaying, ...player.queue, ...player.history].filter((item) => item !== null);
}

/** A 2026-07-28 client whose every request goes to the other instance than the one before. */
async function modernClient(answer?: 'accept' | 'decline') {
  const questions: string[] = [];
  const client = new Client(
    { name: 'person-in-the-loop', version: '1.0.0' },
    {
      versionNegotiation: { mode: { pin: '2026-07-28' } },
      ...(answer ? { capabilities: { elicitation: { form: {} } } } : {}),
    },
  );
  if (answer)
    client.setRequestHandler('elicitation/create', async (request) => {
      questions.push(String(request.params.message));
      return answer === 'accept' ? { action: 'accept', content: { confirm: true } } : { action: 'decline' };
    });
  let turn = 0;
  const urls = [http.url, other.url];
  await client.connect(
    new StreamableHTTPClientTransport(new URL(http.url), {
      requestInit: { headers: { 'X-API-Key': sandbox.apiKey } },
      fetch: (_url, init) => fetch(urls[turn++ % 2] as string, init),
    }),
  );
  return { client, questions };
}

async function connect(revision: '2025-11-25' | '2026-07-28') {
  const client = new Client(
    { name: 'v2-client', version: '1.0.0' },
    revision === '2026-07-28' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {},
  );
  await client.connect(
    new StreamableHTTPClientTransport(new URL(http.url), {
      requestInit: { headers: { 'X-API-Key': sandbox.apiKey } },
    }),
  );
  return client;
}

test.each(['2025-11-25', '2026-07-28'] as const)(
  'a v2 client on %s lists the tools and reads the audio',
  async (revision) => {
    const client = await connect(revision);
    expect(client.getNegotiatedProtocolVersion()).toBe(revision);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('send_audio');
    const listed = (await client.callTool({ name: 'list_audio', arguments: {} })) as CallToolResult;
    expect(listed.isError).toBeFalsy();
    expect(listed.structuredContent).toMatchObject({ data: expect.any(Array) });
    await client.close();
  },
);

describe('on 2026-07-28 the person confirms, inside the request, on either instance', () => {
  beforeAll(async () => {
    const { client } = await modernClient();
    const file = readFileSync(promoFile).toString('base64');
    await client.callTool({ name: 'upload_audio', arguments: { file, name: 'Person Promo' } });
    await client.close();
  });

  test('the person says yes: asked once, the send goes to every store once', async () => {
    const { client, questions } = await modernClient('accept');
    const sent = (await client.callTool({
      name: 'send_audio',
      arguments: { audio: 'Person Promo', stores: ['all'] },
    })) as CallToolResult;
    await client.close();
    expect(questions).toEqual([expect.stringMatching(/^Play "Person Promo" on all \d+ stores now\?$/)]);
    expect(sent.structuredContent).toMatchObject({ status: 'sent' });
    const names = (await received('store_002')).map((item) => item.name);
    expect(names.filter((name) => name === 'Person Promo')).toHaveLength(1);
  });

  test('the person says no: nothing plays and the model is told so', async () => {
    const before = (await received('store_003')).length;
    const { client, questions } = await modernClient('decline');
    const answer = (await client.callTool({
      name: 'send_audio',
      arguments: { audio: 'Person Promo', stores: ['all'] },
    })) as CallToolResult;
    await client.close();
    expect(questions).toHaveLength(1);
    expect(answer.structuredContent).toMatchObject({ status: 'cancelled' });
    expect(await received('store_003')).toHaveLength(before);
  });

  test('a client that cannot ask gets a token that says a person must be asked first', async () => {
    const { client } = await modernClient();
    const asked = (await client.callTool({
      name: 'delete_audio',
      arguments: { audio: 'Person Promo' },
    })) as CallToolResult;
    await client.close();
    expect(asked.structuredContent).toMatchObject({ status: 'needs_confirmation' });
    const text = asked.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    expect(text).toMatch(/A person must be asked first/);
    const { confirmationToken } = asked.structuredContent as { confirmationToken: string };
    expect(text).not.toContain(confirmationToken);
  });
});
