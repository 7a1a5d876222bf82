import type { Sandbox } from '../src/index.js';
import { type ApiClient, apiClient, fixture, startTestSandbox } from './helpers.js';

// Players move with the sandbox's clock: the tests move it instead of sleeping.
let now = new Date('2030-01-01T10:00:00Z');
const advance = (seconds: number) => {
  now = new Date(now.getTime() + seconds * 1000);
};

let sb: Sandbox;
let api: ApiClient;
const audio: Record<'summer' | 'closing' | 'announcement', string> = {
  summer: '',
  closing: '',
  announcement: '',
};

beforeAll(async () => {
  sb = await startTestSandbox({ clock: () => now });
  api = apiClient(sb.baseUrl, sb.apiKey);
  for (const [key, file] of [
    ['summer', 'promo-summer-sale.mp3'], // 4.963 s
    ['closing', 'promo-closing-time.mp3'], // 6.949 s
    ['announcement', 'announcement.mp3'], // 4.258 s
  ] as const) {
    audio[key] = (await api.upload(fixture(file), file, { name: key })).body.audioId;
  }
});
afterAll(() => sb.stop());

const send = async (audioId: string, store: string, extra: Record<string, unknown> = {}) => {
  const response = await api.post(`/audio/${audioId}/send`, { externalIds: [store], ...extra });
  expect(response.status).toBe(201);
  return response.body.sendId as string;
};

const player = async (store: string) => {
  const response = await api.get(`/sandbox/locations/${store}/player`);
  expect(response.status).toBe(200);
  const ids = (items: Array<{ sendId: string }>) => items.map((item) => item.sendId);
  return {
    ...response.body,
    playing: response.body.nowPlaying?.sendId ?? null,
    queued: ids(response.body.queue),
    played: ids(response.body.history),
  };
};

test('normal audio plays in order and the queue plays forward as time passes', async () => {
  const first = await send(audio.summer, 'store_001');
  const second = await send(audio.announcement, 'store_001');
  expect(await player('store_001')).toMatchObject({ playing: first, queued: [second], played: [] });
  advance(5);
  expect(await player('store_001')).toMatchObject({ playing: second, queued: [], played: [first] });
  advance(5);
  expect(await player('store_001')).toMatchObject({ playing: null, queued: [], played: [second, first] });
});

test('high goes to the front of the queue, low after everything', async () => {
  const playing = await send(audio.closing, 'store_002');
  const low = await send(audio.summer, 'store_002', { priority: 'low' });
  const normal = await send(audio.summer, 'store_002');
  const high = await send(audio.announcement, 'store_002', { priority: 'high' });
  const laterNormal = await send(audio.announcement, 'store_002');
  expect(await player('store_002')).toMatchObject({ playing, queued: [high, normal, laterNormal, low] });
});

test('urgent interrupts what is playing, which resumes right after it', async () => {
  const interrupted = await send(audio.closing, 'store_003');
  const waiting = await send(audio.summer, 'store_003');
  advance(2);
  const urgent = await send(audio.announcement, 'store_003', { priority: 'urgent' });
  expect(await player('store_003')).toMatchObject({ playing: urgent, queued: [interrupted, waiting] });
  advance(4.3);
  expect(await player('store_003')).toMatchObject({
    playing: interrupted,
    queued: [waiting],
    played: [urgent],
  });
});

test('repeat plays an item that many times in a row; volume and priority reach the player', async () => {
  const repeated = await send(audio.summer, 'store_004', { repeat: 3, volume: 40, priority: 'high' });
  advance(10);
  const state = await player('store_004');
  expect(state.playing).toBe(repeated);
  expect(state.nowPlaying).toMatchObject({
    repeat: 3,
    volume: 40,
    priority: 'high',
    name: 'summer',
    audioId: audio.summer,
  });
  advance(5);
  expect(await player('store_004')).toMatchObject({ playing: null, played: [repeated] });
});

test('a scheduled send reaches the player at its time, and only then counts in the stats', async () => {
  const before = (await api.get(`/audio/${audio.closing}`)).body.stats.timesPlayed;
  const scheduleAt = new Date(now.getTime() + 60_000).toISOString();
  const scheduled = await api.post(`/audio/${audio.closing}/send`, {
    externalIds: ['store_005', 'store_006'],
    scheduleAt,
  });
  expect(scheduled.body).toMatchObject({ scheduled: true, scheduleAt, status: 'scheduled' });
  expect(await player('store_005')).toMatchObject({ playing: null, queued: [] });
  advance(59);
  expect((await player('store_005')).playing).toBeNull();
  advance(2);
  const state = await player('store_005');
  expect(state.playing).toBe(scheduled.body.sendId);
  expect(state.nowPlaying.scheduleAt).toBe(scheduleAt);
  expect((await player('store_006')).playing).toBe(scheduled.body.sendId);
  expect((await api.get(`/audio/${audio.closing}`)).body.stats.timesPlayed).toBe(before + 2);
});

test('a schedule time in the past plays now', async () => {
  const past = new Date(now.getTime() - 60_000).toISOString();
  const response = await api.post(`/audio/${audio.summer}/send`, {
    externalIds: ['store_007'],
    scheduleAt: past,
  });
  expect(response.body).toMatchObject({ scheduled: false, status: 'sent' });
  expect((await player('store_007')).playing).toBe(response.body.sendId);
});

test('the in-process player view matches the HTTP one', async () => {
  expect(await sb.player('store_001')).toEqual((await api.get('/sandbox/locations/store_001/player')).body);
});
