// Shared by the benchmarks: the built packages, result files, tables, statistics and child processes.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const rootDir = path.dirname(benchDir);

/**
 * The smoke run (`node bench/run.mjs --smoke`, which CI runs): every benchmark end to end on tiny sizes, in
 * seconds, so a benchmark the code has moved away from fails the build. Its figures mean nothing: it judges no
 * target and writes its results to a temporary folder, never over the committed ones.
 */
export const smoke = process.env.BENCH_SMOKE === '1';

/** A size or count: the environment's `name` when set, else the full run's value, or the smoke run's. */
export function knob(name, full, smokeValue) {
  const value = process.env[name];
  if (value === undefined || value === '') return smoke ? smokeValue : full;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new Error(`${name}=${value}: give a positive number.`);
  return number;
}

/** Where results go: bench/results for a full run, a temporary folder for a smoke run (BENCH_RESULTS moves it). */
export const resultsDir = (isSmoke = smoke) =>
  process.env.BENCH_RESULTS ??
  (isSmoke ? path.join(os.tmpdir(), 'musique-bench-smoke') : path.join(benchDir, 'results'));

// The machine's load when this benchmark started: a figure from a busy machine says so in its own file.
const loadAtStart = os.loadavg();

/** A workspace package's built file (`pnpm bench` builds them first); a missing one fails the benchmark. */
export function builtFile(packageDir, file) {
  const built = path.join(rootDir, 'packages', packageDir, file);
  if (!existsSync(built))
    throw new Error(`packages/${packageDir}/${file} is missing: run \`pnpm bench\` (it builds first).`);
  return built;
}

export const importBuilt = (packageDir, file = 'dist/index.js') =>
  import(pathToFileURL(builtFile(packageDir, file)).href);

export const sandboxModule = () => importBuilt('sandbox');
export const coreNodeModule = () => importBuilt('core', 'dist/node.js');

/** A sandbox in memory whose rate limits never get in the way of what a benchmark measures. */
export async function startUnlimitedSandbox(options = {}) {
  const { startSandbox } = await sandboxModule();
  return startSandbox({
    port: 0,
    memory: true,
    seed: 'demo',
    rateLimits: { perMinute: 1e6, perHour: 1e6, perDay: 1e6 },
    ...options,
  });
}

/** True when this module is the script node was started with (each benchmark also runs alone). */
export const isMain = (url) => process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(url);

export async function writeResult(name, result) {
  await mkdir(resultsDir(), { recursive: true });
  const file = path.join(resultsDir(), `${name}.json`);
  const machine = {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpuCount(),
    // Load averages over 1, 5 and 15 minutes, as the benchmark started and as it ended.
    loadAverage: {
      atStart: loadAtStart.map((load) => round(load, 1)),
      atEnd: os.loadavg().map((load) => round(load, 1)),
    },
  };
  await writeFile(
    file,
    `${JSON.stringify({ benchmark: name, ranAt: new Date().toISOString(), ...(smoke ? { smoke: true } : {}), machine, ...result }, null, 2)}\n`,
  );
  return file;
}

function cpuCount() {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm)?.length ?? null;
  } catch {
    return null;
  }
}

export function printTable(title, rows) {
  console.log(`\n${title}`);
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const cells = rows.map((row) => columns.map((column) => formatCell(row[column])));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((row) => row[i].length)));
  const line = (values) => `| ${values.map((value, i) => value.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(columns));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of cells) console.log(line(row));
}

const formatCell = (value) =>
  value === null || value === undefined
    ? '-'
    : typeof value === 'number'
      ? Number.isInteger(value)
        ? String(value)
        : value.toFixed(value < 10 ? 2 : 1)
      : String(value);

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

export const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

export const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * `promise`, or an error saying `what()` once `ms` have passed: a benchmark that waits on an event which never
 * comes fails, and says what it waited for, rather than hanging the run.
 */
export function within(ms, promise, what) {
  let timer;
  const expired = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`after ${ms / 1000} s: ${what()}`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** A table row of timings in ms: p50, p90 and the slowest. */
export const timingRow = (measure, values) => ({
  measure,
  p50: round(median(values), 1),
  p90: round(percentile(values, 90), 1),
  max: round(Math.max(...values), 1),
});

/**
 * Verdict for a target: `met` or `missed`, so the README and the JSON say the same thing. A smoke run's sizes
 * cannot judge a target: it says so instead.
 */
export const verdict = (ok) => (smoke ? 'not judged (smoke run)' : ok ? 'met' : 'missed');

/**
 * Runs a command to completion; returns its stdout and its peak resident memory (VmHWM, KiB) sampled from
 * /proc while it runs, for programs that cannot report their own.
 */
export function runMeasured(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    const sample = () => {
      try {
        // Until exec, the pid still shows this (much larger) process's memory: count only the program's own.
        const argv0 = readFileSync(`/proc/${child.pid}/cmdline`, 'latin1').split('\0')[0];
        if (path.basename(argv0) !== path.basename(command)) return;
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (match) peakKb = Math.max(peakKb, Number(match[1]));
      } catch {
        // Gone between samples: the last sample stands (the high-water mark only grows).
      }
    };
    const sampler = setInterval(sample, 2);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', (error) => {
      clearInterval(sampler);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(sampler);
      if (code !== 0) reject(new Error(`${command} exited with ${code}: ${stderr.trim() || stdout.trim()}`));
      else resolve({ stdout, stderr, peakKb });
    });
  });
}

export const commandExists = (command) =>
  new Promise((resolve) => {
    const child = spawn(command, ['--version'], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
