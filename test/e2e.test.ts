/**
 * Every adapter against one sandbox, each checked on the store players rather than on its return values:
 * what a store received is the only thing a retailer cares about.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { App, appTester } from '@musique/zapier/testing';
import { locator, prepareBinaryData, runMusique } from 'n8n-nodes-musique/testing';
import { client } from './client';
import { receivedBy } from './stores';
import { startBotConversation } from './surfaces';

const fixture = (name: string) => join(__dirname, '../shared/fixtures', name);
const musiqueBin = join(__dirname, '../packages/cli/dist/index.js');

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
});
afterAll(() => sandbox.stop());

describe('Zapier', () => {
  test('a zap: the New Audio trigger sees a fresh upload, then Send Audio plays it in store 12', async () => {
    const authData = { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl };
    const data = new Uint8Array(await readFile(fixture('promo-closing-time.mp3')));
    await client(sandbox).audio.upload({
      file: { filename: 'zap.mp3', data },
      name: 'Zap Promo',
      category: 'promotion',
    });

    const polled = (await appTester(App.triggers.new_audio.operation.perform, {
      authData,
      inputData: { category: 'promotion' },
    })) as { id: string; name: string }[];
    expect(polled[0]?.name).toBe('Zap Promo');

    await appTester(App.creates.send_audio.operation.perform, {
      authData,
      inputData: { audio_id: polled[0]?.id, stores: ['12'], priority: 'urgent' },
    });
    const received = await receivedBy(sandbox, 'store_012');
    expect(received.map((item) => [item.name, item.priority])).toEqual([['Zap Promo', 'urgent']]);
  });
});

describe('n8n', () => {
  test('a workflow uploads a file stored on disk and sends it to store 21', async () => {
    const credentials = { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl };
    const binary = await prepareBinaryData(fixture('promo-closing-time.mp3'), 'filesystem-v2');
    const uploaded = await runMusique({
      credentials,
      parameters: {
        resource: 'audio',
        operation: 'upload',
        binaryPropertyName: 'data',
        name: 'n8n Closing Time',
        additionalFields: { category: 'promotion' },
      },
      items: [{ json: {}, binary: { data: binary } }],
    });
    const sent = await runMusique({
      credentials,
      parameters: {
        resource: 'audio',
        operation: 'send',
        audioId: locator('={{ $json.audioId }}'),
        externalIds: 'store_021',
        options: { priority: 'high' },
      },
      items: uploaded.output,
    });
    expect(sent.output[0]?.json).toMatchObject({ status: 'sent' });
    const received = await receivedBy(sandbox, 'store_021');
    expect(received.map((item) => [item.name, item.priority])).toEqual([['n8n Closing Time', 'high']]);
  });
});

describe('Teams bot', () => {
  let conversation: Awaited<ReturnType<typeof startBotConversation>>;
  beforeAll(async () => {
    conversation = await startBotConversation(sandbox.apiKey, sandbox.baseUrl, 'conversation-1');
  });
  afterAll(() => conversation.stop());

  test('"send promo to store 42" posted to /api/messages plays the newest promo in store 42', async () => {
    const promo = await client(sandbox).audio.latest({ category: 'promotion' });
    const replies = await conversation.say('send promo to store 42');
    const received = await receivedBy(sandbox, 'store_042');
    expect(received.map((item) => item.audioId)).toEqual([promo?.audioId]);
    expect(replies).toContain('store_042');
  });
});

describe('musique CLI', () => {
  test('`musique send` by name puts the promo in store 43', async () => {
    const env = { ...process.env, MUSIQUE_API_KEY: sandbox.apiKey, MUSIQUE_BASE_URL: sandbox.baseUrl };
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [musiqueBin, 'send', 'Summer Sale', '--to', '43', '--json'],
      { env },
    );
    expect(JSON.parse(stdout)).toMatchObject({ status: 'sent' });
    const received = await receivedBy(sandbox, 'store_043');
    expect(received.map((item) => item.name)).toEqual(['Summer Sale']);
  });
});
