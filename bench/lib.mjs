// Shared by the benchmarks: the built packages, result files, tables, statistics and child processes.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const rootDir = path.dirname(benchDir);

/** A workspace package's built entry (`pnpm bench` builds them first), or null when it is not built. */
export function builtEntry(packageDir, file) {
  const entry = path.join(rootDir, 'packages', packageDir, file);
  return existsSync(entry) ? pathToFileURL(entry).href : null;
}

export async function importBuilt(packageDir, file = 'dist/index.js') {
  const entry = builtEntry(packageDir, file);
  if (!entry)
    throw new Error(`packages/${packageDir}/${file} is missing: run \`pnpm bench\` (it builds first).`);
  return import(entry);
}

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
  const dir = path.join(benchDir, 'results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  const machine = {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpuCount(),
  };
  await writeFile(
    file,
    `${JSON.stringify({ benchmark: name, ranAt: new Date().toISOString(), machine, ...result }, null, 2)}\n`,
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

/** A table row of timings in ms: p50, p90 and the slowest. */
export const timingRow = (measure, values) => ({
  measure,
  p50: round(median(values), 1),
  p90: round(percentile(values, 90), 1),
  max: round(Math.max(...values), 1),
});

/** Verdict for a target: `met` or `missed`, so the README and the JSON say the same thing. */
export const verdict = (ok) => (ok ? 'met' : 'missed');

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
