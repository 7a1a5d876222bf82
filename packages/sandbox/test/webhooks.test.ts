import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sandbox } from '../src/index.js';
import { type ApiClient, apiClient, type Body, fixture, startTestSandbox } from './helpers.js';

interface Received {
  path: string;
  signature: string;
  raw: string;
  event: { id: string; type: string; createdAt: string; data: Body };
  answered: number;
}

/** A local receiver; a path's first `failFirst` deliveries of each event answer 500. */
async function startReceiver(failFirst: Record<string, number>) {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => {
      raw += chunk;
    });
    request.on('end', () => {
      const event = JSON.parse(raw);
      const path = request.url ?? '/';
      const earlier = received.filter((r) => r.path === path && r.event.id === event.id).length;
      const answered = earlier < (failFirst[path] ?? 0) ? 500 : 200;
      received.push({ path, signature: String(request.headers['musique-signature']), raw, event, answered });
      response.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function waitFor<T>(find: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 250; i++) {
    const found = find();
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

function verify(secret: string, signature: string, raw: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature);
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${raw}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'));
}

let offsetMs = 0;
let sb: Sandbox;
let api: ApiClient;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  receiver = await startReceiver({ '/flaky': 1, '/down': 100 });
  // Real time plus an offset the tests can move, so scheduled sends come due without waiting.
  sb = await startTestSandbox({ clock: () => new Date(Date.now() + offsetMs) });
  api = apiClient(sb.baseUrl, sb.apiKey);
});
afterAll(async () => {
  await sb.stop();
  await receiver.close();
});

test('events are signed, and a delivery that fails is retried until it succeeds', async () => {
  const hook = await api.post('/webhooks', {
    url: `${receiver.url}/flaky`,
    events: ['audio.created', 'audio.deleted', 'send.created', 'send.delivered'],
  });
  const { audioId } = (await api.upload(fixture('announcement.mp3'), 'hooked.mp3')).body;

  const attempts = await waitFor(() => {
    const created = receiver.received.filter((r) => r.path === '/flaky' && r.event.type === 'audio.created');
    return created.length >= 2 ? created : undefined;
  }, 'the retried audio.created');
  expect(attempts.map((a) => a.answered)).toEqual([500, 200]);
  expect(attempts[1]!.event.id).toBe(attempts[0]!.event.id);
  expect(attempts[1]!.event.data).toMatchObject({ audioId, name: 'hooked', format: 'mp3' });
  for (const attempt of attempts) expect(verify(hook.body.secret, attempt.signature, attempt.raw)).toBe(true);
  expect(verify('whsec_wrong', attempts[0]!.signature, attempts[0]!.raw)).toBe(false);

  const sent = await api.post(`/audio/${audioId}/send`, { externalIds: ['store_001'] });
  for (const type of ['send.created', 'send.delivered']) {
    const delivered = await waitFor(
      () => receiver.received.find((r) => r.event.type === type && r.answered === 200),
      `${type}`,
    );
    expect(delivered.event.data).toMatchObject({ sendId: sent.body.sendId, status: 'sent' });
  }

  await api.delete(`/audio/${audioId}`);
  const deleted = await waitFor(
    () => receiver.received.find((r) => r.event.type === 'audio.deleted' && r.answered === 200),
    'audio.deleted',
  );
  expect(deleted.event.data).toEqual({ deleted: true, audioId });
  await api.delete(`/webhooks/${hook.body.webhookId}`);
});

test('send.delivered fires for a scheduled send only when it comes due', async () => {
  await api.post('/webhooks', {
    url: `${receiver.url}/scheduled`,
    events: ['send.created', 'send.delivered'],
  });
  const { audioId } = (await api.upload(fixture('promo-summer-sale.mp3'), 'later.mp3')).body;
  const scheduleAt = new Date(Date.now() + offsetMs + 3600_000).toISOString();
  const sent = await api.post(`/audio/${audioId}/send`, { externalIds: ['store_002'], scheduleAt });
  const ofThisSend = (type: string) =>
    receiver.received.find(
      (r) => r.path === '/scheduled' && r.event.type === type && r.event.data.sendId === sent.body.sendId,
    );

  await waitFor(() => ofThisSend('send.created'), 'send.created');
  expect(ofThisSend('send.delivered')).toBeUndefined();
  offsetMs += 3600_000 + 1000;
  const delivered = await waitFor(() => ofThisSend('send.delivered'), 'send.delivered at schedule time');
  expect(delivered.event.data).toMatchObject({
    status: 'sent',
    destinations: [{ externalId: 'store_002', status: 'queued' }],
  });
});

test('a receiver that keeps failing gets the configured number of attempts, then no more', async () => {
  await api.post('/webhooks', { url: `${receiver.url}/down`, events: ['audio.created'] });
  await api.upload(fixture('announcement.mp3'), 'unheard.mp3');
  await waitFor(
    () => (receiver.received.filter((r) => r.path === '/down').length >= 4 ? true : undefined),
    '4 attempts',
  );
  // Backoff is 20, 40, 80 ms here: a fifth attempt would have come well within this wait.
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(receiver.received.filter((r) => r.path === '/down')).toHaveLength(4);
});
