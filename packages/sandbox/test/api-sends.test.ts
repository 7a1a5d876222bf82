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

describe('send', () => {
  test('a broadcast reaches every player queue and the stats follow', async () => {
    const { audioId } = await upload('Broadcast me');
    const response = await api.post(`/audio/${audioId}/send`, {
      externalIds: ['store_010', 'store_011'],
      repeat: 2,
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ audioId, scheduled: false, scheduleAt: null, status: 'sent' });
    expect(response.body.destinations).toEqual([
      { externalId: 'store_010', userId: expect.any(Number), status: 'queued' },
      { externalId: 'store_011', userId: expect.any(Number), status: 'queued' },
    ]);
    for (const store of ['store_010', 'store_011']) {
      const player = await api.get(`/sandbox/locations/${store}/player`);
      const items = [player.body.nowPlaying, ...player.body.queue].filter(Boolean);
      expect(items.map((item: { sendId: string }) => item.sendId)).toContain(response.body.sendId);
    }
    const stats = (await api.get(`/audio/${audioId}`)).body.stats;
    expect(stats).toMatchObject({ timesPlayed: 4, totalRecipients: 2 });
    expect(stats.lastPlayedAt).not.toBeNull();
  });

  test('one unknown store fails the whole broadcast, listing it, and nobody receives anything', async () => {
    const { audioId } = await upload('Atomic');
    const response = await api.post(`/audio/${audioId}/send`, {
      externalIds: ['store_020', 'store_404', 'nowhere'],
    });
    expectError(response, 400, 'not_found');
    expect(response.body.error).toMatchObject({
      param: 'externalIds',
      unknownExternalIds: ['store_404', 'nowhere'],
    });
    const player = await api.get('/sandbox/locations/store_020/player');
    expect([player.body.nowPlaying, ...player.body.queue].filter(Boolean)).toEqual([]);
    expect((await api.get(`/audio/${audioId}`)).body.stats.timesPlayed).toBe(0);
  });

  test.each([
    [{}, 'missing_field', 'externalIds'],
    [{ externalIds: [] }, 'out_of_range', 'externalIds'],
    [{ externalIds: ['store_001', 'store_001'] }, 'invalid_format', 'externalIds'],
    [{ externalIds: ['store_001'], volume: 101 }, 'out_of_range', 'volume'],
    [{ externalIds: ['store_001'], repeat: 0 }, 'out_of_range', 'repeat'],
    [{ externalIds: ['store_001'], repeat: '2' }, 'invalid_format', 'repeat'],
    [{ externalIds: ['store_001'], priority: 'asap' }, 'invalid_format', 'priority'],
    [{ externalIds: ['store_001'], scheduleAt: 'tomorrow' }, 'invalid_format', 'scheduleAt'],
    [{ externalIds: ['store_001'], colour: 'red' }, 'invalid_format', 'colour'],
    [{ externalIds: 'store_001' }, 'invalid_format', 'externalIds'],
  ])('%j answers %s about %s', async (body, code, param) => {
    const { audioId } = await upload('Validation');
    const response = await api.post(`/audio/${audioId}/send`, body);
    expectError(response, 400, code);
    expect(response.body.error.param).toBe(param);
  });

  test('a body that is not JSON answers invalid_format; an unknown audio not_found', async () => {
    const response = await fetch(`${sb.baseUrl}/audio/aud_x/send`, {
      method: 'POST',
      headers: { 'x-api-key': sb.apiKey, 'content-type': 'application/json' },
      body: '{"externalIds": [',
    });
    expect([response.status, ((await response.json()) as Body).error.code]).toEqual([400, 'invalid_format']);
    expectError(
      await api.post('/audio/aud_unknown123/send', { externalIds: ['store_001'] }),
      404,
      'not_found',
    );
  });

  test('an Idempotency-Key replays the first send, and refuses a different body with conflict', async () => {
    const { audioId } = await upload('Idempotent');
    const headers = { 'idempotency-key': `send-${audioId}` };
    const first = await api.post(`/audio/${audioId}/send`, { externalIds: ['store_030'] }, headers);
    const again = await api.post(`/audio/${audioId}/send`, { externalIds: ['store_030'] }, headers);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await api.get(`/audio/${audioId}`)).body.stats.timesPlayed).toBe(1);
    const different = await api.post(`/audio/${audioId}/send`, { externalIds: ['store_031'] }, headers);
    expectError(different, 409, 'conflict');
  });

  test('an audio read just before a send or a delete shows the new stats, then not_found, on the next read', async () => {
    const { audioId } = await upload('Reread');
    expect((await api.get(`/audio/${audioId}`)).body.stats.timesPlayed).toBe(0);
    await api.post(`/audio/${audioId}/send`, { externalIds: ['store_032'], repeat: 3 });
    expect((await api.get(`/audio/${audioId}`)).body.stats).toMatchObject({
      timesPlayed: 3,
      totalRecipients: 1,
    });
    expect((await api.delete(`/audio/${audioId}`)).status).toBe(200);
    expectError(await api.get(`/audio/${audioId}`), 404, 'not_found');
  });

  test('an upload with an Idempotency-Key is stored once', async () => {
    const headers = { 'idempotency-key': `upload-${Date.now()}` };
    const first = await api.upload(fixture('announcement.mp3'), 'once.mp3', { name: 'Once' }, headers);
    const again = await api.upload(fixture('announcement.mp3'), 'once.mp3', { name: 'Once' }, headers);
    expect(again.body.audioId).toBe(first.body.audioId);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await api.get('/audio?name=Once')).body.data).toHaveLength(1);
  });
});

describe('delete', () => {
  test('deleted audio is gone from get, list and its url', async () => {
    const { audioId, url } = await upload('Delete me');
    const response = await api.delete(`/audio/${audioId}`);
    expect(response.body).toEqual({ deleted: true, audioId });
    expectError(await api.get(`/audio/${audioId}`), 404, 'not_found');
    expect((await fetch(url)).status).toBe(404);
    expectError(await api.delete(`/audio/${audioId}`), 404, 'not_found');
  });

  test('audio with a pending scheduled send cannot be deleted', async () => {
    const { audioId } = await upload('Scheduled');
    const scheduleAt = new Date(Date.now() + 3600_000).toISOString();
    const send = await api.post(`/audio/${audioId}/send`, { externalIds: ['store_040'], scheduleAt });
    expect(send.body).toMatchObject({
      scheduled: true,
      status: 'scheduled',
      destinations: [{ status: 'scheduled' }],
    });
    expectError(await api.delete(`/audio/${audioId}`), 409, 'conflict');
  });
});

describe('sandbox extensions', () => {
  test('locations list the demo company stores', async () => {
    const response = await api.get('/sandbox/locations');
    expect(response.body.data).toHaveLength(50);
    expect(response.body.data[41]).toMatchObject({ externalId: 'store_042', name: 'Store 42' });
  });

  test('an unknown store has no player', async () => {
    expectError(await api.get('/sandbox/locations/store_999/player'), 404, 'not_found');
  });

  test('webhooks subscribe, list (without secrets), refuse duplicates and unsubscribe', async () => {
    const created = await api.post('/webhooks', {
      url: 'http://127.0.0.1:9/hook',
      events: ['audio.created'],
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toBeTruthy();
    expectError(
      await api.post('/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['audio.created'] }),
      409,
      'already_exists',
    );
    expectError(
      await api.post('/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['audio.played'] }),
      400,
      'invalid_format',
    );
    expectError(await api.post('/webhooks', { url: 'http://127.0.0.1:9/hook' }), 400, 'missing_field');
    const listed = await api.get('/webhooks');
    expect(listed.body.data).toEqual([expect.not.objectContaining({ secret: expect.anything() })]);
    expect((await api.delete(`/webhooks/${created.body.webhookId}`)).body).toEqual({
      deleted: true,
      webhookId: created.body.webhookId,
    });
    expectError(await api.delete(`/webhooks/${created.body.webhookId}`), 404, 'not_found');
  });
});

describe('the older G1 absolute paths', () => {
  test('answer like the base-relative operations they alias', async () => {
    const g1 = apiClient(sb.url, sb.apiKey);
    const form = new FormData();
    form.append('name', 'G1 upload');
    form.append('file', new Blob([fixture('announcement.mp3')]), 'g1.mp3');
    const uploaded = await fetch(`${sb.url}/api/audio`, {
      method: 'POST',
      headers: { 'x-api-key': sb.apiKey },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    const { audioId } = (await uploaded.json()) as { audioId: string };

    expect((await g1.get('/api/audio')).body.data[0].audioId).toBe(audioId);
    expect((await g1.get(`/api/audio/${audioId}`)).body.name).toBe('G1 upload');
    const g1Send = await g1.post(`/api/${audioId}/send`, { externalIds: ['store_005'] });
    expect([g1Send.status, g1Send.body]).toEqual([201, expect.objectContaining({ status: 'sent' })]);
    expect((await g1.get('/api/integration')).body.integration.externalId).toBe('store_001');
    expect((await g1.get('/api/integration/health')).body.status).toBe('healthy');
    expect((await g1.post('/api/integration/test')).body.valid).toBe(true);
    expect((await g1.get('/api/integration/logs?limit=1')).body.data).toHaveLength(1);
    expect((await g1.get('/api/integration/limits')).body.limits.perMinute).toBe(10_000);
    expect((await g1.delete(`/api/${audioId}`)).body).toEqual({ deleted: true, audioId });

    const token = await apiClient(sb.url).post('/api/integration/auth', {
      externalId: 'store_002',
      companyToken: sb.companyToken,
    });
    expect(token.status).toBe(201);
    expect((await apiClient(sb.url, token.body.token).delete('/api/integration/auth')).body.revoked).toBe(
      true,
    );
  });
});
