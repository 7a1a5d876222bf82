/**
 * What an assistant's user meets: the server in process over the SDK's in-memory transport, a real sandbox
 * behind it over HTTP.
 */
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { type CallToolResult, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { createStoreDirectory, MusiqueClient } from '@musique/core';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { createMusiqueServer, musiqueServerFor } from '../src/index.js';
import { promoFile, startFront, text } from './processes.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
});
afterAll(() => sandbox.stop());

async function connect(
  apiKey: string | null = sandbox.apiKey,
  selection: { readOnly?: boolean; only?: string[] } = {},
) {
  const client = new MusiqueClient({ ...(apiKey ? { apiKey } : {}), baseUrl: sandbox.baseUrl });
  const server = createMusiqueServer({
    client,
    directory: createStoreDirectory(client),
    timeZone: 'Europe/Paris',
    ...selection,
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const mcp = new Client({ name: 'test', version: '1.0.0' });
  await mcp.connect(clientSide);
  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await mcp.callTool({ name, arguments: args })) as CallToolResult;
  return { mcp, call };
}

const upload = (call: Awaited<ReturnType<typeof connect>>['call'], name: string) =>
  call('upload_audio', { file: readFileSync(promoFile).toString('base64'), name });

test("a past time is refused with the time in the person's zone, and nothing plays", async () => {
  const { mcp, call } = await connect();
  await upload(call, 'Past Promo');
  const late = await call('send_audio', {
    audio: 'Past Promo',
    stores: ['8'],
    scheduleAt: '2025-12-02T09:00',
  });
  await mcp.close();
  expect(late.isError).toBe(true);
  expect(text(late)).toMatch(
    /^Tue, 2 Dec 2025, 09:00 \(Europe\/Paris\) has already passed: it is now .+\(Europe\/Paris\)/,
  );
  const player = await sandbox.player('store_008');
  expect([player.nowPlaying, ...player.queue, ...player.history].filter(Boolean)).toEqual([]);
});

test("a confirmation question names the time in the person's zone; one store is never asked", async () => {
  const { mcp, call } = await connect();
  await upload(call, 'Zoned Promo');
  const asked = await call('send_audio', {
    audio: 'Zoned Promo',
    stores: ['2', '3'],
    scheduleAt: '2030-06-01T09:00',
  });
  const one = await call('send_audio', {
    audio: 'Zoned Promo',
    stores: ['4'],
    scheduleAt: '2030-06-01T09:00',
  });
  const { tools } = await mcp.listTools();
  await mcp.close();
  expect(asked.structuredContent?.message).toMatch(/at Sat, 1 Jun 2030, 09:00 \(Europe\/Paris\)\?/);
  expect(one.structuredContent).toMatchObject({ scheduled: true });
  const send = tools.find((tool) => tool.name === 'send_audio');
  expect(send?.description).toMatch(/A send to more than one store asks the person to confirm first\.$/);
});

test('list_audio pages: nextCursor out, cursor in; find_audio answers the best 20 and says there are more', async () => {
  const { mcp, call } = await connect();
  const first = await call('list_audio', { limit: 1 });
  const nextCursor = first.structuredContent?.nextCursor;
  expect(typeof nextCursor).toBe('string');
  const second = await call('list_audio', { limit: 1, cursor: nextCursor });
  const ids = [first, second].map(
    (page) => (page.structuredContent?.data as { audioId: string }[] | undefined)?.[0]?.audioId,
  );
  expect(ids[0]).not.toEqual(ids[1]);
  const uploaded = await upload(call, 'Copied Jingle');
  await sandbox.copyAudio(String(uploaded.structuredContent?.audioId), 25);
  const found = await call('find_audio', { text: 'Copied Jingle' });
  await mcp.close();
  expect(found.structuredContent?.data).toHaveLength(20);
  expect(found.structuredContent?.hasMore).toBe(true);
});

test('a confirmed delete repeated reports the audio deleted, not a failure', async () => {
  const { mcp, call } = await connect();
  await upload(call, 'Doomed Promo');
  const asked = await call('delete_audio', { audio: 'Doomed Promo' });
  const confirmationToken = asked.structuredContent?.confirmationToken;
  const deleted = await call('delete_audio', { audio: 'Doomed Promo', confirmationToken });
  const again = await call('delete_audio', { audio: 'Doomed Promo', confirmationToken });
  await mcp.close();
  expect(deleted.structuredContent).toMatchObject({ deleted: true });
  expect(again.isError).toBeFalsy();
  expect(again.structuredContent).toMatchObject({ deleted: true, status: 'deleted' });
});

test('an API error shows its request id once, a rate limit too', async () => {
  const { mcp, call } = await connect();
  const refused = await call('list_audio', { cursor: 'not-a-cursor' });
  await mcp.close();
  expect(refused.isError).toBe(true);
  expect(text(refused).match(/req_[\w-]+/g)).toHaveLength(1);

  const strict = await startSandbox({ port: 0, memory: true, seed: 'demo', rateLimits: { perMinute: 1 } });
  try {
    await new MusiqueClient({ apiKey: strict.apiKey, baseUrl: strict.baseUrl }).system.limits();
    const client = new MusiqueClient({ apiKey: strict.apiKey, baseUrl: strict.baseUrl, retry: false });
    const server = createMusiqueServer({ client });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const limited = new Client({ name: 'test', version: '1.0.0' });
    await limited.connect(clientSide);
    const answer = (await limited.callTool({ name: 'health', arguments: {} })) as CallToolResult;
    await limited.close();
    expect(text(answer)).toMatch(/rate limit for this API key is reached/);
    expect(text(answer).match(/req_[\w-]+/g)).toHaveLength(1);
  } finally {
    await strict.stop();
  }
});

test('without a key: resources still list, the tool says which setting to give, a missing resource is -32602 naming its uri (protocol 2026-07-28 and SDK v2)', async () => {
  const { mcp, call } = await connect(null);
  const { resources } = await mcp.listResources();
  expect(resources.map((resource) => resource.uri)).toEqual([
    'musique://stores',
    'musique://rate-limit',
    'ui://musique/app.html',
  ]);
  const health = await call('health');
  expect(text(health)).toMatch(/MUSIQUE_API_KEY/);
  expect(text(health)).not.toMatch(/`apiKey`/);
  await expect(mcp.readResource({ uri: 'musique://nothing' })).rejects.toMatchObject({
    code: -32602,
    data: { uri: 'musique://nothing' },
  });
  await mcp.close();
});

test('schemas: integer examples are numbers, stores are described as the list they are', async () => {
  const { mcp } = await connect();
  const { tools } = await mcp.listTools();
  await mcp.close();
  const send = tools.find((tool) => tool.name === 'send_audio')?.inputSchema.properties ?? {};
  const { repeat, stores } = send as Record<string, { examples: unknown[]; description: string }>;
  expect(repeat?.examples).toEqual([2]);
  expect(stores?.description).not.toMatch(/comma/);
  expect(stores?.description).toMatch(/\["all"\] means every store/);
});

test('--read-only and a tool selection narrow what is offered, and what runs', async () => {
  const readOnly = await connect(sandbox.apiKey, { readOnly: true });
  const reads = (await readOnly.mcp.listTools()).tools.map((tool) => tool.name).sort();
  const refused = await readOnly.call('delete_audio', { audio: 'anything' });
  await readOnly.mcp.close();
  expect(reads).toEqual(['find_audio', 'get_audio', 'health', 'limits', 'list_audio', 'store_status']);
  expect(text(refused)).toMatch(/not offered by this server/);
  const chosen = await connect(sandbox.apiKey, { only: ['health', 'send_audio'] });
  const names = (await chosen.mcp.listTools()).tools.map((tool) => tool.name).sort();
  await chosen.mcp.close();
  expect(names).toEqual(['health', 'send_audio']);
});

test("completions for the prompt's arguments, logging, and an icon", async () => {
  const { mcp, call } = await connect();
  await upload(call, 'Completion Promo');
  const promo = await mcp.complete({
    ref: { type: 'ref/prompt', name: 'announce-promo' },
    argument: { name: 'promo', value: 'Completion' },
  });
  const stores = await mcp.complete({
    ref: { type: 'ref/prompt', name: 'announce-promo' },
    argument: { name: 'stores', value: 'store_04' },
  });
  await mcp.setLoggingLevel('warning');
  const info = mcp.getServerVersion();
  await mcp.close();
  expect(promo.completion.values).toEqual(['Completion Promo']);
  expect(stores.completion.values).toContain('store_042');
  expect(stores.completion.values.every((store) => store.startsWith('store_04'))).toBe(true);
  expect(info?.icons?.[0]?.mimeType).toBe('image/svg+xml');
});

test('a question nobody answers in time leaves the token path: the send still goes, once', async () => {
  const client = new MusiqueClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl });
  const server = createMusiqueServer({
    client,
    directory: createStoreDirectory(client),
    elicitationTimeoutMs: 300, // stands in for the ten minutes a person has
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const mcp = new Client({ name: 'slow', version: '1.0.0' }, { capabilities: { elicitation: {} } });
  mcp.setRequestHandler(ElicitRequestSchema, () => new Promise(() => undefined)); // the person never clicks
  await mcp.connect(clientSide);
  const call = async (args: Record<string, unknown>) =>
    (await mcp.callTool({ name: 'send_audio', arguments: args })) as CallToolResult;
  await mcp.callTool({
    name: 'upload_audio',
    arguments: { file: readFileSync(promoFile).toString('base64'), name: 'Slow Click Promo' },
  });
  const args = { audio: 'Slow Click Promo', stores: ['48', '49'] };
  const asked = await call(args);
  expect(asked.structuredContent).toMatchObject({ status: 'needs_confirmation' });
  const sent = await call({ ...args, confirmationToken: asked.structuredContent?.confirmationToken });
  await mcp.close();
  expect(sent.structuredContent).toMatchObject({ status: 'sent' });
  const player = await sandbox.player('store_048');
  const plays = [player.nowPlaying, ...player.queue, ...player.history].filter(
    (item) => item?.name === 'Slow Click Promo',
  );
  expect(plays).toHaveLength(1);
});

/** An API in front of the sandbox that takes the list's filters off, as production may (they were never published). */
async function ignoringFilters() {
  const api = new URL(sandbox.baseUrl);
  const front = await startFront((request) => {
    const url = new URL(request.url ?? '/', api);
    url.searchParams.delete('name');
    url.searchParams.delete('category');
    return url;
  });
  return { baseUrl: `${front.origin}${api.pathname}`, close: front.close };
}

test('where the API ignores the list filters, list_audio and find_audio show only what was asked, and say so', async () => {
  const honest = await connect();
  await honest.call('upload_audio', {
    file: readFileSync(promoFile).toString('base64'),
    name: 'Unfiltered Notice',
    category: 'announcement',
  });
  const applied = await honest.call('list_audio', { category: 'announcement' });
  await honest.mcp.close();
  expect(applied.structuredContent).not.toHaveProperty('ignoredFilters');

  const front = await ignoringFilters();
  const mcp = new Client({ name: 'test', version: '1.0.0' });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await musiqueServerFor(sandbox.apiKey, { baseUrl: front.baseUrl }).connect(serverSide);
  await mcp.connect(clientSide);
  const listed = (await mcp.callTool({
    name: 'list_audio',
    arguments: { category: 'announcement' },
  })) as CallToolResult;
  const found = (await mcp.callTool({
    name: 'find_audio',
    arguments: { text: 'unfiltered' },
  })) as CallToolResult;
  await mcp.close();
  front.close();

  const categories = ((listed.structuredContent?.data ?? []) as { category: string }[]).map(
    (audio) => audio.category,
  );
  expect(categories.length).toBeGreaterThan(0);
  expect(new Set(categories)).toEqual(new Set(['announcement']));
  expect(listed.structuredContent).toMatchObject({ ignoredFilters: ['category'] });
  expect(listed.structuredContent?.note).toMatch(
    /ignored the category filter; the results were filtered here/,
  );
  expect(found.structuredContent?.data).toEqual([expect.objectContaining({ name: 'Unfiltered Notice' })]);
  expect(found.structuredContent).toMatchObject({ ignoredFilters: ['name'] });
});
