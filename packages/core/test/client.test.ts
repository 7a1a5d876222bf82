import { readFile } from 'node:fs/promises';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { MusiqueClient as FetchClient } from '../src/fetch.js';
import {
  AuthenticationError,
  ConflictError,
  fileFromPath,
  MusiqueClient,
  NotFoundError,
  PermissionError,
  responseOf,
  type SendRequest,
  ValidationError,
} from '../src/node.js';
import { fixture, recordingTransport } from './helpers.js';

let sandbox: Sandbox;
let client: MusiqueClient;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'none', checkResponses: true });
  client = new MusiqueClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl });
});
afterAll(() => sandbox.stop());

const upload = async (name: string, category = 'promotion') =>
  client.audio.upload({ file: await fileFromPath(fixture('promo-summer-sale.mp3')), name, category });

describe('audio', () => {
  test('an upload streamed from disk comes back with the duration and format read from the bytes', async () => {
    const audio = await upload('Streamed promo');
    expect(audio).toMatchObject({ name: 'Streamed promo', format: 'mp3', size: 39914 });
    expect(audio.duration).toBeGreaterThan(4);
    const served = await fetch(audio.url);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(await readFile(fixture('promo-summer-sale.mp3')));
  });

  test("off Node, MusiqueClient (fetch, the runtime's own timer and crypto) uploads bytes held in memory", async () => {
    const fetchClient = new FetchClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl });
    const data = new Uint8Array(await readFile(fixture('announcement.mp3')));
    const audio = await fetchClient.audio.upload({
      file: { filename: 'announcement.mp3', data },
      category: 'announcement',
    });
    expect(audio).toMatchObject({ name: 'announcement', format: 'mp3', size: data.byteLength });
  });

  test('iterate walks every page newest first, and list honours the filters', async () => {
    const names = ['Page A', 'Page B', 'Page C', 'Page D', 'Page E'];
    for (const name of names) await upload(name, 'paging');
    const seen: string[] = [];
    for await (const audio of client.audio.iterate({ category: 'paging', pageSize: 2 }))
      seen.push(audio.name);
    expect(seen).toEqual([...names].reverse());
    const page = await client.audio.list({ category: 'paging', limit: 2 });
    expect(page).toMatchObject({ hasMore: true });
    expect(page.data.map((a) => a.name)).toEqual(['Page E', 'Page D']);
  });

  test('latest and findByName pick the newest and the best-named audio', async () => {
    await upload('Winter Sale', 'seasonal');
    await upload('Winter Sale Extended', 'seasonal');
    expect((await client.audio.latest({ category: 'seasonal' }))?.name).toBe('Winter Sale Extended');
    const matches = await client.audio.findByName('winter sale');
    expect(matches.map((a) => a.name)).toEqual(['Winter Sale', 'Winter Sale Extended']);
    expect(await client.audio.findByName('no such promo')).toEqual([]);
  });

  test('matchName picks the one audio a name means, or offers the candidates', async () => {
    await upload('Spring Deal', 'matching');
    await upload('Spring Deal Weekend', 'matching');
    await upload('Autumn Deal', 'matching');
    await upload('Autumn Deal', 'matching');
    expect((await client.audio.matchName('spring deal')).audio?.name).toBe('Spring Deal');
    expect((await client.audio.matchName('weekend')).audio?.name).toBe('Spring Deal Weekend');
    const twins = await client.audio.matchName('Autumn Deal');
    expect(twins.audio).toBeNull();
    expect(twins.candidates.map((a) => a.name)).toEqual(['Autumn Deal', 'Autumn Deal']);
    expect((await client.audio.matchName('deal', { category: 'matching' })).candidates).toHaveLength(4);
    expect(await client.audio.matchName('nothing like it')).toEqual({ audio: null, candidates: [] });
  });

  test('a send reaches the store players, shows in the stats, and blocks nothing once played', async () => {
    const audio = await upload('Send me');
    const send = await client.audio.send(audio.audioId, {
      externalIds: ['store_012', 'store_042'],
      priority: 'high',
    });
    expect(send).toMatchObject({ status: 'sent', scheduled: false });
    expect(send.destinations.map((d) => d.externalId)).toEqual(['store_012', 'store_042']);
    const player = await client.sandbox.player('store_042');
    const held = [player.nowPlaying, ...player.queue].map((item) => item?.audioId);
    expect(held).toContain(audio.audioId);
    expect((await client.audio.get(audio.audioId)).stats.totalRecipients).toBe(2);
    expect(await client.audio.delete(audio.audioId)).toEqual({ deleted: true, audioId: audio.audioId });
    await expect(client.audio.get(audio.audioId)).rejects.toBeInstanceOf(NotFoundError);
  });

  test('a broadcast with one unknown store reaches nobody and names the store', async () => {
    const audio = await upload('Atomic');
    const error = await client.audio
      .send(audio.audioId, { externalIds: ['store_003', 'store_999'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'not_found', unknownExternalIds: ['store_999'] });
    expect((error as Error).message).toMatch(/store_999.*\(request req_/);
    const player = await client.sandbox.player('store_003');
    expect([player.nowPlaying, ...player.queue].map((i) => i?.audioId)).not.toContain(audio.audioId);
  });

  test('an idempotency key replays the first send, says so, and is a conflict for another body', async () => {
    const audio = await upload('Idempotent');
    const first = await client.audio.send(
      audio.audioId,
      { externalIds: ['store_005'] },
      { idempotencyKey: 'same-key-1' },
    );
    expect(responseOf(first)).toMatchObject({
      status: 201,
      replayed: false,
      requestId: expect.stringMatching(/^req_/),
    });
    const again = await client.audio.send(
      audio.audioId,
      { externalIds: ['store_005'] },
      { idempotencyKey: 'same-key-1' },
    );
    expect(again.sendId).toBe(first.sendId);
    expect(responseOf(again)?.replayed).toBe(true);
    expect(Object.keys(again)).not.toContain('replayed');
    await expect(
      client.audio.send(audio.audioId, { externalIds: ['store_006'] }, { idempotencyKey: 'same-key-1' }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  test('a truncated MP3 gets past the first-bytes check and is refused by the API', async () => {
    const error = await client.audio
      .upload({ file: await fileFromPath(fixture('truncated.mp3')) })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      status: 400,
      code: 'invalid_format',
      requestId: expect.stringMatching(/^req_/),
    });
  });
});

describe('errors', () => {
  test('a wrong key is an AuthenticationError that says what to do and hides the key', async () => {
    const badKey = 'msk_dev_00000000000000000000000000000000';
    const bad = new MusiqueClient({ apiKey: badKey, baseUrl: sandbox.baseUrl });
    const error = await bad.tokens.test().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({
      status: 401,
      code: 'invalid_token',
      requestId: expect.stringMatching(/^req_/),
    });
    expect((error as Error).message).toMatch(/Check the API key/);
    expect(JSON.stringify(error) + (error as Error).message).not.toContain(badKey);
  });

  test('a key without a permission gets a PermissionError naming it', async () => {
    const readOnly = new MusiqueClient({
      apiKey: await sandbox.createApiKey({ permissions: ['audio.read'] }),
      baseUrl: sandbox.baseUrl,
    });
    const error = await readOnly.audio.delete('aud_doesnotmatter').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionError);
    expect(error).toMatchObject({ code: 'insufficient_scope', param: 'audio.delete' });
    expect((error as Error).message).toContain('"audio.delete" permission');
  });

  test('a misspelt option and a file that is not audio are refused before any request', async () => {
    const { transport, calls } = recordingTransport();
    const client = new MusiqueClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl, transport });
    const misspelt = { externalIds: ['store_001'], colour: 'red' } as unknown as SendRequest;
    await expect(client.audio.send('aud_x', misspelt)).rejects.toThrow(
      /no option "colour"; the options are externalIds/,
    );
    await expect(
      client.audio.upload({ file: await fileFromPath(fixture('not-audio.mp3')) }),
    ).rejects.toMatchObject({
      code: 'invalid_format',
      param: 'file',
      message: expect.stringMatching(/not-audio.mp3 is not audio/),
    });
    await expect(
      client.audio.upload({ file: { filename: 'empty.mp3', data: new Uint8Array() } }),
    ).rejects.toThrow(/empty.mp3 is empty/);
    expect(calls).toHaveLength(0);
  });

  test('text and date-times the API cannot hold are refused before any request', async () => {
    const { transport, calls } = recordingTransport();
    const client = new MusiqueClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl, transport });
    const mp3 = { filename: 'promo.mp3', data: new Uint8Array([0xff, 0xfb, 0x90, 0x00]) };
    const refusals: Array<[() => unknown, string, string]> = [
      [() => client.audio.upload({ file: mp3, name: 'Summer\0Sale' }), 'invalid_format', 'name'],
      [
        () => client.audio.upload({ file: { ...mp3, filename: 'pro\ud800mo.mp3' } }),
        'invalid_format',
        'file',
      ],
      [() => client.audio.list({ category: 'a\0' }), 'invalid_format', 'category'],
      [() => client.audio.get('aud_\0'), 'invalid_format', 'audioId'],
      [() => client.audio.send('aud_x', { externalIds: ['store\x001'] }), 'invalid_format', 'externalIds'],
    ];
    for (const [call, code, param] of refusals) {
      await expect(Promise.resolve().then(call)).rejects.toMatchObject({ code, param });
    }
    expect(calls).toHaveLength(0);
  });

  test('an upload over the size limit is refused as file_too_large', async () => {
    const small = await startSandbox({ port: 0, memory: true, seed: 'none', maxUploadBytes: 10_000 });
    try {
      const tight = new MusiqueClient({ apiKey: small.apiKey, baseUrl: small.baseUrl });
      const error = await tight.audio
        .upload({ file: await fileFromPath(fixture('promo-summer-sale.mp3')) })
        .catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ status: 413, code: 'file_too_large' });
    } finally {
      await small.stop();
    }
  });
});

describe('system and tokens', () => {
  test("every request names the caller and this package's version (its package.json's) in User-Agent", async () => {
    const { version } = JSON.parse(await readFile(`${__dirname}/../package.json`, 'utf8')) as {
      version: string;
    };
    const { transport, calls } = recordingTransport();
    const named = new MusiqueClient({
      apiKey: sandbox.apiKey,
      baseUrl: sandbox.baseUrl,
      transport,
      userAgent: 'shop-sync/2.0',
    });
    await named.system.health();
    expect(calls.map((call) => call.request.headers['user-agent'])).toEqual([
      `shop-sync/2.0 musique-core/${version}`,
    ]);
  });

  test('health, info, limits and logs answer in the contract shapes', async () => {
    expect((await client.system.health()).status).toBe('healthy');
    expect((await client.system.info()).integration.permissions).toContain('audio.send');
    const limits = await client.system.limits();
    expect(limits.limits.perMinute).toBe(100);
    const logs = await client.system.logs({ method: 'GET', limit: 5 });
    expect(logs.data.every((log) => log.method === 'GET')).toBe(true);
  });

  test('a generated token works until it is revoked', async () => {
    const anonymous = new MusiqueClient({ baseUrl: sandbox.baseUrl });
    const { token } = await anonymous.tokens.generate({
      externalId: 'store_007',
      companyToken: sandbox.companyToken,
    });
    const fresh = new MusiqueClient({ apiKey: token, baseUrl: sandbox.baseUrl });
    expect(await fresh.tokens.test()).toMatchObject({ valid: true, externalId: 'store_007' });
    expect((await fresh.tokens.revoke()).revoked).toBe(true);
    await expect(fresh.tokens.test()).rejects.toBeInstanceOf(AuthenticationError);
  });

  test('webhooks can be created, listed and deleted', async () => {
    const hook = await client.webhooks.create({ url: 'http://127.0.0.1:9/hook', events: ['audio.created'] });
    expect(hook.secret).toBeTruthy();
    expect((await client.webhooks.list()).data.map((w) => w.webhookId)).toContain(hook.webhookId);
    await client.webhooks.delete(hook.webhookId);
    expect((await client.webhooks.list()).data.map((w) => w.webhookId)).not.toContain(hook.webhookId);
  });
});
