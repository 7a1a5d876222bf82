// Two sandbox processes on one PostgreSQL server (Debian's, started here on a free port) behave as one API.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type PostgresServer, startPostgresServer } from '../src/testing/postgres-server.js';
import { apiClient, fixtures, openPlayersStream } from './helpers.js';

interface SandboxProcess {
  baseUrl: string;
  apiKey: string;
  companyToken: string;
  child: ChildProcess;
}

const cli = path.join(__dirname, '..', 'dist', 'cli.js');
let server: PostgresServer;
let data: string;
let first: SandboxProcess;
let second: SandboxProcess;

/** `musique-sandbox start --database ...` as its own process; resolves once it prints its base URL and key. */
function startProcess(): Promise<SandboxProcess> {
  const child = spawn(
    process.execPath,
    [cli, 'start', '--port', '0', '--database', server.url, '--data', data, '--seed', 'demo'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const baseUrl = /Base URL\s+(\S+)/.exec(output)?.[1];
      const apiKey = /API key\s+(\S+)/.exec(output)?.[1];
      const companyToken = /Company token\s+(\S+)/.exec(output)?.[1];
      if (baseUrl && apiKey && companyToken) resolve({ baseUrl, apiKey, companyToken, child });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`the sandbox exited ${code}:\n${output}`)));
  });
}

function stopProcess(sandbox: SandboxProcess | undefined): Promise<void> {
  if (!sandbox || sandbox.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    sandbox.child.once('exit', () => resolve());
    sandbox.child.kill('SIGTERM');
  });
}

beforeAll(async () => {
  server = await startPostgresServer();
  data = mkdtempSync(path.join(os.tmpdir(), 'musique-shared-data-'));
  // Started together: migrations and the demo seed must happen once, whoever comes first.
  [first, second] = await Promise.all([startProcess(), startProcess()]);
}, 60_000);

afterAll(async () => {
  await Promise.all([stopProcess(first), stopProcess(second)]);
  await server?.stop();
  rmSync(data, { recursive: true, force: true });
});

const promoId = async () =>
  (await apiClient(first.baseUrl, first.apiKey).get('/audio?name=Summer%20Sale')).body.data[0]
    .audioId as string;

/** Every item of one send on a store's player, playing, queued or played. */
async function itemsOf(sandbox: SandboxProcess, store: string, sendId: string) {
  const player = (await apiClient(sandbox.baseUrl, sandbox.apiKey).get(`/sandbox/locations/${store}/player`))
    .body;
  return [player.nowPlaying, ...player.queue, ...player.history].filter((item) => item?.sendId === sendId);
}

test('both processes print the same demo key and see the same library', async () => {
  expect(second.apiKey).toBe(first.apiKey);
  const names = async (sandbox: SandboxProcess) =>
    (await apiClient(sandbox.baseUrl, sandbox.apiKey).get('/audio')).body.data.map(
      (a: { name: string }) => a.name,
    );
  expect((await names(first)).sort()).toEqual(['Closing Time', 'Store Announcement', 'Summer Sale']);
  expect(await names(second)).toEqual(await names(first));
});

test('a send made through one process shows on the other process’s players stream', async () => {
  const response = await fetch(`${second.baseUrl}/sandbox/players/stream`, {
    headers: { 'x-api-key': second.apiKey },
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  while (!text.includes('event: snapshot')) text += (await reader.read()).value ?? '';
  const sent = await apiClient(first.baseUrl, first.apiKey).post(`/audio/${await promoId()}/send`, {
    externalIds: ['store_007'],
  });
  expect(sent.status).toBe(201);
  while (!/event: store\ndata: .*"externalId":"store_007"/.test(text))
    text += (await reader.read()).value ?? '';
  await reader.cancel();
});

test('an idempotent send replays across processes and plays once', async () => {
  const headers = { 'idempotency-key': 'shared-promo-1' };
  const body = { externalIds: ['store_011'] };
  const audioId = await promoId();
  const made = await apiClient(first.baseUrl, first.apiKey).post(`/audio/${audioId}/send`, body, headers);
  const replayed = await apiClient(second.baseUrl, second.apiKey).post(
    `/audio/${audioId}/send`,
    body,
    headers,
  );
  expect(made.status).toBe(201);
  expect(replayed.status).toBe(201);
  expect(replayed.headers.get('idempotent-replayed')).toBe('true');
  expect(replayed.body).toEqual(made.body);
  expect(await itemsOf(second, 'store_011', made.body.sendId)).toHaveLength(1);
});

test('a scheduled send is delivered once though both processes run their delivery loops', async () => {
  const scheduleAt = new Date(Date.now() + 1500).toISOString();
  const made = await apiClient(first.baseUrl, first.apiKey).post(`/audio/${await promoId()}/send`, {
    externalIds: ['store_021', 'store_022'],
    scheduleAt,
  });
  expect(made.status).toBe(201);
  const { sendId } = made.body;
  // Once it is delivered, both loops (each wakes at least once a second) get a few more rounds to repeat it.
  while ((await itemsOf(first, 'store_021', sendId)).length === 0)
    await new Promise((resolve) => setTimeout(resolve, 100));
  await new Promise((resolve) => setTimeout(resolve, 2500));
  for (const sandbox of [first, second]) {
    expect(await itemsOf(sandbox, 'store_021', sendId)).toHaveLength(1);
    expect(await itemsOf(sandbox, 'store_022', sendId)).toHaveLength(1);
  }
});

/** Waits, if need be, for the next UTC minute: a minute window ending among the requests would allow more. */
async function awayFromMinuteEnd() {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 10_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
}

test('100 requests a minute hold across both processes', async () => {
  const issued = await apiClient(first.baseUrl).post('/auth', {
    externalId: 'store_002',
    companyToken: first.companyToken,
    permissions: ['audio.read'],
  });
  expect(issued.status).toBe(201);
  await awayFromMinuteEnd();
  const statuses = await Promise.all(
    Array.from({ length: 120 }, (_, i) =>
      apiClient((i % 2 ? first : second).baseUrl, issued.body.token)
        .get('/audio?limit=1')
        .then((response) => response.status),
    ),
  );
  expect(statuses.filter((status) => status === 200)).toHaveLength(100);
  expect(statuses.filter((status) => status === 429)).toHaveLength(20);
});

test('what one process leased of a window and did not use is not lost to the other', async () => {
  const issued = await apiClient(first.baseUrl).post('/auth', {
    externalId: 'store_004',
    companyToken: first.companyToken,
    permissions: ['audio.read'],
  });
  expect(issued.status).toBe(201);
  const get = (sandbox: SandboxProcess) =>
    apiClient(sandbox.baseUrl, issued.body.token)
      .get('/audio?limit=1')
      .then((response) => response.status);
  // The first process counts one request and holds the rest of its share; every other goes to the second.
  await awayFromMinuteEnd();
  expect(await get(first)).toBe(200);
  const statuses = await Promise.all(Array.from({ length: 119 }, () => get(second)));
  expect(statuses.filter((status) => status === 200)).toHaveLength(99);
  expect(statuses.filter((status) => status === 429)).toHaveLength(20);
});

test('a key revoked through one process has no open stream on the other once DELETE /auth has answered', async () => {
  const issued = await apiClient(first.baseUrl).post('/auth', {
    externalId: 'store_003',
    companyToken: first.companyToken,
  });
  expect(issued.status).toBe(201);
  const revokedStream = await openPlayersStream(second.baseUrl, issued.body.token);
  const witness = await openPlayersStream(second.baseUrl, second.apiKey);
  expect((await apiClient(first.baseUrl, issued.body.token).delete('/auth')).status).toBe(200);
  const sent = await apiClient(first.baseUrl, first.apiKey).post(`/audio/${await promoId()}/send`, {
    externalIds: ['store_031'],
  });
  expect(sent.status).toBe(201);
  // The send's event reached the other process (its stream of a valid key got it); the revoked one had ended.
  expect(await witness.readUntil(new RegExp(sent.body.sendId))).toBe(true);
  await witness.cancel();
  expect(await revokedStream.readToEnd()).not.toContain(sent.body.sendId);
});

test('a key revoked through one process is refused by the other on its next request', async () => {
  const issued = await apiClient(first.baseUrl).post('/auth', {
    externalId: 'store_004',
    companyToken: first.companyToken,
  });
  const key = issued.body.token as string;
  // Both processes have used the key, so both remember it.
  for (const sandbox of [first, second, first, second])
    expect((await apiClient(sandbox.baseUrl, key).get('/audio?limit=1')).status).toBe(200);
  expect((await apiClient(first.baseUrl, key).delete('/auth')).status).toBe(200);
  for (const sandbox of [second, first])
    expect((await apiClient(sandbox.baseUrl, key).get('/audio?limit=1')).status).toBe(401);
});

test('an audio deleted through one process is gone from the other; a send through one counts on both', async () => {
  const api = apiClient(first.baseUrl, first.apiKey);
  const form = new FormData();
  form.append('name', 'Shared Flash Sale');
  form.append('file', new Blob([readFileSync(path.join(fixtures, 'promo-summer-sale.mp3'))]), 'flash.mp3');
  const uploaded = await fetch(`${first.baseUrl}/audio`, {
    method: 'POST',
    headers: { 'x-api-key': first.apiKey },
    body: form,
  });
  expect(uploaded.status).toBe(201);
  const { audioId } = (await uploaded.json()) as { audioId: string };
  const onSecond = () => apiClient(second.baseUrl, second.apiKey).get(`/audio/${audioId}`);
  // Read on both (remembered by both), then played through the first: the second's stats follow at once.
  expect((await onSecond()).body.stats.timesPlayed).toBe(0);
  expect((await api.get(`/audio/${audioId}`)).status).toBe(200);
  expect((await api.post(`/audio/${audioId}/send`, { externalIds: ['store_041'] })).status).toBe(201);
  expect((await onSecond()).body.stats.timesPlayed).toBe(1);
  expect((await api.delete(`/audio/${audioId}`)).status).toBe(200);
  expect((await onSecond()).status).toBe(404);
});

test('usage logs are written in batches, yet a request answered by one process is in the other’s GET /logs', async () => {
  const made = await apiClient(first.baseUrl, first.apiKey).get('/audio?limit=1&category=shared-log');
  expect(made.status).toBe(200);
  const requestId = made.headers.get('x-request-id');
  const logs = await apiClient(second.baseUrl, second.apiKey).get(
    '/logs?limit=100&path=/api/v1/integration/audio',
  );
  expect(logs.body.data.map((log: { requestId: string }) => log.requestId)).toContain(requestId);
});
