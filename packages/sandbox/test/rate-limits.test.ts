import type { Sandbox } from '../src/index.js';
import { apiClient, startTestSandbox } from './helpers.js';

let now = new Date('2030-01-01T10:00:30Z');
const advance = (seconds: number) => {
  now = new Date(now.getTime() + seconds * 1000);
};

let sb: Sandbox;
beforeAll(async () => {
  sb = await startTestSandbox({ clock: () => now, rateLimits: { perMinute: 10, perHour: 50, perDay: 60 } });
});
afterAll(() => sb.stop());

const burst = (key: string, count: number) =>
  Promise.all(Array.from({ length: count }, () => apiClient(sb.baseUrl, key).get('/audio')));

test('under concurrency exactly the limit gets through, per key, and the rest get 429 with Retry-After', async () => {
  const [first, second] = [await sb.createApiKey(), await sb.createApiKey()];
  const [a, b] = await Promise.all([burst(first, 25), burst(second, 12)]);

  const passed = a.filter((response) => response.status === 200);
  const refused = a.filter((response) => response.status === 429);
  expect([passed.length, refused.length]).toEqual([10, 15]);
  const remaining = passed
    .map((response) => Number(response.headers.get('x-ratelimit-remaining')))
    .sort((x, y) => x - y);
  expect(remaining).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  for (const response of refused) {
    expect(response.body.error).toMatchObject({
      code: 'rate_limit_exceeded',
      type: 'rate_limit_error',
      retryAfter: 30,
    });
    expect(response.headers.get('retry-after')).toBe('30');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
  }
  expect(b.filter((response) => response.status === 200)).toHaveLength(10);

  advance(30);
  expect((await apiClient(sb.baseUrl, first).get('/audio')).status).toBe(200);
});

test('GET /limits reports the same counts as the headers', async () => {
  const key = await sb.createApiKey();
  await burst(key, 3);
  const limits = await apiClient(sb.baseUrl, key).get('/limits');
  expect(limits.body).toMatchObject({
    limits: { perMinute: 10, perHour: 50, perDay: 60 },
    usage: { perMinute: 4, perHour: 4, perDay: 4 },
    remaining: { perMinute: 6, perHour: 46, perDay: 56 },
  });
  expect(limits.headers.get('x-ratelimit-limit')).toBe('10');
  expect(limits.headers.get('x-ratelimit-remaining')).toBe(String(limits.body.remaining.perMinute));
  expect(Number(limits.headers.get('x-ratelimit-reset')) * 1000).toBe(
    Date.parse(limits.body.resetAt.perMinute),
  );
});

test('the headers follow the tightest window, and the daily quota answers quota_exceeded', async () => {
  const key = await sb.createApiKey();
  for (let minute = 0; minute < 5; minute++) {
    await burst(key, 10);
    advance(60);
  }
  const hourly = await apiClient(sb.baseUrl, key).get('/audio');
  expect(hourly.body.error.code).toBe('rate_limit_exceeded');
  expect(hourly.headers.get('x-ratelimit-limit')).toBe('50');

  advance(3600);
  const lastTen = await burst(key, 10);
  expect(lastTen.every((response) => response.status === 200)).toBe(true);
  expect(lastTen.map((r) => r.headers.get('x-ratelimit-limit'))).toContain('60');
  advance(60);
  const quota = await apiClient(sb.baseUrl, key).get('/audio');
  expect(quota.status).toBe(429);
  expect(quota.body.error.code).toBe('quota_exceeded');
  const untilMidnight = Math.ceil((Date.parse('2030-01-02T00:00:00Z') - now.getTime()) / 1000);
  expect(quota.body.error.retryAfter).toBe(untilMidnight);
});

test('a key in use is refused with expired_token on the first request after its expiry', async () => {
  const key = await sb.createApiKey({ expiresAt: new Date(now.getTime() + 60_000) });
  const client = apiClient(sb.baseUrl, key);
  expect((await client.get('/limits')).status).toBe(200);
  advance(61);
  const refused = await client.get('/limits');
  expect([refused.status, refused.body.error.code]).toEqual([401, 'expired_token']);
});
