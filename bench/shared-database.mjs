// The sandbox at scale: requests per second on GET /audio/{id} with the embedded PGlite, with one process on a
// PostgreSQL server, and with two processes on that server (load split between them), in one run. Every
// sandbox runs in its own process, as a deployment would; autocannon runs in its own processes too.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { benchDir, importBuilt, isMain, printTable, round, runMeasured, writeResult } from './lib.mjs';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = 10;

function startProcess(options) {
  const child = spawn(
    process.execPath,
    [path.join(benchDir, 'sandbox-process.mjs'), JSON.stringify(options)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('\n')) resolve({ ...JSON.parse(output), child });
    });
    child.once('exit', (code) => reject(new Error(`a sandbox process exited ${code}`)));
  });
}

const stopProcess = ({ child }) =>
  new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });

async function cannon(url, apiKey, duration) {
  const { stdout } = await runMeasured(
    process.execPath,
    [path.join(benchDir, 'autocannon-child.mjs'), JSON.stringify({ url, connections, duration })],
    { env: { ...process.env, MUSIQUE_API_KEY: apiKey } },
  );
  const result = JSON.parse(stdout.trim().split('\n').pop());
  if (result.non2xx || result.errors) throw new Error(`autocannon saw failures: ${JSON.stringify(result)}`);
  return result;
}

/** The same load on every process at once, after a 1 s warm-up; requests per second added up. */
async function measure(processes) {
  const audio = await (
    await fetch(`${processes[0].baseUrl}/audio?limit=1`, { headers: { 'x-api-key': processes[0].apiKey } })
  ).json();
  const urls = processes.map((p) => `${p.baseUrl}/audio/${audio.data[0].audioId}`);
  await Promise.all(urls.map((url, i) => cannon(url, processes[i].apiKey, 1)));
  const results = await Promise.all(urls.map((url, i) => cannon(url, processes[i].apiKey, seconds)));
  return {
    requestsPerSecond: Math.round(results.reduce((sum, r) => sum + r.requestsPerSecond, 0)),
    p50Ms: Math.max(...results.map((r) => r.latency.p50)),
    p99Ms: Math.max(...results.map((r) => r.latency.p99)),
  };
}

export async function run() {
  const { startPostgresServer } = await importBuilt('sandbox', 'dist/testing.js');
  const rows = [];
  const embedded = await startProcess({ memory: true });
  try {
    rows.push({ setup: 'embedded PGlite, 1 process', ...(await measure([embedded])) });
  } finally {
    await stopProcess(embedded);
  }

  const server = await startPostgresServer();
  const data = await mkdtemp(path.join(os.tmpdir(), 'musique-bench-shared-'));
  try {
    const first = await startProcess({ memory: false, database: server.url, data });
    try {
      rows.push({ setup: 'PostgreSQL, 1 process', ...(await measure([first])) });
      const second = await startProcess({ memory: false, database: server.url, data });
      try {
        rows.push({ setup: 'PostgreSQL, 2 processes', ...(await measure([first, second])) });
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
  const [pglite, onePg, twoPg] = rows.map((row) => row.requestsPerSecond);
  const ratios = {
    postgresVsPglite: round(onePg / pglite),
    twoProcessesVsOne: round(twoPg / onePg),
  };
  console.log({ ratios });
  await writeResult('shared-database', {
    what: 'The sandbox on its embedded PGlite, and one and two sandbox processes on one PostgreSQL server (Debian 15, fsync off, on this machine), each behind its own autocannon',
    method:
      'Each sandbox runs in its own process (bench/sandbox-process.mjs) with rate limits out of the way; autocannon children (one per sandbox process) load GET /audio/{id} together after a 1 s warm-up; requests per second are added up, latencies are the worst of the processes. With two processes nothing is cached between queries (shared mode), as it must not be when another process may write.',
    rows,
    ratios,
  });
  return { ratios };
}

if (isMain(import.meta.url)) await run();
