// The sandbox at scale: GET /audio/{id} with the embedded PGlite, with one process on a PostgreSQL server, and
// with two processes on that server, in one run, under two loads: one key (a single client hammering) and 20
// keys of 4 companies (a team's CI). Beside requests per second, what a 2-core machine can judge honestly: per
// request, the sandboxes' database round trips and their CPU time. Every sandbox runs in its own process, as a
// deployment would; autocannon runs in its own processes too.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  benchDir,
  importBuilt,
  isMain,
  knob,
  printTable,
  rootDir,
  round,
  runMeasured,
  smoke,
  verdict,
  writeResult,
} from './lib.mjs';

const seconds = knob('BENCH_SECONDS', 5, 1);
const connections = 10;
const companies = 4;
const keysPerCompany = 5;

function startProcess(options) {
  const child = spawn(
    process.execPath,
    [path.join(benchDir, 'sandbox-process.mjs'), JSON.stringify(options)],
    {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    },
  );
  let nextId = 0;
  const waiting = new Map();
  child.on('message', ({ id, result }) => {
    waiting.get(id)?.(result);
    waiting.delete(id);
  });
  /** Asks the process over IPC: its usage so far, or a new company. */
  const ask = (type, args = {}) =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.send({ id, type, ...args });
    });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('\n')) resolve({ ...JSON.parse(output), child, ask });
    });
    child.once('exit', (code) => reject(new Error(`a sandbox process exited ${code}`)));
  });
}

const stopProcess = ({ child }) =>
  new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });

async function cannon(options, duration) {
  const { stdout } = await runMeasured(process.execPath, [
    path.join(benchDir, 'autocannon-child.mjs'),
    JSON.stringify({ ...options, connections, duration }),
  ]);
  const result = JSON.parse(stdout.trim().split('\n').pop());
  if (result.non2xx || result.errors) throw new Error(`autocannon saw failures: ${JSON.stringify(result)}`);
  return result;
}

const json = async (response) => {
  if (!response.ok) throw new Error(`${response.url} answered ${response.status}: ${await response.text()}`);
  return response.json();
};

/** One key: the demo company's, reading one audio record (as autocannon's requests: absolute paths). */
async function oneKey(sandbox) {
  const headers = { 'x-api-key': sandbox.apiKey };
  const audio = await json(await fetch(`${sandbox.baseUrl}/audio?limit=1`, { headers }));
  return [{ path: `${new URL(sandbox.baseUrl).pathname}/audio/${audio.data[0].audioId}`, headers }];
}

/** 20 keys of 4 companies, each reading its company's own promo, in turn on every connection. */
async function manyKeys(sandbox) {
  const promo = readFileSync(path.join(rootDir, 'shared/fixtures/promo-summer-sale.mp3'));
  const requests = [];
  for (let c = 1; c <= companies; c++) {
    const stores = Array.from({ length: keysPerCompany }, (_, k) => `ci_${c}_store_${k + 1}`);
    const company = await sandbox.ask('company', { name: `CI team ${c}`, externalIds: stores });
    const form = new FormData();
    form.append('name', `CI promo ${c}`);
    form.append('file', new Blob([promo], { type: 'audio/mpeg' }), `ci-promo-${c}.mp3`);
    const upload = await fetch(`${sandbox.baseUrl}/audio`, {
      method: 'POST',
      headers: { 'x-api-key': company.apiKey },
      body: form,
    });
    const { audioId } = await json(upload);
    const keys = [company.apiKey];
    for (const externalId of stores.slice(1)) {
      const issued = await fetch(`${sandbox.baseUrl}/auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ externalId, companyToken: company.companyToken }),
      });
      keys.push((await json(issued)).token);
    }
    const audioPath = `${new URL(sandbox.baseUrl).pathname}/audio/${audioId}`;
    for (const key of keys) requests.push({ path: audioPath, headers: { 'x-api-key': key } });
  }
  return requests;
}

const usage = async (processes) => {
  const all = await Promise.all(processes.map((p) => p.ask('usage')));
  return {
    cpuMicros: all.reduce((sum, u) => sum + u.cpuMicros, 0),
    roundTrips: all.reduce((sum, u) => sum + u.roundTrips, 0),
  };
};

/**
 * The same requests on every process at once (a load balancer spreading every key over them), after a 1 s
 * warm-up; requests per second added up; round trips and CPU time of the sandbox processes per request served.
 */
async function measure(processes, requests) {
  const load = (p) => ({ url: p.baseUrl, requests });
  if (!smoke) await Promise.all(processes.map((p) => cannon(load(p), 1)));
  const before = await usage(processes);
  const results = await Promise.all(processes.map((p) => cannon(load(p), seconds)));
  const after = await usage(processes);
  const served = results.reduce((sum, r) => sum + r.total, 0);
  return {
    requestsPerSecond: Math.round(results.reduce((sum, r) => sum + r.requestsPerSecond, 0)),
    p50Ms: Math.max(...results.map((r) => r.latency.p50)),
    p99Ms: Math.max(...results.map((r) => r.latency.p99)),
    roundTripsPerRequest: round((after.roundTrips - before.roundTrips) / served, 3),
    cpuMicrosPerRequest: Math.round((after.cpuMicros - before.cpuMicros) / served),
  };
}

/** Both loads on these processes; the many keys are set up through the first. */
async function measureBoth(setup, processes, loads) {
  loads.one ??= await oneKey(processes[0]);
  loads.many ??= await manyKeys(processes[0]);
  return [
    { setup, load: '1 key', ...(await measure(processes, loads.one)) },
    { setup, load: '20 keys, 4 companies', ...(await measure(processes, loads.many)) },
  ];
}

export async function run() {
  const { startPostgresServer } = await importBuilt('sandbox', 'dist/testing.js');
  const rows = [];
  const embedded = await startProcess({ memory: true });
  try {
    rows.push(...(await measureBoth('embedded PGlite, 1 process', [embedded], {})));
  } finally {
    await stopProcess(embedded);
  }

  const server = await startPostgresServer();
  const data = await mkdtemp(path.join(os.tmpdir(), 'musique-bench-shared-'));
  try {
    const loads = {};
    const first = await startProcess({ memory: false, database: server.url, data });
    try {
      rows.push(...(await measureBoth('PostgreSQL, 1 process', [first], loads)));
      const second = await startProcess({ memory: false, database: server.url, data });
      try {
        rows.push(...(await measureBoth('PostgreSQL, 2 processes', [first, second], loads)));
      } finally {
        await stopProcess(second);
      }
    } finally {
      await stopProcess(first);
    }
  } finally {
    await server.stop();
    await rm(data, { recursive: true, force: true });
  }

  printTable(`GET /audio/{id}: ${connections} connections per process, ${seconds} s (autocannon)`, rows);
  const find = (setup, load) => rows.find((row) => row.setup.startsWith(setup) && row.load.startsWith(load));
  const ratios = {};
  for (const load of ['1 key', '20 keys']) {
    const pglite = find('embedded', load).requestsPerSecond;
    const one = find('PostgreSQL, 1', load).requestsPerSecond;
    const two = find('PostgreSQL, 2', load).requestsPerSecond;
    ratios[load] = { postgresVsPglite: round(one / pglite), twoProcessesVsOne: round(two / one) };
  }
  const cachedGetRoundTrips = Math.max(...rows.map((row) => row.roundTripsPerRequest));
  const targets = {
    'two processes serve at least as much as one (20 keys)': verdict(
      ratios['20 keys'].twoProcessesVsOne >= 1,
    ),
    'one PostgreSQL process at least 0.3 of PGlite (20 keys)': verdict(
      ratios['20 keys'].postgresVsPglite >= 0.3,
    ),
    'a cached GET makes no database round trip (every row: under 0.05 per request, background work included)':
      verdict(cachedGetRoundTrips < 0.05),
  };
  console.log({ ratios, targets });
  await writeResult('shared-database', {
    what: 'The sandbox on its embedded PGlite, and one and two sandbox processes on one PostgreSQL server (Debian 15, fsync off, on this machine), each behind its own autocannon, under one key and under 20 keys of 4 companies',
    method:
      "Each sandbox runs in its own process (bench/sandbox-process.mjs) with rate limits out of the way; autocannon children (one per sandbox process, 10 connections each) send the same requests to every process together after a 1 s warm-up: one key reading one audio record, or 20 keys (5 per company, issued over POST /auth) each reading its company's promo, in turn. Requests per second are added up, latencies are the worst of the processes. Per request served: the sandbox processes' database round trips (statements, begin and commit, counted in the SQL client; background work such as batched usage logs and the delivery loop included) and their CPU time (process.cpuUsage(), read over IPC before and after). PostgreSQL's own CPU is not in it. The machine has 2 cores shared by PostgreSQL, the sandboxes, autocannon and other work: read the per-request figures.",
    rows,
    ratios,
    targets,
  });
  return { ratios, targets };
}

if (isMain(import.meta.url)) await run();
