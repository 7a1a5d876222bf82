// The Partner API over HTTP: system, tokens, upload, list and get (sends, deletes and the sandbox's extensions
// are in api-sends.test.ts).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Sandbox } from '../src/index.js';
import {
  type ApiClient,
  apiClient,
  type Body,
  expectError,
  fixture,
  startApiSandbox,
  uploadAudio,
} from './helpers.js';

let sb: Sandbox;
let api: ApiClient;

beforeAll(async () => {
  sb = await startApiSandbox();
  api = apiClient(sb.baseUrl, sb.apiKey);
});
afterAll(() => sb.stop());

const upload = (name: string, fields?: Record<string, string>, file?: string) =>
  uploadAudio(api, name, fields, file);

describe('system', () => {
  test('API info merges both generations: name, version, docs URL and the key integration', async () => {
    const response = await api.get('/');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      name: 'Musique Partner API',
      version: '1.0.0',
      integration: { externalId: 'store_001', accountType: 'partner' },
    });
    expect(response.body.integration.permissions).toEqual([
      'audio.read',
      'audio.write',
      'audio.delete',
      'audio.send',
    ]);
  });

  test('health reports database, storage and messaging as healthy', async () => {
    const response = await api.get('/health');
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('healthy');
    expect(response.body.services).toEqual({ database: 'healthy', storage: 'healthy', messaging: 'healthy' });
  });

  test('every response carries a request id, every error body repeats it', async () => {
    const ok = await api.get('/health');
    expect(ok.headers.get('x-request-id')).toMatch(/^req_[A-Za-z0-9]+$/);
    const missing = await api.get('/audio/aud_doesnotexist');
    expectError(missing, 404, 'not_found');
  });

  test('an unknown endpoint answers not_found in the error envelope', async () => {
    const response = await api.get('/nothing-here');
    expectError(response, 404, 'not_found');
  });

  test('usage logs record every request and filter by method, status and path', async () => {
    const failed = await api.get('/audio/aud_notthere404');
    await api.get('/health');
    const logs = await api.get('/logs?limit=5');
    expect(logs.status).toBe(200);
    expect(logs.body.data[0]).toMatchObject({
      method: 'GET',
      path: '/api/v1/integration/health',
      status: 200,
    });
    expect(logs.body.data[0].durationMs).toBeGreaterThanOrEqual(0);

    const notFound = await api.get('/logs?status=404&method=GET&path=/api/v1/integration/audio/');
    const ids = notFound.body.data.map((log: { requestId: string }) => log.requestId);
    expect(ids).toContain(failed.headers.get('x-request-id'));
    expect(notFound.body.data.every((log: { status: number }) => log.status === 404)).toBe(true);

    const future = await api.get(`/logs?from=${new Date(Date.now() + 3600_000).toISOString()}`);
    expect(future.body.data).toEqual([]);
    expectError(await api.get('/logs?method=PATCH'), 400, 'invalid_format');
  });
});

describe('tokens', () => {
  test('a company token issues a key for one of its stores, with narrowed permissions', async () => {
    const issued = await apiClient(sb.baseUrl).post('/auth', {
      externalId: 'store_007',
      companyToken: sb.companyToken,
      permissions: ['audio.read'],
    });
    expect(issued.status).toBe(201);
    expect(issued.body.token).toMatch(/^msk_dev_[0-9a-f]{32}$/);
    expect(issued.body.expires_at).toBeNull();
    const tested = await apiClient(sb.baseUrl, issued.body.token).post('/test');
    expect(tested.body).toMatchObject({ valid: true, externalId: 'store_007', permissions: ['audio.read'] });
  });

  test('a wrong company token, an unknown store and a missing field are refused', async () => {
    const anonymous = apiClient(sb.baseUrl);
    expectError(
      await anonymous.post('/auth', { externalId: 'store_001', companyToken: 'comp_wrong' }),
      401,
      'invalid_token',
    );
    expectError(
      await anonymous.post('/auth', { externalId: 'store_999', companyToken: sb.companyToken }),
      404,
      'not_found',
    );
    const missing = await anonymous.post('/auth', { companyToken: sb.companyToken });
    expectError(missing, 400, 'missing_field');
    expect(missing.body.error.param).toBe('externalId');
    expect(JSON.stringify(missing.body)).not.toContain(sb.companyToken);
  });

  test('a bodiless call with a JSON content type is accepted; a send without a body is missing_field', async () => {
    const tested = await fetch(`${sb.baseUrl}/test`, {
      method: 'POST',
      headers: { 'x-api-key': sb.apiKey, 'content-type': 'application/json' },
    });
    expect(tested.status).toBe(200);
    const { audioId } = await upload('No body');
    const send = await fetch(`${sb.baseUrl}/audio/${audioId}/send`, {
      method: 'POST',
      headers: { 'x-api-key': sb.apiKey, 'content-type': 'application/json' },
    });
    expect([send.status, ((await send.json()) as Body).error.code]).toEqual([400, 'missing_field']);
  });

  test('revocation is immediate', async () => {
    const key = await sb.createApiKey();
    const client = apiClient(sb.baseUrl, key);
    expect((await client.get('/audio')).status).toBe(200);
    const revoked = await client.delete('/auth');
    expect(revoked.body).toEqual({ revoked: true, message: 'API token successfully revoked' });
    expectError(await client.get('/audio'), 401, 'invalid_token');
  });

  test('missing, malformed, unknown and expired keys are refused with 401', async () => {
    expectError(await apiClient(sb.baseUrl).get('/audio'), 401, 'invalid_token');
    expectError(await apiClient(sb.baseUrl, 'not-a-key').get('/audio'), 401, 'invalid_token');
    expectError(
      await apiClient(sb.baseUrl, 'msk_dev_00000000000000000000000000000000').post('/test'),
      401,
      'invalid_token',
    );
    const expired = await sb.createApiKey({ expiresAt: new Date(Date.now() - 1000) });
    expectError(await apiClient(sb.baseUrl, expired).get('/audio'), 401, 'expired_token');
  });

  test('a missing permission answers insufficient_scope naming it', async () => {
    const readOnly = apiClient(sb.baseUrl, await sb.createApiKey({ permissions: ['audio.read'] }));
    const refused = await readOnly.upload(fixture('announcement.mp3'), 'a.mp3');
    expectError(refused, 403, 'insufficient_scope');
    expect(refused.body.error.param).toBe('audio.write');
    const { audioId } = await upload('Scope check');
    expect(
      (await readOnly.post(`/audio/${audioId}/send`, { externalIds: ['store_001'] })).body.error.param,
    ).toBe('audio.send');
    expect((await readOnly.delete(`/audio/${audioId}`)).body.error.param).toBe('audio.delete');
    expect((await readOnly.get(`/audio/${audioId}`)).status).toBe(200);
  });
});

describe('upload', () => {
  test('an MP3 is stored with its measured duration, and its url serves the same bytes back', async () => {
    const response = await api.upload(fixture('promo-summer-sale.mp3'), 'summer.mp3', {
      name: 'Summer promo',
      description: 'Twenty percent off',
      category: 'promotion',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      name: 'Summer promo',
      duration: 4.963,
      size: 39914,
      format: 'mp3',
    });
    expect(response.body.audioId).toMatch(/^aud_/);
    const served = await fetch(response.body.url);
    expect(served.headers.get('content-type')).toBe('audio/mpeg');
    expect(Buffer.from(await served.arrayBuffer()).equals(fixture('promo-summer-sale.mp3'))).toBe(true);
  });

  test('without a name the audio is named after the file', async () => {
    const response = await api.upload(fixture('announcement.mp3'), 'Morning Announcement.mp3');
    expect(response.body.name).toBe('Morning Announcement');
  });

  test('a text file named .mp3, an empty file and a truncated MP3 are refused with invalid_format', async () => {
    for (const bytes of [fixture('not-audio.mp3'), Buffer.alloc(0), fixture('truncated.mp3')]) {
      const response = await api.upload(bytes, 'promo.mp3');
      expectError(response, 400, 'invalid_format');
      expect(response.body.error.param).toBe('file');
    }
  });

  test('a request without a file answers missing_field, a too-long name out_of_range', async () => {
    const form = new FormData();
    form.append('name', 'No file');
    const response = await fetch(`${sb.baseUrl}/audio`, {
      method: 'POST',
      headers: { 'x-api-key': sb.apiKey },
      body: form,
    });
    const body = (await response.json()) as Body;
    expect([response.status, body.error.code, body.error.param]).toEqual([400, 'missing_field', 'file']);
    expectError(
      await api.upload(fixture('announcement.mp3'), 'a.mp3', { name: 'x'.repeat(201) }),
      400,
      'out_of_range',
    );
  });

  test('a JSON body instead of multipart is refused with invalid_format', async () => {
    expectError(await api.post('/audio', { file: 'x' }), 400, 'invalid_format');
  });

  test('a file over the size limit answers 413 file_too_large and leaves nothing behind', async () => {
    const before = (await api.get('/audio?limit=100')).body.data.length;
    const response = await api.upload(fixture('announcement.wav'), 'big.wav');
    expectError(response, 413, 'file_too_large');
    expect((await api.get('/audio?limit=100')).body.data.length).toBe(before);
    const leftovers = (await readdir(path.join(sb.dataDir, 'audio'))).filter((name) => name.startsWith('.'));
    expect(leftovers).toEqual([]);
  });
});

describe('list and get', () => {
  test('the list is newest first and pages stay stable while new audio arrives', async () => {
    const tag = `page-${Date.now()}`;
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await upload(`${tag} ${i}`)).audioId);
    const first = await api.get(`/audio?limit=2&name=${tag}`);
    expect(first.body.data.map((a: { audioId: string }) => a.audioId)).toEqual([made[4], made[3]]);
    expect(first.body.hasMore).toBe(true);
    await upload(`${tag} late`);
    const second = await api.get(`/audio?limit=2&name=${tag}&cursor=${first.body.nextCursor}`);
    expect(second.body.data.map((a: { audioId: string }) => a.audioId)).toEqual([made[2], made[1]]);
    const third = await api.get(`/audio?limit=2&name=${tag}&cursor=${second.body.nextCursor}`);
    expect(third.body.data.map((a: { audioId: string }) => a.audioId)).toEqual([made[0]]);
    expect([third.body.hasMore, third.body.nextCursor]).toEqual([false, null]);
  });

  test('filters: category exact and case-insensitive, name as a case-insensitive substring', async () => {
    const tag = `Filter${Date.now()}`;
    await upload(`${tag} jingle`, { category: 'Jingles' });
    await upload(`${tag} promo`, { category: 'promotion' });
    const jingles = await api.get(`/audio?category=jingles&name=${tag.toLowerCase()}`);
    expect(jingles.body.data.map((a: { name: string }) => a.name)).toEqual([`${tag} jingle`]);
  });

  test('a name search takes %, _ and \\ literally, not as patterns', async () => {
    const tag = `Literal${Date.now()}`;
    await upload(`${tag} 50% off`);
    await upload(`${tag} 50 off`);
    await upload(`${tag} a_b`);
    await upload(`${tag} axb`);
    const names = async (text: string) =>
      (await api.get(`/audio?name=${encodeURIComponent(`${tag} ${text}`)}`)).body.data.map(
        (a: { name: string }) => a.name,
      );
    expect(await names('50%')).toEqual([`${tag} 50% off`]);
    expect(await names('a_b')).toEqual([`${tag} a_b`]);
    expect(await names('a\\b')).toEqual([]);
  });

  test('bad list parameters answer out_of_range or invalid_format', async () => {
    expectError(await api.get('/audio?limit=0'), 400, 'out_of_range');
    expectError(await api.get('/audio?limit=101'), 400, 'out_of_range');
    expectError(await api.get('/audio?limit=many'), 400, 'invalid_format');
    expectError(await api.get('/audio?cursor=bogus'), 400, 'invalid_format');
  });

  test('get returns the audio with stats; unknown and malformed ids are not_found', async () => {
    const { audioId } = await upload('Get me');
    const response = await api.get(`/audio/${audioId}`);
    expect(response.body).toMatchObject({
      audioId,
      name: 'Get me',
      stats: { timesPlayed: 0, lastPlayedAt: null },
    });
    expectError(await api.get('/audio/aud_missing0000'), 404, 'not_found');
    expectError(await api.get('/audio/not-an-id'), 404, 'not_found');
  });

  test("one company never sees another's audio", async () => {
    const other = await sb.createCompany({ name: 'Other Shop', externalIds: ['shop_1'] });
    const otherApi = apiClient(sb.baseUrl, other.apiKey);
    const { audioId } = await upload('Ours only');
    expectError(await otherApi.get(`/audio/${audioId}`), 404, 'not_found');
    expectError(await otherApi.delete(`/audio/${audioId}`), 404, 'not_found');
    expectError(await otherApi.post(`/audio/${audioId}/send`, { externalIds: ['shop_1'] }), 404, 'not_found');
    expect((await otherApi.get('/audio')).body.data).toEqual([]);
    expectError(await otherApi.get('/sandbox/locations/store_001/player'), 404, 'not_found');
  });
});
