/**
 * The SDK's own Client drives the server over stdio (the built bin) and over Streamable HTTP, against a real
 * sandbox; what counts is what the store players received.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type CallToolResult, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { operations } from '@musique/core';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { type HttpServer, startHttpServer, toolName } from '../src/index.js';

const promoFile = join(__dirname, '../../../shared/fixtures/promo-closing-time.mp3');
const bin = join(__dirname, '../dist/bin.js');

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
});
afterAll(() => sandbox.stop());

async function received(externalId: string) {
  const player = await sandbox.player(externalId);
  return [player.nowPlaying, ...player.queue, ...player.history].filter((item) => item !== null);
}

const call = async (client: Client, name: string, args: Record<string, unknown> = {}) =>
  (await client.callTool({ name, arguments: args })) as CallToolResult;

function stdioClient(env: Record<string, string> = {}) {
  return new StdioClientTransport({
    command: bin, // the shebang starts it, as npx and a global install do
    args: [],
    env: {
      PATH: process.env.PATH ?? '',
      MUSIQUE_API_KEY: sandbox.apiKey,
      MUSIQUE_BASE_URL: sandbox.baseUrl,
      MUSIQUE_TIME_ZONE: 'Europe/Paris',
      ...env,
    },
    stderr: 'pipe',
  });
}

/** A client that can elicit, answering each question with the next of `answers`; it records the questions. */
function elicitingClient(answers: ('accept' | 'decline')[]) {
  const client = new Client({ name: 'test', version: '1.0.0' }, { capabilities: { elicitation: {} } });
  const questions: string[] = [];
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    const answer = answers[questions.push(String(request.params.message)) - 1];
    return answer === 'accept' ? { action: 'accept', content: { confirm: true } } : { action: 'decline' };
  });
  return { client, questions };
}

describe('over stdio', () => {
  let client: Client;
  beforeAll(async () => {
    client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(stdioClient());
    await call(client, 'upload_audio', { file: promoFile, name: 'MCP Closing Time', category: 'promotion' });
  });
  afterAll(() => client.close());

  test('lists every catalog operation as a tool with honest annotations', async () => {
    const { tools } = await client.listTools();
    const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
    expect(Object.keys(byName).sort()).toEqual(
      [
        'delete_audio',
        'find_audio',
        'get_audio',
        'health',
        'limits',
        'list_audio',
        'send_audio',
        'store_status', // the MCP App's store view reads it (src/app/)
        'upload_audio',
      ].sort(),
    );
    expect(byName.list_audio?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(byName.send_audio?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
    });
    expect(byName.delete_audio?.annotations).toMatchObject({ destructiveHint: true, idempotentHint: true });
    expect(byName.send_audio?.inputSchema.properties?.repeat).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 10,
      default: 1,
    });
    expect(byName.send_audio?.inputSchema.properties?.priority).toMatchObject({
      enum: ['low', 'normal', 'high', 'urgent'],
      default: 'normal',
    });
    expect(JSON.stringify(tools)).not.toContain(sandbox.apiKey);
  });

  test("upload from a local path, then send it to store 42: the promo is on store_042's player", async () => {
    const uploaded = await call(client, 'upload_audio', {
      file: promoFile,
      name: 'MCP Last Call',
    });
    expect(uploaded.structuredContent).toMatchObject({ name: 'MCP Last Call', format: 'mp3' });
    const sent = await call(client, 'send_audio', {
      audio: 'MCP Last Call',
      stores: ['42'],
      priority: 'urgent',
    });
    expect(sent.isError).toBeFalsy();
    expect(sent.structuredContent).toMatchObject({
      status: 'sent',
      destinations: [{ externalId: 'store_042' }],
    });
    const items = await received('store_042');
    expect(items.map((item) => [item.name, item.priority])).toContainEqual(['MCP Last Call', 'urgent']);
  });

  test('without elicitation, a broadcast answers with a token; the confirmed call plays once, a repeat replays', async () => {
    const args = { audio: 'MCP Closing Time', stores: ['12', '33'], volume: 80 };
    const first = await call(client, 'send_audio', args);
    expect(first.structuredContent).toMatchObject({ status: 'needs_confirmation' });
    expect(await received('store_033')).toEqual([]);
    const token = first.structuredContent?.confirmationToken as string;

    const changed = await call(client, 'send_audio', { ...args, volume: 90, confirmationToken: token });
    expect(changed.isError).toBe(true);
    expect(await received('store_033')).toEqual([]);

    const confirmed = await call(client, 'send_audio', { ...args, confirmationToken: token });
    const again = await call(client, 'send_audio', { ...args, confirmationToken: token });
    expect(confirmed.structuredContent).toMatchObject({ status: 'sent' });
    expect(again.structuredContent?.sendId).toBe(confirmed.structuredContent?.sendId);
    expect((await received('store_033')).map((item) => item.name)).toEqual(['MCP Closing Time']);
  });

  test('elicitation, where the session holds the question: declined sends nothing; accepted sends and deletes', async () => {
    const { client: asking, questions } = elicitingClient(['decline', 'accept', 'accept']);
    await asking.connect(stdioClient());
    const args = { audio: 'MCP Closing Time', stores: ['21', '22'] };
    const declined = await call(asking, 'send_audio', args);
    expect(declined.structuredContent).toMatchObject({ status: 'cancelled' });
    expect(await received('store_021')).toEqual([]);
    const sent = await call(asking, 'send_audio', args);
    await call(asking, 'upload_audio', { file: promoFile, name: 'MCP Doomed' });
    const deleted = await call(asking, 'delete_audio', { audio: 'MCP Doomed' });
    await asking.close();
    expect(questions[0]).toMatch(/Play "MCP Closing Time" on store_021 and store_022 now\?/);
    expect(questions).toHaveLength(3);
    expect(sent.structuredContent).toMatchObject({ status: 'sent' });
    expect((await received('store_022')).map((item) => item.name)).toEqual(['MCP Closing Time']);
    expect(deleted.structuredContent).toMatchObject({ deleted: true });
  });

  test.each(Object.values(operations))(
    'the $key tool exposes exactly the catalog fields, ranges, defaults and choices',
    async (operation) => {
      const { tools } = await client.listTools();
      const tool = tools.find((candidate) => candidate.name === toolName(operation));
      const properties = (tool?.inputSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
      const extra = operation.confirm
        ? ['confirmationToken']
        : operation.key === 'listAudio'
          ? ['cursor']
          : [];
      expect(Object.keys(properties).sort()).toEqual(
        [...operation.fields.map((field) => field.key), ...extra].sort(),
      );
      for (const field of operation.fields) {
        const property = properties[field.key] ?? {};
        expect([property.minimum, property.maximum]).toEqual(
          [field.range?.min, field.range?.max].map((n) => (field.kind === 'integer' ? n : undefined)),
        );
        expect(property.default).toEqual(field.default);
        expect(property.enum).toEqual(field.choices?.map((choice) => choice.value));
      }
      expect(tool?.inputSchema.required ?? []).toEqual(
        operation.fields.filter((field) => field.required).map((field) => field.key),
      );
    },
  );

  test('a time without an offset is read in the configured zone, and the schema says which', async () => {
    const { tools } = await client.listTools();
    const send = tools.find((tool) => tool.name === 'send_audio');
    expect(JSON.stringify(send?.inputSchema.properties?.scheduleAt)).toContain('Europe/Paris');
    const sent = await call(client, 'send_audio', {
      audio: 'MCP Closing Time',
      stores: ['5'],
      scheduleAt: '2030-01-15T09:00',
    });
    expect(sent.structuredContent).toMatchObject({ scheduled: true, scheduleAt: '2030-01-15T08:00:00.000Z' });
    expect((await sandbox.player('store_005')).queue).toEqual([]);
  });

  test('mistakes come back as tool errors a person can act on, and cost no request', async () => {
    const before = (await sandbox.player('store_042')).queue.length;
    // Arguments the schema refuses are invalid params (-32602); what only the core can judge is a tool error.
    await expect(
      call(client, 'send_audio', { audio: 'MCP Closing Time', stores: ['42'], repeat: 2.5 }),
    ).rejects.toMatchObject({ code: -32602, message: expect.stringMatching(/repeat must be integer/) });
    const unknown = await call(client, 'send_audio', { audio: 'MCP Closing Time', stores: ['42', '999'] });
    expect((unknown.content[0] as { text: string }).text).toMatch(/No store matches 999/);
    expect((await sandbox.player('store_042')).queue.length).toBe(before);
  });

  test('over stdio, a link on this machine is fetched into an upload (plain http only from here)', async () => {
    const first = await call(client, 'upload_audio', { file: promoFile, name: 'Linked Promo' });
    const copied = await call(client, 'upload_audio', {
      file: String(first.structuredContent?.url),
      name: 'Linked Copy',
    });
    const remote = await call(client, 'upload_audio', { file: 'http://example.com/promo.mp3' });
    expect(copied.structuredContent).toMatchObject({
      name: 'Linked Copy',
      size: first.structuredContent?.size,
    });
    expect(remote).toMatchObject({ isError: true });
    expect(JSON.stringify(remote.content)).toMatch(/give an https URL/);
  });

  test('a wrong key is explained without being repeated', async () => {
    const stranger = new Client({ name: 'test', version: '1.0.0' });
    const badKey = 'musique_prod_0000000000000000000000000000dead';
    await stranger.connect(stdioClient({ MUSIQUE_API_KEY: badKey }));
    const result = await call(stranger, 'health');
    await stranger.close();
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result)).not.toContain(badKey);
  });

  test('resources: an audio file, the stores, the rate limits; and the announce-promo prompt', async () => {
    const stores = await client.readResource({ uri: 'musique://stores' });
    expect((stores.contents[0] as { text: string }).text).toContain('store_042');
    const { resources } = await client.listResources();
    const audio = resources.find((resource) => resource.name === 'MCP Closing Time');
    const read = await client.readResource({ uri: audio?.uri ?? '' });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toMatchObject({
      name: 'MCP Closing Time',
    });
    const rate = await client.readResource({ uri: 'musique://rate-limit' });
    expect(JSON.parse((rate.contents[0] as { text: string }).text).limits.perMinute).toBeGreaterThan(0);
    const prompt = await client.getPrompt({ name: 'announce-promo', arguments: { stores: '42' } });
    expect(JSON.stringify(prompt.messages)).toMatch(/send_audio/);
  });
});

describe('over Streamable HTTP, the key in a header', () => {
  let http: HttpServer;
  beforeAll(async () => {
    http = await startHttpServer({ baseUrl: sandbox.baseUrl });
  });
  afterAll(() => http.close());

  async function connect(key = sandbox.apiKey) {
    const { client, questions } = elicitingClient(['accept']);
    await client.connect(
      new StreamableHTTPClientTransport(new URL(http.url), {
        requestInit: { headers: { 'X-API-Key': key } },
      }),
    );
    return { client, questions };
  }

  test('no session holds a question: a client that could elicit confirms by token, to every store', async () => {
    const { client, questions } = await connect();
    const bytes = readFileSync(promoFile).toString('base64');
    await call(client, 'upload_audio', { file: bytes, name: 'HTTP Promo' });
    const args = { audio: 'HTTP Promo', stores: ['all'] };
    const asked = await call(client, 'send_audio', args);
    expect(asked.structuredContent).toMatchObject({ status: 'needs_confirmation' });
    expect(await received('store_001')).toEqual([]);
    const { confirmationToken } = asked.structuredContent ?? {};
    const sent = await call(client, 'send_audio', { ...args, confirmationToken });
    expect(sent.structuredContent).toMatchObject({ status: 'sent' });
    expect((await received('store_001')).map((item) => item.name)).toContain('HTTP Promo');
    const deleting = await call(client, 'delete_audio', { audio: 'HTTP Promo' });
    const deleted = await call(client, 'delete_audio', {
      audio: 'HTTP Promo',
      confirmationToken: deleting.structuredContent?.confirmationToken,
    });
    await client.close();
    expect(questions).toEqual([]);
    expect(deleted.structuredContent).toMatchObject({ deleted: true });
  });

  test('each request is served with its own key, not the one the conversation began with', async () => {
    const { client } = await connect();
    const listing = {
      jsonrpc: '2.0',
      id: 9,
      method: 'tools/call',
      params: { name: 'list_audio', arguments: {} },
    };
    const borrowed = await fetch(http.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2025-06-18',
        'x-api-key': 'musique_prod_0000000000000000000000000000beef',
      },
      body: JSON.stringify(listing),
    });
    await client.close();
    const answer = await borrowed.text();
    expect(borrowed.status).toBe(401); // the key is proven before any work (issue 26, defect 2)
    expect(answer).toMatch(/not valid or has been revoked/);
    expect(answer).not.toContain('HTTP Promo');
  });

  test('no key, or a malformed one: refused before anything is served', async () => {
    const client = new Client({ name: 'test', version: '1.0.0' });
    await expect(client.connect(new StreamableHTTPClientTransport(new URL(http.url)))).rejects.toThrow();
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '1' } },
    };
    const malformed = await fetch(http.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'x-api-key': 'pasted key',
      },
      body: JSON.stringify(initialize),
    });
    expect(malformed.status).toBe(401);
    const body = await malformed.text();
    expect(body).toMatch(/not a Musique API key: it contains spaces/);
    expect(body).not.toContain('pasted key');
  });
});
