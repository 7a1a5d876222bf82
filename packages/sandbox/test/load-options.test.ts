// The options the benchmarks lean on: shrunken rate-limit windows and a large library seeded in one go.
import { apiClient, startTestSandbox } from './helpers.js';

test('rateLimitWindowScale shrinks every window: the minute of a 1/30 scale lasts 2 s', async () => {
  let now = new Date('2030-01-01T10:00:00.500Z');
  const sb = await startTestSandbox({
    clock: () => now,
    rateLimits: { perMinute: 2, perHour: 1000, perDay: 10000 },
    rateLimitWindowScale: 1 / 30,
  });
  try {
    const api = apiClient(sb.baseUrl, sb.apiKey);
    const first = await api.get('/audio');
    expect(first.headers.get('x-ratelimit-reset')).toBe(String(Date.parse('2030-01-01T10:00:02Z') / 1000));
    await api.get('/audio');
    const refused = await api.get('/audio');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('2');
    now = new Date('2030-01-01T10:00:02Z');
    expect((await api.get('/audio')).status).toBe(200);
    expect((await api.get('/limits')).body.resetAt.perHour).toBe('2030-01-01T10:02:00.000Z');
  } finally {
    await sb.stop();
  }
});

test('copyAudio adds a library of copies that the real list endpoint pages through newest first', async () => {
  const sb = await startTestSandbox({ seed: 'demo' });
  try {
    const api = apiClient(sb.baseUrl, sb.apiKey);
    const [source] = (await api.get('/audio?name=Summer%20Sale')).body.data;
    expect(await sb.copyAudio(source.audioId, 250)).toBe(250);
    expect(await sb.copyAudio('aud_doesnotexist', 5)).toBe(0);

    const page = await api.get('/audio?limit=100');
    expect(page.body.data.map((audio: { name: string }) => audio.name).slice(0, 2)).toEqual([
      'Summer Sale 250',
      'Summer Sale 249',
    ]);
    expect(page.body.data[0]).toMatchObject({ url: source.url, duration: source.duration, format: 'mp3' });
    expect(Date.parse(page.body.data[0].createdAt) - Date.parse(page.body.data[1].createdAt)).toBe(1);
    let total = page.body.data.length;
    let cursor = page.body.nextCursor;
    while (cursor) {
      const next = await api.get(`/audio?limit=100&cursor=${cursor}`);
      total += next.body.data.length;
      cursor = next.body.nextCursor;
    }
    expect(total).toBe(253);
  } finally {
    await sb.stop();
  }
});
