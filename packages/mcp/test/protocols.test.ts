/**
 * One endpoint, both protocol revisions: the SDK v2 client speaks 2025-11-25 (initialize) and 2026-07-28 (no
 * handshake, per-request envelope) to the same /mcp, statelessly, and both reach the real sandbox.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { type HttpServer, startHttpServer } from '../src/index.js';

let sandbox: Sandbox;
let http: HttpServer;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
  http = await startHttpServer({ baseUrl: sandbox.baseUrl });
});
afterAll(async () => {
  await http.close();
  await sandbox.stop();
});

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
