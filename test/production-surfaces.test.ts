/**
 * n8n, the Teams bot and the MCP server as partners run them in production: through a proxy that serves only the
 * documented operations (the `Sandbox` extensions answer 404). Each checks the key, lists, uploads, sends by
 * store number and refuses an unknown store, and none asks an undocumented path.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { locator, prepareBinaryData, runMusique } from 'n8n-nodes-musique/testing';
import { client } from './client';
import { type ProductionProxy, startProductionProxy } from './production-proxy';
import { receivedBy } from './stores';
import { inspectMcp, startBotConversation } from './surfaces';

const fixture = (name: string) => join(__dirname, '../shared/fixtures', name);
const names = async (sandbox: Sandbox, store: string) =>
  (await receivedBy(sandbox, store)).map((item) => item.name);

let sandbox: Sandbox;
let proxy: ProductionProxy;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
  proxy = await startProductionProxy(sandbox.baseUrl);
});
afterAll(async () => {
  await proxy.close();
  await sandbox.stop();
});
beforeEach(() => {
  proxy.asked.length = 0;
});
afterEach(() => {
  expect(proxy.undocumented()).toEqual([]);
});

test('n8n: health, upload, list, send to store 31 and refuse store 999', async () => {
  const credentials = { apiKey: sandbox.apiKey, baseUrl: proxy.baseUrl };
  const health = await runMusique({ credentials, parameters: { resource: 'system', operation: 'health' } });
  expect(health.output[0]?.json).toMatchObject({ status: 'healthy' });
  const binary = await prepareBinaryData(fixture('promo-closing-time.mp3'), 'filesystem-v2');
  await runMusique({
    credentials,
    parameters: {
      resource: 'audio',
      operation: 'upload',
      binaryPropertyName: 'data',
      name: 'n8n Prod Promo',
      additionalFields: { category: 'promotion' },
    },
    items: [{ json: {}, binary: { data: binary } }],
  });
  const listed = await runMusique({
    credentials,
    parameters: { resource: 'audio', operation: 'getMany', returnAll: false, limit: 5, filters: {} },
  });
  const audioId = listed.output.find((item) => item.json.name === 'n8n Prod Promo')?.json.audioId;
  expect(audioId).toEqual(expect.any(String));
  const send = (externalIds: string) =>
    runMusique({
      credentials,
      parameters: {
        resource: 'audio',
        operation: 'send',
        audioId: locator(String(audioId)),
        externalIds,
        options: {},
      },
    });
  expect((await send('31')).output[0]?.json).toMatchObject({ status: 'sent' });
  expect(await names(sandbox, 'store_031')).toContain('n8n Prod Promo');
  await expect(send('999')).rejects.toThrow(/store_999/);
});

test('Teams bot: "send promo to store 32" plays the newest promo there; store 999 is refused', async () => {
  const conversation = await startBotConversation(sandbox.apiKey, proxy.baseUrl, 'production-1');
  try {
    await client(sandbox).audio.upload({
      file: { filename: 'bot.mp3', data: new Uint8Array(await readFile(fixture('promo-summer-sale.mp3'))) },
      name: 'Bot Prod Promo',
      category: 'promotion',
    });
    expect(await conversation.say('send promo to store 32')).toContain('store_032');
    expect(await names(sandbox, 'store_032')).toEqual(['Bot Prod Promo']);
    expect(await conversation.say('send promo to store 999')).toMatch(/999/);
    expect(await names(sandbox, 'store_032')).toEqual(['Bot Prod Promo']);
  } finally {
    await conversation.stop();
  }
});

test('MCP: health, upload, list, send to store 33 and refuse store 999, through the Inspector', async () => {
  type ToolResult = { isError?: boolean; structuredContent?: unknown; content?: unknown };
  const call = async (tool: string, ...args: string[]) =>
    (await inspectMcp(
      sandbox.apiKey,
      proxy.baseUrl,
      '--method',
      'tools/call',
      '--tool-name',
      tool,
      ...(args.length ? ['--tool-arg', ...args] : []),
    )) as ToolResult;
  expect(await call('health')).toMatchObject({ structuredContent: { status: 'healthy' } });
  await call('upload_audio', `file=${fixture('announcement.mp3')}`, 'name=MCP Prod Notice');
  const listed = await call('list_audio', 'name=MCP Prod Notice');
  expect(JSON.stringify(listed.structuredContent)).toContain('MCP Prod Notice');
  expect(await call('send_audio', 'audio=MCP Prod Notice', 'stores=["33"]')).toMatchObject({
    structuredContent: { status: 'sent' },
  });
  expect(await names(sandbox, 'store_033')).toContain('MCP Prod Notice');
  const refused = await call('send_audio', 'audio=MCP Prod Notice', 'stores=["999"]');
  expect(refused.isError).toBe(true);
  expect(JSON.stringify(refused.content)).toMatch(/999/);
});
