// Sandbox throughput: get-audio under autocannon against a bare node:http server answering the same JSON and
// against Prism's mock of the contract (the stateless mock a partner would otherwise run), in the same run; then
// list-page latency with 1,000 and with 100,000 audio files stored.
import { once } from 'node:events';
import http from 'node:http';
import path from 'node:path';
import { contractFile, startPrism } from '../scripts/platforms/prism.mjs';
import {
  benchDir,
  isMain,
  knob,
  percentile,
  printTable,
  round,
  runMeasured,
  sandboxModule,
  smoke,
  verdict,
  writeResult,
} from './lib.mjs';

const seconds = knob('BENCH_SECONDS', 5, 1);
// Libraries the list latency is measured on, and the requests timed on each (page, then name search).
const librarySizes = smoke ? [100, 1_000] : [1_000, 100_000];
const [pageRequests, searchRequests] = smoke ? [20, 10] : [300, 50];
const connections = 10;

async function cannon(options, apiKey) {
  const env = { ...process.env, MUSIQUE_API_KEY: apiKey ?? '' };
  const { stdout } = await runMeasured(
    process.execPath,
    [path.join(benchDir, 'autocannon-child.mjs'), JSON.stringify(options)],
    { env },
  );
  const result = JSON.parse(stdout.trim().split('\n').pop());
  if (result.non2xx || result.errors) throw new Error(`autocannon saw failures: ${JSON.stringify(result)}`);
  return result;
}

/** Warm up, then measure, so neither server is measured cold (a smoke run measures nothing: no warm-up). */
async function load(url, apiKey) {
  if (!smoke) await cannon({ url, connections, duration: 1 }, apiKey);
  return cannon({ url, connections, duration: seconds }, apiKey);
}

export async function run() {
  const { startSandbox } = await sandboxModule();
  const sb = await startSandbox({
    port: 0,
    memory: true,
    seed: 'demo',
    rateLimits: { perMinute: 1e9, perHour: 1e9, perDay: 1e9 },
  });
  try {
    const headers = { 'x-api-key': sb.apiKey };
    const list = await (await fetch(`${sb.baseUrl}/audio?limit=1`, { headers })).json();
    const audioUrl = `${sb.baseUrl}/audio/${list.data[0].audioId}`;
    const sample = await fetch(audioUrl, { headers });
    const body = await sample.text();

    // The floor: the same bytes from node:http with nothing behind them.
    const bare = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
    });
    bare.listen(0, '127.0.0.1');
    await once(bare, 'listening');
    const bareUrl = `http://127.0.0.1:${bare.address().port}/audio`;
    const bareResult = await load(bareUrl);
    bare.close();
    const sandboxResult = await load(audioUrl, sb.apiKey);
    // Prism logs every request at its default level; at `error` the figure is its serving, not its logging.
    const mock = await startPrism(['mock', contractFile], { verboseLevel: 'error' });
    let mockResult;
    try {
      mockResult = await load(`${mock.url}/audio/${list.data[0].audioId}`, sb.apiKey);
    } finally {
      await mock.stop();
    }

    const throughput = [
      row('bare node:http, same JSON', bareResult),
      row('sandbox GET /audio/{id}', sandboxResult),
      row('prism mock GET /audio/{id}', mockResult),
    ];
    const rpsRatio = round(sandboxResult.requestsPerSecond / bareResult.requestsPerSecond, 3);
    const mockRatio = round(sandboxResult.requestsPerSecond / mockResult.requestsPerSecond, 2);
    printTable(
      `Throughput: ${connections} connections, ${seconds} s each (autocannon, separate process)`,
      throughput,
    );

    // List latency: one request at a time, first page of 20, newest first; then a name search.
    const source = list.data.find((audio) => audio.name === 'Summer Sale') ?? list.data[0];
    const libraries = [];
    let stored = list.data.length === 0 ? 0 : await countAudio(sb, headers);
    for (const target of librarySizes) {
      stored += await sb.copyAudio(source.audioId, target - stored);
      const pageUrl = `${sb.baseUrl}/audio?limit=20`;
      const searchUrl = `${sb.baseUrl}/audio?limit=20&name=no-such-promo`;
      const page = await sequential(pageUrl, sb.apiKey, pageRequests);
      const search = await sequential(searchUrl, sb.apiKey, searchRequests);
      libraries.push({ stored, request: 'GET /audio?limit=20', ...latencyRow(page) });
      libraries.push({ stored, request: 'GET /audio?name=<no match>', ...latencyRow(search) });
    }
    printTable('List latency, one request at a time (ms)', libraries);
    const firstPage = libraries.filter((entry) => entry.request === 'GET /audio?limit=20');
    const listRatio = round(firstPage[1].p50 / firstPage[0].p50);
    const listRatioP99 = round(firstPage[1].p99 / firstPage[0].p99);
    const targets = {
      throughputAtLeast05OfBare: verdict(rpsRatio >= 0.5),
      listLatency100kWithin15xOf1k: verdict(listRatio <= 1.5),
    };
    const ratios = {
      sandboxVsBareRps: rpsRatio,
      sandboxVsPrismMockRps: mockRatio,
      list100kVs1kP50: listRatio,
      list100kVs1kP99: listRatioP99,
    };
    console.log({ ratios, targets });
    await writeResult('sandbox-throughput', {
      what: "Sandbox (Fastify + PGlite in a worker, in-memory) against a bare node:http server sending the same bytes, and against Prism 5.16's mock of the contract (`prism mock`, Node 24, log level error)",
      method:
        'autocannon runs in a child process; each server gets a 1 s warm-up before the measured run. List latency is 300 sequential requests (50 for the search) over one keep-alive node:http connection from this process, timed with performance.now(), after 1,000 and 100,000 audio records were stored with sb.copyAudio; the list endpoint is the real one (key check, rate-limit count, usage log, query).',
      throughput,
      listLatency: libraries,
      ratios,
      targets,
    });
    return { ratios, targets };
  } finally {
    await sb.stop();
  }
}

const row = (server, result) => ({
  server,
  requestsPerSecond: Math.round(result.requestsPerSecond),
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  total: result.total,
});

const latencyRow = (result) => ({
  p50: result.latency.p50,
  p90: result.latency.p90,
  p99: result.latency.p99,
});

/**
 * One request at a time over one keep-alive connection, timed to the microsecond (autocannon reports whole
 * milliseconds, too coarse for a 3 ms page): latency without queueing, after 20 warm-up requests.
 */
async function sequential(url, apiKey, amount) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = () =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      http
        .get(url, { agent, headers: { 'x-api-key': apiKey } }, (response) => {
          response.resume();
          response.on('end', () =>
            response.statusCode === 200
              ? resolve(performance.now() - started)
              : reject(new Error(`${url} answered ${response.statusCode}`)),
          );
        })
        .on('error', reject);
    });
  for (let i = 0; i < 20; i++) await get();
  const times = [];
  for (let i = 0; i < amount; i++) times.push(await get());
  agent.destroy();
  const at = (p) => round(percentile(times, p), 2);
  return { latency: { p50: at(50), p90: at(90), p99: at(99) } };
}

async function countAudio(sb, headers) {
  let count = 0;
  let cursor = null;
  do {
    const page = await (
      await fetch(`${sb.baseUrl}/audio?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { headers })
    ).json();
    count += page.data.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

if (isMain(import.meta.url)) await run();
