/**
 * n8n, the Teams bot and the MCP server as partners run them in production: through a proxy that serves only the
 * documented operations (the `Sandbox` extensions answer 404). Each checks the key, lists, uploads, sends by
 * store number and refuses an unknown store, and none asks an undocumented path.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { type RunningBot, startBot } from '@musique/teams-bot';
import { ChannelService } from '@musique/teams-bot/testing';
import { locator, prepareBinaryData, runMusique } from 'n8n-nodes-musique/testing';
import { client } from './client';
import { type ProductionProxy, startProductionProxy } from './production-proxy';
import { receivedBy } from './stores';

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

describe('Teams bot', () => {
  let channel: ChannelService;
  let bot: RunningBot;
  beforeAll(async () => {
    channel = new ChannelService();
    await channel.start();
    bot = await startBot({
      port: 0,
      host: '127.0.0.1',
      apiKey: sandbox.apiKey,
      baseUrl: proxy.baseUrl,
      log: () => {},
    });
  });
  afterAll(async () => {
    await bot.stop();
    await channel.stop();
  });

  const say = async (text: string, id: string) => {
    const response = await fetch(bot.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id,
        text,
        channelId: 'emulator',
        serviceUrl: channel.url,
        from: { id: 'user-1', name: 'Store Ops' },
        recipient: { id: 'bot', name: 'Musique' },
        conversation: { id: 'production-1' },
      }),
    });
    expect(response.status).toBeLessThan(300);
    await bot.bot.idle();
    return channel
      .take()
      .map((activity) => JSON.stringify(activity))
      .join('\n');
  };

  test('"send promo to store 32" plays the newest promo there; store 999 is refused and nobody plays', async () => {
    await client(sandbox).audio.upload({
      file: { filename: 'bot.mp3', data: new Uint8Array(await readFile(fixture('promo-summer-sale.mp3'))) },
      name: 'Bot Prod Promo',
      category: 'promotion',
    });
    expect(await say('send promo to store 32', 'prod-1')).toContain('store_032');
    expect(await names(sandbox, 'store_032')).toEqual(['Bot Prod Promo']);
    expect(await say('send promo to store 999', 'prod-2')).toMatch(/999/);
    expect(await names(sandbox, 'store_032')).toEqual(['Bot Prod Promo']);
  });
});

test('MCP: health, upload, list, send to store 33 and refuse store 999, through the Inspector', async () => {
  const inspector = require.resolve('@modelcontextprotocol/inspector-cli/build/cli.js');
  const server = join(__dirname, '../packages/mcp/dist/bin.js');
  const call = async (tool: string, ...args: string[]) => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      inspector,
      '--cli',
      '-e',
      `MUSIQUE_API_KEY=${sandbox.apiKey}`,
      '-e',
      `MUSIQUE_BASE_URL=${proxy.baseUrl}`,
      process.execPath,
      server,
      '--method',
      'tools/call',
      '--tool-name',
      tool,
      ...(args.length ? ['--tool-arg', ...args] : []),
    ]);
    return JSON.parse(stdout) as {
      isError?: boolean;
      structuredContent?: unknown;
      content?: { text?: string }[];
    };
  };
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
