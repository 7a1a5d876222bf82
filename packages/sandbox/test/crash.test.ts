// kill -9 is no graceful stop: the sandbox runs as its own process here, and is killed in the middle of an upload.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { apiClient, fixture, startTestSandbox } from './helpers.js';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'musique-crash-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** The built CLI in a child process; resolves once it prints its base URL and key. */
function startChild(): Promise<{ child: ChildProcess; baseUrl: string; apiKey: string }> {
  const cli = path.join(__dirname, '..', 'dist', 'cli.js');
  const child = spawn(process.execPath, [cli, 'start', '--port', '0', '--data', dataDir, '--seed', 'none'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const baseUrl = /Base URL\s+(\S+)/.exec(out)?.[1];
      const apiKey = /API key\s+(\S+)/.exec(out)?.[1];
      if (baseUrl && apiKey) resolve({ child, baseUrl, apiKey });
    });
    child.on('exit', (code) =>
      reject(new Error(`the sandbox exited with ${code} before it started: ${out}`)),
    );
  });
}

jest.setTimeout(60_000);

test('kill -9 during an upload leaves nothing partial, and keeps audio, scheduled sends, idempotency keys and rate counts', async () => {
  const { child, baseUrl, apiKey } = await startChild();
  const api = apiClient(baseUrl, apiKey);
  const kept = await api.upload(
    fixture('promo-summer-sale.mp3'),
    'kept.mp3',
    {},
    { 'idempotency-key': 'kept' },
  );
  expect(kept.status).toBe(201);
  const scheduleAt = new Date(Date.now() + 6000).toISOString();
  const scheduled = await api.post(`/audio/${kept.body.audioId}/send`, {
    externalIds: ['store_003'],
    scheduleAt,
  });
  expect(scheduled.status).toBe(201);
  const usedBefore = (await api.get('/limits')).body.usage.perHour;

  // Half a file, then the process dies while it waits for the rest.
  const mp3 = fixture('promo-summer-sale.mp3');
  const head = Buffer.from(
    '--b\r\ncontent-disposition: form-data; name="name"\r\n\r\nhalf\r\n' +
      '--b\r\ncontent-disposition: form-data; name="file"; filename="half.mp3"\r\n\r\n',
  );
  const upload = httpRequest(`${baseUrl}/audio`, {
    method: 'POST',
    headers: { 'x-api-key': apiKey, 'content-type': 'multipart/form-data; boundary=b' },
  });
  upload.on('error', () => {});
  upload.write(Buffer.concat([head, mp3.subarray(0, mp3.length >> 1)]));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await exited;

  const sb = await startTestSandbox({ memory: false, data: dataDir, seed: 'none' });
  try {
    const after = apiClient(sb.baseUrl, apiKey);
    const library = (await after.get('/audio')).body.data;
    expect(library.map((audio: { audioId: string }) => audio.audioId)).toEqual([kept.body.audioId]);
    // The half-written temporary file is gone too: only the kept audio's file is left.
    expect(await readdir(path.join(dataDir, 'audio'))).toEqual([`${kept.body.audioId}.mp3`]);
    // The scheduled send survived: it is played once it comes due, not before.
    while ((await sb.player('store_003')).nowPlaying?.sendId !== scheduled.body.sendId) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(scheduleAt));
    const replay = await after.upload(
      fixture('promo-summer-sale.mp3'),
      'kept.mp3',
      {},
      { 'idempotency-key': 'kept' },
    );
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.audioId).toBe(kept.body.audioId);
    expect((await after.get('/limits')).body.usage.perHour).toBeGreaterThan(usedBefore);
  } finally {
    await sb.stop();
  }
});
