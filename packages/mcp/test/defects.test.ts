/**
 * Issue 26's hands-on defects, each tried the way it was found: raw requests and the SDK's client against the
 * HTTP server, a real sandbox behind it.
 */
import { readFileSync } from 'node:fs';
import { MusiqueClient } from '@musique/core/node';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { CallerLimits, MAX_IN_FLIGHT } from '../src/callers.js';
import type { CallRecord } from '../src/calls.js';
import { createMusiqueServer, type HttpServer, settingsFromEnv, startHttpServer } from '../src/index.js';
import { connect, post, promoFile, text } from './processes.js';

let sandbox: Sandbox;
let server: HttpServer;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
  server = await startHttpServer({ baseUrl: sandbox.baseUrl, allowedOrigins: ['https://app.example'] });
});
afterAll(async () => {
  await server.close();
  await sandbox.stop();
});

const apiClient = () => new MusiqueClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl });
const key = () => ({ 'x-api-key': sandbox.apiKey });
const listTools = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} };

test('defect 2: a made-up key in the right format is 401 before any work; a batch is refused', async () => {
  const madeUp = await post(server.url, { 'x-api-key': 'demo_test_0000000000000000abcd' }, listTools);
  expect(madeUp.status).toBe(401);
  expect(await madeUp.text()).not.toContain('send_audio');
  const batch = await post(server.url, key(), [listTools, listTools]);
  expect(batch.status).toBe(400);
  expect(await batch.text()).toMatch(/Batches are refused/);
});

test('defect 3: settings fail closed, naming the bad value', () => {
  expect(settingsFromEnv({ MUSIQUE_MCP_READ_ONLY: '1' }).readOnly).toBe(true);
  expect(() => settingsFromEnv({ MUSIQUE_MCP_READ_ONLY: 'sure' })).toThrow(/MUSIQUE_MCP_READ_ONLY is "sure"/);
  expect(() => settingsFromEnv({ MUSIQUE_MCP_TOOLS: 'list_audio,send_audoi' })).toThrow(/"send_audoi"/);
  expect(() => settingsFromEnv({ MUSIQUE_MCP_TOOLS: 'list_audio,' })).toThrow(/empty entry/);
  expect(() => settingsFromEnv({ MUSIQUE_TIME_ZONE: 'Mars/Olympus' })).toThrow(/Mars\/Olympus/);
});

test('defect 5: a listed browser origin gets its CORS preflight, and reads the refusal', async () => {
  const preflight = await fetch(server.url, {
    method: 'OPTIONS',
    headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
  expect(preflight.headers.get('access-control-allow-headers')).toMatch(/mcp-protocol-version/);
  const refused = await post(server.url, { origin: 'https://app.example' });
  expect(refused.status).toBe(401);
  expect(refused.headers.get('access-control-allow-origin')).toBe('https://app.example');
});

test('defect 6: an IPv6 host answers its own printed URL', async () => {
  const v6 = await startHttpServer({ baseUrl: sandbox.baseUrl, host: '::ffff:127.0.0.1' });
  const answered = await post(v6.url, key());
  await v6.close();
  expect(v6.url).toMatch(/^http:\/\/\[::ffff:127\.0\.0\.1\]:\d+\/mcp$/);
  expect(answered.status).toBe(200);
});

test('defect 9: a spent delete token does not answer "deleted" for another audio', async () => {
  const { client, call } = await connect(server.url, key());
  const file = readFileSync(promoFile).toString('base64');
  await call('upload_audio', { file, name: 'Delete Me' });
  const kept = await call('upload_audio', { file, name: 'Keep Me' });
  const asked = await call('delete_audio', { audio: 'Delete Me' });
  const confirmationToken = asked.structuredContent?.confirmationToken;
  await call('delete_audio', { audio: 'Delete Me', confirmationToken });
  const other = await call('delete_audio', { audio: 'Keep Me', confirmationToken });
  await client.close();
  expect(other.structuredContent?.deleted).not.toBe(true);
  expect(text(other)).toMatch(/different arguments/);
  const keptId = String(kept.structuredContent?.audioId);
  expect((await apiClient().audio.get(keptId)).name).toBe('Keep Me');
});

test('defect 10: arguments the schema refuses are -32602 with one prefix, before anything runs', async () => {
  const { client } = await connect(server.url, key());
  const tries = [
    { audio: 'x', stores: Array.from({ length: 5000 }, (_, i) => String(i + 1)) },
    { audio: 'x', stores: '42' },
    { audio: { name: 'x' }, stores: ['42'] },
  ];
  const errors = await Promise.all(
    tries.map((args) => client.callTool({ name: 'send_audio', arguments: args }).catch((error) => error)),
  );
  await client.close();
  for (const error of errors) {
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: -32602 });
    expect(String(error.message).match(/MCP error/g) ?? []).toHaveLength(1);
  }
  expect(errors[0].message).toMatch(/stores/);
});

test('defect 11: completing stores after "12, 4" keeps the 12', async () => {
  const { client } = await connect(server.url, key());
  const { completion } = await client.complete({
    ref: { type: 'ref/prompt', name: 'announce-promo' },
    argument: { name: 'stores', value: '12, 4' },
  });
  await client.close();
  expect(completion.values.length).toBeGreaterThan(0);
  for (const value of completion.values) expect(value).toMatch(/^12, \S*4/);
});

test('/healthz answers a load balancer without a credential or a known Host', async () => {
  const health = await fetch(server.url.replace('/mcp', '/healthz'), { headers: { host: '10.0.0.5' } });
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });
});

test('one log line per tool call: who (never the key), tool, outcome, request id, duration', async () => {
  const records: CallRecord[] = [];
  const mcp = createMusiqueServer({
    client: apiClient(),
    person: 'key:abc123',
    log: (record) => records.push(record),
  });
  const { InMemoryTransport } = await import('@modelcontextprotocol/server');
  const { Client } = await import('@modelcontextprotocol/client');
  const [a, b] = InMemoryTransport.createLinkedPair();
  await mcp.connect(a);
  const client = new Client({ name: 'log', version: '1' });
  await client.connect(b as never);
  await client.callTool({ name: 'health', arguments: {} });
  await client.close();
  expect(records).toEqual([
    {
      event: 'tool_call',
      who: 'key:abc123',
      tool: 'health',
      outcome: 'ok',
      requestId: expect.anything(),
      durationMs: expect.any(Number),
    },
  ]);
  expect(JSON.stringify(records)).not.toContain(sandbox.apiKey);
});

test('a caller gets a share: requests beyond the concurrent limit wait', () => {
  const limits = new CallerLimits();
  const releases = Array.from({ length: MAX_IN_FLIGHT }, () => limits.admit('ada'));
  expect(releases.every((release) => typeof release === 'function')).toBe(true);
  expect(limits.admit('ada')).toBe(1);
  expect(typeof limits.admit('grace')).toBe('function');
  (releases[0] as () => void)();
  expect(typeof limits.admit('ada')).toBe('function');
});
