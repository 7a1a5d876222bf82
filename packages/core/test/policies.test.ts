import { type Sandbox, startSandbox } from '@musique/sandbox';
import {
  ConnectionError,
  createNodeTransport,
  MusiqueClient,
  RateLimitError,
  type Transport,
} from '../src/node.js';
import { recordingTransport, sharedClock } from './helpers.js';

// Sandbox and clients share one clock, so a wait of a minute takes no time at all.
let clock: ReturnType<typeof sharedClock>;
let sandbox: Sandbox;

beforeEach(async () => {
  clock = sharedClock();
  sandbox = await startSandbox({
    port: 0,
    memory: true,
    seed: 'demo',
    clock: clock.date,
    rateLimits: { perMinute: 5 },
  });
});
afterEach(() => sandbox.stop());

const clientWith = (
  transport: Transport,
  extra: Partial<ConstructorParameters<typeof MusiqueClient>[0]> = {},
) =>
  new MusiqueClient({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    transport,
    now: clock.now,
    sleep: clock.sleep,
    ...extra,
  });

test('a busy client paces itself on the rate-limit headers and never meets a 429', async () => {
  const { transport, calls } = recordingTransport();
  const observed: number[] = [];
  const client = clientWith(transport, { onRateLimit: (state) => observed.push(state.remaining) });
  for (let i = 0; i < 12; i++) await client.audio.list({ limit: 1 });
  expect(calls.map((c) => c.status)).toEqual(Array(12).fill(200));
  // 12 calls at 5 a minute need two waits for a window reset.
  expect(clock.slept).toHaveLength(2);
  expect(observed).toContain(0);
});

test('a burst of concurrent calls waits for the first answer, then paces, and never meets a 429', async () => {
  const { transport, calls } = recordingTransport();
  const client = clientWith(transport);
  await Promise.all(Array.from({ length: 12 }, () => client.audio.list({ limit: 1 })));
  expect(calls.map((c) => c.status)).toEqual(Array(12).fill(200));
  expect(clock.slept).toHaveLength(2);
});

test('two clients sharing one pacer share the budget and never meet a 429', async () => {
  const { transport, calls } = recordingTransport();
  const first = clientWith(transport);
  const second = clientWith(transport, { pacer: first.pacer });
  for (let i = 0; i < 6; i++) {
    await first.system.health();
    await second.system.health();
  }
  expect(calls.map((c) => c.status)).toEqual(Array(12).fill(200));
  expect(clock.slept).toHaveLength(2);
});

test('a 429 is retried after Retry-After, then succeeds', async () => {
  const other = clientWith(createNodeTransport());
  for (let i = 0; i < 5; i++) await other.system.health();
  const { transport, calls } = recordingTransport();
  const fresh = clientWith(transport);
  const page = await fresh.audio.list();
  expect(page.data.length).toBeGreaterThan(0);
  expect(calls.map((c) => c.status)).toEqual([429, 200]);
  expect(clock.slept).toEqual([30_000]); // the clock starts 30 s into the minute
});

test('a 429 whose wait exceeds the time budget is thrown at once, with retryAfter', async () => {
  const other = clientWith(createNodeTransport());
  for (let i = 0; i < 5; i++) await other.system.health();
  const impatient = clientWith(createNodeTransport(), { retry: { maxElapsedMs: 10_000 } });
  const error = await impatient.audio.list().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RateLimitError);
  expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded', retryAfter: 30 });
  expect(clock.slept).toEqual([]);
});

test('with retry: false a 429 reaches the caller untouched', async () => {
  const other = clientWith(createNodeTransport());
  for (let i = 0; i < 5; i++) await other.system.health();
  const { transport, calls } = recordingTransport();
  await expect(clientWith(transport, { retry: false }).system.health()).rejects.toBeInstanceOf(
    RateLimitError,
  );
  expect(calls).toHaveLength(1);
});

test('a send whose answer is lost is retried with the same idempotency key and plays once', async () => {
  const real = createNodeTransport();
  const keys: string[] = [];
  let lose = true;
  // The request reaches the sandbox and is carried out; only its answer goes missing on the way back.
  const losingTransport: Transport = async (request) => {
    const response = await real(request);
    if (request.url.endsWith('/send')) {
      keys.push(request.headers['idempotency-key'] ?? '');
      if (lose) {
        lose = false;
        throw new ConnectionError('socket hang up');
      }
    }
    return response;
  };
  const client = clientWith(losingTransport, { random: () => 0.5 });
  const promo = await client.audio.latest({ category: 'promotion' });
  const send = await client.audio.send(promo!.audioId, { externalIds: ['store_042'] });
  expect(keys).toHaveLength(2);
  expect(keys[0]).toBe(keys[1]);
  const player = await sandbox.player('store_042');
  const held = [player.nowPlaying, ...player.queue, ...player.history].filter(
    (item) => item?.sendId === send.sendId,
  );
  expect(held).toHaveLength(1);
});

test('a 503 is retried with backoff and the idempotency key unchanged', async () => {
  const real = createNodeTransport();
  const keys: string[] = [];
  let failures = 1;
  // The sandbox cannot fail on demand, so the first answer is a made-up 503 that never reached it.
  const flaky: Transport = async (request) => {
    keys.push(request.headers['idempotency-key'] ?? '');
    if (failures-- > 0) {
      return {
        status: 503,
        headers: {},
        body: '{"error":{"code":"service_unavailable","message":"Down.","type":"api_error","requestId":"req_x"}}',
      };
    }
    return real(request);
  };
  const client = clientWith(flaky, { random: () => 1 });
  const hook = await client.webhooks.create({ url: 'http://127.0.0.1:9/hook', events: ['send.created'] });
  expect(hook.webhookId).toMatch(/^whk_/);
  expect(keys).toHaveLength(2);
  expect(keys[0]).toBe(keys[1]);
  expect(clock.slept).toEqual([500]);
});

test('the pure client draws on no timer or random source but the runtime it is handed', async () => {
  const { PortableMusiqueClient: PureClient } = await import('../src/client.js');
  const { transport, calls } = recordingTransport();
  const waits: number[] = [];
  let attempts = 0;
  const client = new PureClient({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    // The first attempt is lost, so the client waits with the sleep it was given, then retries.
    transport: async (request) => {
      if (++attempts === 1) throw new ConnectionError('lost on the way');
      return transport(request);
    },
    sleep: async (ms) => {
      waits.push(ms);
    },
    randomUUID: () => 'from-the-runtime',
  });
  const [audio] = (await client.audio.list({ limit: 1 })).data;
  await client.audio.send(audio?.audioId ?? '', { externalIds: ['store_001'] });
  expect(waits).toHaveLength(1);
  const send = calls.find((call) => call.request.url.endsWith('/send'));
  expect(send?.request.headers['idempotency-key']).toBe('mc_from-the-runtime');
});
