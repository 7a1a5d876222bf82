import { request as httpRequest } from 'node:http';
import type { Sandbox } from '../src/index.js';
import {
  type ApiClient,
  apiClient,
  type Body,
  fixture,
  openPlayersStream,
  startTestSandbox,
} from './helpers.js';

let sb: Sandbox;
let api: ApiClient;

beforeAll(async () => {
  sb = await startTestSandbox({ seed: 'demo', rateLimits: { perMinute: 10_000, perHour: 10_000 } });
  api = apiClient(sb.baseUrl, sb.apiKey);
});
afterAll(() => sb.stop());

const expectRefused = (
  response: { status: number; headers: Headers; body: Body },
  status: number,
  code: string,
) => {
  expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
  expect(response.body.error.requestId).toBe(response.headers.get('x-request-id'));
};

/** A response to a valid key, refused or not, says what is left of its rate limit (as every response must). */
const expectRateHeaders = (response: { headers: Headers }) => {
  for (const name of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'])
    expect([name, response.headers.get(name)]).toEqual([name, expect.stringMatching(/^\d+$/)]);
};

/** A raw request, for what fetch refuses to send (huge headers, broken framing). */
function raw(method: string, path: string, headers: Record<string, string>, body?: string | Buffer) {
  return new Promise<{ status: number; headers: Headers; body: Body }>((resolve, reject) => {
    const request = httpRequest(`${sb.baseUrl}${path}`, { method, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode!,
          headers: new Headers(response.headers as Record<string, string>),
          body: JSON.parse(text),
        }),
      );
    });
    request.on('error', reject);
    request.end(body);
  });
}

const libraryAndPlayer = async () => ({
  library: (await api.get('/audio?limit=100')).body.data.length,
  player: await sb.player('store_001'),
});

describe('hostile input is refused in the envelope and stores nothing', () => {
  test('a NUL byte in multipart fields, file names, send ids, paths and query filters', async () => {
    const before = await libraryAndPlayer();
    const badFields: Record<string, string>[] = [
      { name: 'a\0b' },
      { category: '\0' },
      { description: 'x\0' },
    ];
    for (const fields of badFields) {
      expectRefused(
        await api.upload(fixture('promo-summer-sale.mp3'), 'promo.mp3', fields),
        400,
        'invalid_format',
      );
    }
    expectRefused(await api.upload(fixture('promo-summer-sale.mp3'), 'pro\0mo.mp3'), 400, 'invalid_format');
    const [audio] = (await api.get('/audio')).body.data;
    expectRefused(
      await api.post(`/audio/${audio.audioId}/send`, { externalIds: ['store\u0000001'] }),
      400,
      'invalid_format',
    );
    const nulId = await api.get('/sandbox/locations/store%00001/player');
    expectRefused(nulId, 404, 'not_found');
    expectRateHeaders(nulId);
    const nulQuery = await api.get('/audio?name=%00');
    expectRefused(nulQuery, 400, 'invalid_format');
    expectRateHeaders(nulQuery);
    expectRefused(await api.get('/audio?category=a%00'), 400, 'invalid_format');
    expectRefused(await api.get('/logs?path=%00'), 400, 'invalid_format');
    const file = await fetch(`${sb.url}/files/x%00.mp3`);
    expect(file.status).toBe(404);
    expect(file.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await libraryAndPlayer()).toEqual(before);
  });

  test('lone surrogates in JSON strings and keys', async () => {
    const [audio] = (await api.get('/audio')).body.data;
    expectRefused(
      await api.post(`/audio/${audio.audioId}/send`, { externalIds: ['\ud800'] }),
      400,
      'invalid_format',
    );
    const response = await raw(
      'POST',
      `/audio/${audio.audioId}/send`,
      { 'x-api-key': sb.apiKey, 'content-type': 'application/json' },
      '{"externalIds":["store_001"],"\\udc00":1}',
    );
    expectRefused(response, 400, 'invalid_format');
  });

  test('date-times PostgreSQL and Date cannot hold: a leap second and the year 0000', async () => {
    const [audio] = (await api.get('/audio')).body.data;
    const before = await libraryAndPlayer();
    for (const scheduleAt of ['2030-06-30T23:59:60Z', '0000-01-01T00:00:00Z']) {
      expectRefused(
        await api.post(`/audio/${audio.audioId}/send`, { externalIds: ['store_001'], scheduleAt }),
        400,
        'invalid_format',
      );
      expectRefused(await api.get(`/logs?from=${scheduleAt}`), 400, 'invalid_format');
    }
    expect(await libraryAndPlayer()).toEqual(before);
  });

  test('malformed multipart: no boundary, and a body cut before its closing boundary', async () => {
    const headers = { 'x-api-key': sb.apiKey };
    expectRefused(
      await raw('POST', '/audio', { ...headers, 'content-type': 'multipart/form-data' }, 'x'),
      400,
      'invalid_format',
    );
    const cut = '--b\r\ncontent-disposition: form-data; name="name"\r\n\r\nhalf';
    expectRefused(
      await raw('POST', '/audio', { ...headers, 'content-type': 'multipart/form-data; boundary=b' }, cut),
      400,
      'invalid_format',
    );
  });

  test('JSON nested 200,000 levels deep, also on POST /auth which needs no key', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    for (const path of ['/auth', '/webhooks']) {
      expectRefused(
        await raw('POST', path, { 'x-api-key': sb.apiKey, 'content-type': 'application/json' }, deep),
        400,
        'invalid_format',
      );
    }
  });

  test('an id of 10,000 characters and headers over 16 KB are answered in the envelope', async () => {
    const longId = await api.get(`/audio/aud_${'a'.repeat(10_000)}`);
    expectRefused(longId, 404, 'not_found');
    expectRateHeaders(longId);
    expectRefused(await raw('GET', '/health', { 'x-big': 'a'.repeat(20_000) }), 431, 'invalid_format');
    expectRefused(await raw('GET', `/audio/aud_${'a'.repeat(20_000)}`, {}), 431, 'invalid_format');
  });

  test('a JSON body over 1 MB is 413 file_too_large', async () => {
    const [audio] = (await api.get('/audio')).body.data;
    const big = { externalIds: ['store_001'], pad: 'x'.repeat(1_100_000) };
    expectRefused(await api.post(`/audio/${audio.audioId}/send`, big), 413, 'file_too_large');
  });
});

describe('idempotency', () => {
  test('concurrent requests with one key and one body: one runs, the others wait and replay it', async () => {
    const headers = { 'idempotency-key': `webhook-${Date.now()}` };
    const body = { url: 'https://example.test/concurrent', events: ['send.created'] };
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => api.post('/webhooks', body, headers)),
    );
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(responses.map((r) => r.body.webhookId)).size).toBe(1);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);
  });

  test('a refused request does not use up its key: the corrected retry with the same key works', async () => {
    const headers = { 'idempotency-key': `fix-${Date.now()}` };
    const [audio] = (await api.get('/audio')).body.data;
    expectRefused(
      await api.post(`/audio/${audio.audioId}/send`, { externalIds: ['nobody'] }, headers),
      400,
      'not_found',
    );
    const fixed = await api.post(`/audio/${audio.audioId}/send`, { externalIds: ['store_001'] }, headers);
    expect(fixed.status).toBe(201);
  });
});

describe('revocation and expiry bite on open streams', () => {
  test('once DELETE /auth has answered, the key’s stream has ended: a send made after it never reaches it', async () => {
    const key = await sb.createApiKey();
    const revokedStream = await openPlayersStream(sb.baseUrl, key);
    const witness = await openPlayersStream(sb.baseUrl, sb.apiKey);
    expect((await apiClient(sb.baseUrl, key).delete('/auth')).status).toBe(200);
    const [audio] = (await api.get('/audio')).body.data;
    const sent = await api.post(`/audio/${audio.audioId}/send`, { externalIds: ['store_040'] });
    expect(sent.status).toBe(201);
    // The send's event went out (a stream of a valid key got it), and the revoked key's stream had ended.
    expect(await witness.readUntil(new RegExp(sent.body.sendId))).toBe(true);
    await witness.cancel();
    expect(await revokedStream.readToEnd()).not.toContain(sent.body.sendId);
  });

  test('an expiring key’s stream ends at its expiry, not before, and the key is refused from then on', async () => {
    const expiresAt = new Date(Date.now() + 800);
    const key = await sb.createApiKey({ expiresAt });
    const stream = await openPlayersStream(sb.baseUrl, key);
    await stream.readToEnd();
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt.getTime());
    expectRefused(await apiClient(sb.baseUrl, key).get('/audio'), 401, 'expired_token');
  });
});
