// The store directory asks the sandbox's extension only where the base URL is known to be a sandbox, and any
// refusal of it falls back to the documented behaviour (the configured list, or none).

import { type Sandbox, startSandbox } from '@musique/sandbox';
import { createStoreDirectory, DEFAULT_BASE_URL, MusiqueClient, type Transport } from '../src/node.js';
import { recordingTransport } from './helpers.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo', checkResponses: true });
});
afterAll(() => sandbox.stop());

const envelope = (status: number) =>
  JSON.stringify({ error: { code: 'not_found', message: `Refused with ${status}.`, type: 'x' } });

/** A gateway before the sandbox: passes what `edit` leaves alone. */
function gateway(edit: (path: string) => { status: number } | 'strip-marker' | undefined): Transport {
  const inner = recordingTransport();
  return async (request) => {
    const path = new URL(request.url).pathname.replace(/^\/api\/v1\/integration/, '');
    const change = edit(path);
    if (change === undefined) return inner.transport(request);
    if (change === 'strip-marker') {
      const response = await inner.transport(request);
      const { 'x-musique-sandbox': _, ...headers } = response.headers;
      return { ...response, headers };
    }
    return { status: change.status, headers: { 'x-musique-sandbox': 'true' }, body: envelope(change.status) };
  };
}

test('on a sandbox the directory lists its stores, told by the header of a documented request', async () => {
  const { transport, calls } = recordingTransport();
  const client = new MusiqueClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl, transport });
  const ids = await createStoreDirectory(client).list();
  expect(ids).toContain('store_042');
  expect(calls.map((call) => new URL(call.request.url).pathname.split('/').pop())).toEqual([
    'health',
    'locations',
  ]);
});

test('after any response, the directory asks no extra request to know', async () => {
  const { transport, calls } = recordingTransport();
  const client = new MusiqueClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl, transport });
  await client.audio.list({ limit: 1 });
  await createStoreDirectory(client).list();
  expect(calls.map((call) => new URL(call.request.url).pathname.split('/').pop())).toEqual([
    'audio',
    'locations',
  ]);
});

test('behind a gateway that sends only the documented headers, no extension is asked', async () => {
  const asked: string[] = [];
  const transport = gateway((path) => {
    asked.push(path);
    return 'strip-marker';
  });
  const client = new MusiqueClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl, transport });
  const directory = createStoreDirectory(client, ['store_001', 'store_002']);
  expect(await directory.list()).toEqual(['store_001', 'store_002']);
  expect(await createStoreDirectory(client).list()).toBeUndefined();
  expect(asked).toEqual(['/health']);
});

test.each([401, 403, 404, 405, 501])('a %i refusing the store list falls back, once', async (status) => {
  const asked: string[] = [];
  const transport = gateway((path) => {
    asked.push(path);
    return path === '/sandbox/locations' ? { status } : undefined;
  });
  const client = new MusiqueClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl, transport });
  const directory = createStoreDirectory(client, undefined, { cacheMs: 0 });
  expect(await directory.list()).toBeUndefined();
  expect(await directory.list()).toBeUndefined();
  expect(asked).toEqual(['/health', '/sandbox/locations']);
});

test('a server error on the store list is not mistaken for a refusal', async () => {
  const transport = gateway((path) => (path === '/sandbox/locations' ? { status: 500 } : undefined));
  const client = new MusiqueClient({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    transport,
    retry: false,
  });
  await expect(createStoreDirectory(client).list()).rejects.toMatchObject({ status: 500 });
});

test('at the documented production base the directory makes no request at all', async () => {
  const transport: Transport = async (request) => {
    throw new Error(`No request expected, got ${request.method} ${request.url}`);
  };
  const client = new MusiqueClient({
    apiKey: 'msk_prod_1234567890abcdef',
    baseUrl: DEFAULT_BASE_URL,
    transport,
  });
  expect(await createStoreDirectory(client, ['store_001']).list()).toEqual(['store_001']);
  expect(await createStoreDirectory(client).list()).toBeUndefined();
});
