// Upload memory and speed: peak RSS and time of a 10 MB and a 256 MB upload through the core's Node entry,
// against fetch with FormData and against curl -F, each in its own process, all to the same sandbox.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  benchDir,
  commandExists,
  isMain,
  knob,
  median,
  printTable,
  round,
  runMeasured,
  smoke,
  startUnlimitedSandbox,
  verdict,
  writeResult,
} from './lib.mjs';

const MB = 1024 * 1024;
// A small upload, where fixed per-request costs weigh, and a large one, where buffering would show.
const [small, large] = smoke ? [1 * MB, 4 * MB] : [10 * MB, 256 * MB];
const runs = knob('BENCH_UPLOAD_RUNS', 5, 1);

/** A valid WAV of silence of exactly `bytes` bytes: the sandbox parses its header like any upload. */
async function writeWav(file, bytes) {
  const dataBytes = bytes - 44;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(bytes - 8, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(2, 22); // stereo
  header.writeUInt32LE(44_100, 24);
  header.writeUInt32LE(44_100 * 4, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(dataBytes, 40);
  const out = createWriteStream(file);
  out.write(header);
  const chunk = Buffer.alloc(MB);
  for (let left = dataBytes; left > 0; left -= chunk.length) {
    if (!out.write(left >= chunk.length ? chunk : chunk.subarray(0, left))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

export async function run() {
  const hasCurl = await commandExists('curl');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'musique-bench-upload-'));
  const sb = await startUnlimitedSandbox({ seed: 'none', maxUploadBytes: 300 * MB });
  const env = { ...process.env, MUSIQUE_BASE_URL: sb.baseUrl, MUSIQUE_API_KEY: sb.apiKey };
  const node = (mode, file) =>
    runMeasured(process.execPath, [path.join(benchDir, 'upload-client.mjs'), mode, file], { env }).then(
      ({ stdout }) => {
        const { ms, maxRssKb } = JSON.parse(stdout.trim().split('\n').pop());
        return { ms, peakMb: maxRssKb / 1024 };
      },
    );
  const curl = (file) =>
    runMeasured('curl', [
      '-sS',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code} %{time_total}',
      '-H',
      `X-API-Key: ${sb.apiKey}`,
      '-F',
      `name=${path.basename(file)}`,
      '-F',
      `file=@${file};type=audio/wav`,
      `${sb.baseUrl}/audio`,
    ]).then(({ stdout, peakKb }) => {
      const [status, seconds] = stdout.trim().split(' ');
      if (status !== '201') throw new Error(`curl upload answered ${status}`);
      return { ms: Number(seconds) * 1000, peakMb: peakKb / 1024 };
    });

  // The sandbox keeps every upload until it stops: delete each one, so the run needs one file's disk, not 15.
  const clearLibrary = async () => {
    const headers = { 'x-api-key': sb.apiKey };
    const { data } = await (await fetch(`${sb.baseUrl}/audio?limit=100`, { headers })).json();
    for (const audio of data) {
      await fetch(`${sb.baseUrl}/audio/${audio.audioId}`, { method: 'DELETE', headers });
    }
  };
  const rows = [];
  const idle = { node: 0, curl: null };
  try {
    const tiny = path.join(dir, 'tiny.wav');
    await writeWav(tiny, 64 * 1024);
    // Idle: the same process with nothing (or, for curl, next to nothing) to send.
    idle.node = median((await repeat(() => node('idle', tiny))).map((r) => r.peakMb));
    if (hasCurl) idle.curl = median((await repeat(() => curl(tiny))).map((r) => r.peakMb));
    for (const size of [small, large]) {
      const file = path.join(dir, `upload-${size / MB}mb.wav`);
      await writeWav(file, size);
      const clients = [
        ['core (node:http + form-data)', () => node('core', file), idle.node],
        ['fetch + FormData (openAsBlob)', () => node('fetch', file), idle.node],
        ...(hasCurl ? [['curl -F', () => curl(file), idle.curl]] : []),
      ];
      // Interleaved (a, b, c, a, b, c …), so a slow spell of the machine hits every client alike.
      const results = clients.map(() => []);
      for (let i = 0; i < runs; i++) {
        for (const [index, [, once]] of clients.entries()) {
          results[index].push(await once());
          await clearLibrary();
        }
      }
      for (const [index, [client, , idleMb]] of clients.entries()) {
        const ms = median(results[index].map((r) => r.ms));
        const peakMb = median(results[index].map((r) => r.peakMb));
        rows.push({
          sizeMb: size / MB,
          client,
          medianMs: round(ms, 1),
          mbPerS: round(size / MB / (ms / 1000), 1),
          peakRssMb: round(peakMb, 1),
          aboveIdleMb: round(peakMb - idleMb, 1),
        });
      }
      await rm(file, { force: true });
    }
  } finally {
    await sb.stop();
    await rm(dir, { recursive: true, force: true });
  }

  const find = (size, prefix) =>
    rows.find((row) => row.sizeMb === size / MB && row.client.startsWith(prefix));
  const core256 = find(large, 'core');
  const core10 = find(small, 'core');
  const curl256 = find(large, 'curl');
  const fetch256 = find(large, 'fetch');
  const ratios = {
    coreAboveIdleMbAt256: core256.aboveIdleMb,
    coreMemoryGrowth10To256Mb: round(core256.peakRssMb - core10.peakRssMb, 1),
    coreThroughputVsCurlAt256: curl256 ? round(core256.mbPerS / curl256.mbPerS) : null,
    coreThroughputVsCurlAt10: curl256 ? round(core10.mbPerS / find(small, 'curl').mbPerS) : null,
    fetchPeakVsCorePeakAt256: round(fetch256.peakRssMb / core256.peakRssMb),
  };
  const targets = {
    memoryUnder64MbAboveIdleAt256: verdict(core256.aboveIdleMb < 64),
    throughputAtLeast08OfCurl: curl256 ? verdict(ratios.coreThroughputVsCurlAt256 >= 0.8) : 'curl not found',
  };
  printTable(
    `Upload memory and speed (median of ${runs}; idle peak RSS: node ${round(idle.node, 1)} MB, curl ${idle.curl === null ? '-' : round(idle.curl, 1)} MB)`,
    rows,
  );
  console.log({ ratios, targets });
  const file = await writeResult('upload', {
    what: 'Peak RSS and time of one upload per process through three clients to one in-memory sandbox',
    runs,
    method:
      'Each client runs in its own process, runs interleaved across clients, medians reported. Peak RSS is VmHWM: node clients read their own /proc/self/status at the end; curl is sampled from /proc every 2 ms. Time is from the start of the request to the response (process start excluded; curl time_total). Above idle subtracts the same process with nothing to upload.',
    idlePeakRssMb: idle,
    rows,
    ratios,
    targets,
  });
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
  return { rows, ratios, targets };
}

async function repeat(once) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await once());
  return results;
}

if (isMain(import.meta.url)) await run();
