import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Sandbox, SandboxOptions } from '../src/index.js';
import { apiClient, fixture, startTestSandbox } from './helpers.js';

// Each test starts PGlite on disk twice or more (initdb, migrations): slow on a busy 2-core machine.
jest.setTimeout(60_000);

let dataDir: string;
// The sandbox's clock stands still but for the jumps a test makes: on a loaded machine real time would let the
// promo sent before a restart finish playing before the test looks at the player.
const startedAt = Date.now();
let offsetMs = 0;
const start = (options: SandboxOptions = {}) =>
  startTestSandbox({
    memory: false,
    data: dataDir,
    seed: 'demo',
    clock: () => new Date(startedAt + offsetMs),
    ...options,
  });

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'musique-persist-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

test('a restart keeps everything, and scheduled sends that came due while stopped are delivered on start', async () => {
  let sb: Sandbox = await start();
  let api = apiClient(sb.baseUrl, sb.apiKey);
  const { audioId, url } = (await api.upload(fixture('promo-summer-sale.mp3'), 'kept.mp3')).body;
  const idempotency = { 'idempotency-key': 'kept-send' };
  const sent = await api.post(
    `/audio/${audioId}/send`,
    { externalIds: ['store_001', 'store_002'] },
    idempotency,
  );
  const scheduleAt = new Date(startedAt + 3600_000).toISOString();
  const later = await api.post(`/audio/${audioId}/send`, { externalIds: ['store_003'], scheduleAt });
  const hook = await api.post('/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['audio.created'] });
  const readOnly = await sb.createApiKey({ permissions: ['audio.read'] });
  const firstKey = sb.apiKey;
  await sb.stop();

  sb = await start();
  api = apiClient(sb.baseUrl, sb.apiKey);
  expect(sb.apiKey).toBe(firstKey);
  const listed = (await api.get('/audio?limit=100')).body.data;
  expect(listed.map((a: { name: string }) => a.name).sort()).toEqual([
    'Closing Time',
    'Store Announcement',
    'Summer Sale',
    'kept',
  ]);
  expect((await api.get(`/audio/${audioId}`)).body.stats).toMatchObject({
    timesPlayed: 2,
    totalRecipients: 2,
  });
  const served = await fetch(url.replace(/:\d+\//, `:${new URL(sb.url).port}/`));
  expect(Buffer.from(await served.arrayBuffer()).equals(fixture('promo-summer-sale.mp3'))).toBe(true);
  expect((await sb.player('store_001')).nowPlaying?.sendId).toBe(sent.body.sendId);
  expect((await api.get('/webhooks')).body.data.map((w: { webhookId: string }) => w.webhookId)).toEqual([
    hook.body.webhookId,
  ]);
  expect((await apiClient(sb.baseUrl, readOnly).get('/audio')).status).toBe(200);

  const replay = await api.post(
    `/audio/${audioId}/send`,
    { externalIds: ['store_001', 'store_002'] },
    idempotency,
  );
  expect(replay.headers.get('idempotent-replayed')).toBe('true');
  expect(replay.body.sendId).toBe(sent.body.sendId);
  expect((await api.delete(`/audio/${audioId}`)).body.error.code).toBe('conflict');
  expect((await sb.player('store_003')).nowPlaying).toBeNull();
  await sb.stop();

  offsetMs = 2 * 3600_000;
  sb = await start();
  expect((await sb.player('store_003')).nowPlaying?.sendId).toBe(later.body.sendId);
  await sb.stop();
});

test('a revoked demo key is replaced by a new working one on the next start', async () => {
  let sb = await start();
  const revoked = sb.apiKey;
  await apiClient(sb.baseUrl, revoked).delete('/auth');
  await sb.stop();
  sb = await start();
  expect(sb.apiKey).not.toBe(revoked);
  expect((await apiClient(sb.baseUrl, sb.apiKey).post('/test')).body.valid).toBe(true);
  expect((await apiClient(sb.baseUrl, revoked).post('/test')).status).toBe(401);
  await sb.stop();
});

test('a second sandbox on a data directory in use is refused, not allowed to corrupt it', async () => {
  const sb = await start();
  try {
    await expect(start()).rejects.toThrow(/in use by another sandbox/);
  } finally {
    await sb.stop();
  }
  const again = await start();
  await again.stop();
});

test('rate-limit counts and usage logs written just before a stop are there after the restart', async () => {
  let sb: Sandbox = await start({ rateLimits: { perMinute: 1000, perHour: 1000, perDay: 1000 } });
  const key = await sb.createApiKey();
  let api = apiClient(sb.baseUrl, key);
  await Promise.all(Array.from({ length: 5 }, () => api.get('/audio')));
  const before = (await api.get('/limits')).body.usage.perDay;
  await sb.stop();

  sb = await start({ rateLimits: { perMinute: 1000, perHour: 1000, perDay: 1000 } });
  try {
    api = apiClient(sb.baseUrl, key);
    expect((await api.get('/limits')).body.usage.perDay).toBe(before + 1);
    const logs = (await api.get('/logs?limit=100')).body.data as Array<{ path: string }>;
    expect(logs.filter((log) => log.path.endsWith('/limits'))).toHaveLength(2);
  } finally {
    await sb.stop();
  }
});
