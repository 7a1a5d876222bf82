import { readdir } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import type { Sandbox } from '../src/index.js';
import { type ApiClient, apiClient, fixture, startTestSandbox } from './helpers.js';

let sb: Sandbox;
let api: ApiClient;
beforeAll(async () => {
  sb = await startTestSandbox({ rateLimits: { perMinute: 10_000, perHour: 10_000 } });
  api = apiClient(sb.baseUrl, sb.apiKey);
});
afterAll(() => sb.stop());

const audioFiles = async () => (await readdir(path.join(sb.dataDir, 'audio'))).sort();

test('20 parallel uploads are all stored, each once, each with its file', async () => {
  const uploads = await Promise.all(
    Array.from({ length: 20 }, (_, i) => api.upload(fixture('announcement.mp3'), `parallel-${i}.mp3`)),
  );
  expect(uploads.map((response) => response.status)).toEqual(Array(20).fill(201));
  const ids = new Set(uploads.map((response) => response.body.audioId));
  expect(ids.size).toBe(20);
  const listed = (await api.get('/audio?limit=100&name=parallel-')).body.data;
  expect(listed).toHaveLength(20);
  expect(await audioFiles()).toEqual([...ids].map((id) => `${id}.mp3`).sort());
});

test('20 parallel sends all arrive, none twice, and the stats count each', async () => {
  const { audioId } = (await api.upload(fixture('promo-summer-sale.mp3'), 'busy.mp3')).body;
  const stores = Array.from({ length: 20 }, (_, i) => `store_${String(i + 21).padStart(3, '0')}`);
  const sends = await Promise.all(
    stores.map((store) => api.post(`/audio/${audioId}/send`, { externalIds: [store, 'store_050'] })),
  );
  expect(sends.map((response) => response.status)).toEqual(Array(20).fill(201));
  expect(new Set(sends.map((response) => response.body.sendId)).size).toBe(20);

  const busiest = await api.get('/sandbox/locations/store_050/player');
  const items = [busiest.body.nowPlaying, ...busiest.body.queue].map((item) => item.sendId).sort();
  expect(items).toEqual(sends.map((response) => response.body.sendId).sort());
  expect((await api.get(`/audio/${audioId}`)).body.stats).toMatchObject({
    timesPlayed: 40,
    totalRecipients: 21,
  });
});

test('20 parallel retries of one send with one Idempotency-Key deliver it once', async () => {
  const { audioId } = (await api.upload(fixture('promo-summer-sale.mp3'), 'retry.mp3')).body;
  const headers = { 'idempotency-key': 'one-broadcast' };
  const attempts = await Promise.all(
    Array.from({ length: 20 }, () =>
      api.post(`/audio/${audioId}/send`, { externalIds: ['store_049'] }, headers),
    ),
  );
  // Each attempt either created the send, replayed it, or was told the first is still in progress.
  const sendIds = new Set(attempts.filter((r) => r.status === 201).map((r) => r.body.sendId));
  expect(sendIds.size).toBe(1);
  expect(attempts.every((r) => r.status === 201 || r.body.error.code === 'conflict')).toBe(true);
  expect((await api.get(`/audio/${audioId}`)).body.stats.timesPlayed).toBe(1);
});

test('an upload aborted mid-body leaves no record and no stray file', async () => {
  const before = await audioFiles();
  const listedBefore = (await api.get('/audio?limit=100')).body.data.length;
  const boundary = 'musique-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.mp3"\r\nContent-Type: audio/mpeg\r\n\r\n`,
  );
  const audio = fixture('promo-closing-time.mp3');
  const url = new URL(`${sb.baseUrl}/audio`);
  let sawTempFile = false;
  const serverSawIt = new Promise<void>((resolve) => {
    const request = http.request(url, {
      method: 'POST',
      headers: {
        'x-api-key': sb.apiKey,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + audio.length + 100),
      },
    });
    request.on('error', () => resolve());
    request.write(head);
    request.write(audio.subarray(0, 20_000), async () => {
      // Wait until the server is streaming into its temporary file, then the client crashes.
      for (let i = 0; i < 100 && !sawTempFile; i++) {
        sawTempFile = (await audioFiles()).some((name) => name.startsWith('.upload-'));
        if (!sawTempFile) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      request.destroy();
    });
  });
  await serverSawIt;
  expect(sawTempFile).toBe(true);
  // The server notices the abort asynchronously; poll until its temporary file is gone.
  for (let i = 0; i < 50 && (await audioFiles()).length !== before.length; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(await audioFiles()).toEqual(before);
  expect((await api.get('/audio?limit=100')).body.data).toHaveLength(listedBefore);
});
