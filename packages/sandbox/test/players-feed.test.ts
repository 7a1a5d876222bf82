// The live players feed behind the store wall, read over plain HTTP.
import type { Sandbox } from '../src/index.js';
import { type ApiClient, apiClient, fixture, startTestSandbox } from './helpers.js';

type FeedEvent = { type: string; data: { stores?: Store[]; store?: Store } };
type Store = { externalId: string; nowPlaying: { name: string } | null; scheduled: { name: string }[] };

/**
 * Opens the feed and hands out its events one by one. Feeds are left open: stopping the sandbox ends them (an
 * aborted fetch makes undici open a spare connection that would hold the server's close for its 4 s idle time).
 */
async function openFeed(sb: Sandbox, apiKey: string) {
  const response = await fetch(`${sb.baseUrl}/sandbox/players/stream`, { headers: { 'x-api-key': apiKey } });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const next = async (): Promise<FeedEvent> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (frame.startsWith(':')) continue;
        const type = /^event: (.*)$/m.exec(frame)![1]!;
        return { type, data: JSON.parse(/^data: (.*)$/m.exec(frame)![1]!) };
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('the feed ended');
      buffer += value;
    }
  };
  return { response, next };
}

let now = new Date('2030-01-01T09:00:00Z');
let sb: Sandbox;
let api: ApiClient;
let promo: { audioId: string; name: string };

beforeAll(async () => {
  sb = await startTestSandbox({ seed: 'demo', clock: () => now });
  api = apiClient(sb.baseUrl, sb.apiKey);
  promo = (await api.get('/audio?name=Closing%20Time')).body.data[0];
});
afterAll(() => sb.stop());

test('the feed starts with every store, then reports a scheduled send when it is scheduled and when it plays', async () => {
  const feed = await openFeed(sb, sb.apiKey);
  expect(feed.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  expect(feed.response.headers.get('x-ratelimit-remaining')).not.toBeNull();
  const snapshot = await feed.next();
  expect(snapshot.type).toBe('snapshot');
  expect(snapshot.data.stores).toHaveLength(50);

  await api.post(`/audio/${promo.audioId}/send`, {
    externalIds: ['store_010'],
    scheduleAt: '2030-01-01T09:05:00Z',
  });
  const scheduled = await feed.next();
  expect(scheduled.data.store).toMatchObject({ externalId: 'store_010', nowPlaying: null });
  expect(scheduled.data.store!.scheduled.map((item) => item.name)).toEqual([promo.name]);

  now = new Date('2030-01-01T09:05:00Z');
  await api.get('/audio'); // any request delivers what has come due
  const delivered = await feed.next();
  expect(delivered.data.store).toMatchObject({
    externalId: 'store_010',
    nowPlaying: { name: promo.name },
    scheduled: [],
  });
});

test("another company's sends never reach this company's feed", async () => {
  const other = await sb.createCompany({ name: 'Feed Other', externalIds: ['other_1'] });
  const otherApi = apiClient(sb.baseUrl, other.apiKey);
  const feed = await openFeed(sb, sb.apiKey);
  await feed.next();
  const form = await otherApi.upload(fixture('promo-closing-time.mp3'), 'promo.mp3');
  await otherApi.post(`/audio/${form.body.audioId}/send`, { externalIds: ['other_1'] });
  await api.post(`/audio/${promo.audioId}/send`, { externalIds: ['store_011'] });
  // The first event this feed sees is its own company's send.
  expect((await feed.next()).data.store!.externalId).toBe('store_011');
});

test('stopping the sandbox ends open feeds instead of waiting for them', async () => {
  const own = await startTestSandbox();
  const feed = await openFeed(own, own.apiKey);
  await feed.next();
  await own.stop();
  await expect(feed.next()).rejects.toThrow('the feed ended');
});
