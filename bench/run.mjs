// `pnpm bench`: every benchmark in its own process (one's servers and memory never colour the next), in turn;
// each prints its table and writes bench/results/<name>.json. `node bench/run.mjs upload polling` runs some.
// `--smoke` (`pnpm bench:smoke`, which CI runs): each end to end on tiny sizes, in seconds, judging nothing and
// writing to a temporary folder; it fails when a benchmark fails, so none can rot unnoticed.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { benchDir, resultsDir } from './lib.mjs';

const benchmarks = [
  'upload',
  'rate-limit',
  'sandbox-throughput',
  'shared-database',
  'polling',
  'bot-turn',
  'zapier-cold-start',
  'mcp-send',
];
const smoke = process.argv.includes('--smoke');
const chosen = process.argv.slice(2).filter((arg) => arg !== '--smoke');
const unknown = chosen.filter((name) => !benchmarks.includes(name));
if (unknown.length) {
  console.error(`Unknown benchmark ${unknown.join(', ')}; choose from ${benchmarks.join(', ')}.`);
  process.exit(2);
}

const env = smoke ? { ...process.env, BENCH_SMOKE: '1' } : process.env;
// A smoke benchmark takes seconds; one still running after this hangs, and fails rather than stall CI.
const smokeLimitMs = 10 * 60_000;
const load = () => os.loadavg()[0].toFixed(1);
const failed = [];
const summary = [];
const runStarted = Date.now();
console.log(`${smoke ? 'Smoke run' : 'Full run'} on ${os.cpus().length} cores, load average ${load()}.`);
for (const name of chosen.length ? chosen : benchmarks) {
  console.log(`\n=== ${name}${smoke ? ' (smoke)' : ''} ===`);
  const started = Date.now();
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(benchDir, `${name}.mjs`)], { stdio: 'inherit', env });
    const limit = smoke
      ? setTimeout(() => {
          console.error(`${name} still runs after ${smokeLimitMs / 60_000} min of a smoke run: stopping it.`);
          child.kill();
        }, smokeLimitMs)
      : undefined;
    child.on('close', (exitCode, signal) => {
      clearTimeout(limit);
      resolve(exitCode ?? signal);
    });
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (code !== 0) {
    failed.push(name);
    summary.push(`${name}: FAILED (exit ${code}) after ${seconds} s`);
    continue;
  }
  const result = JSON.parse(await readFile(path.join(resultsDir(smoke), `${name}.json`), 'utf8'));
  const figures = result.skipped
    ? `skipped: ${result.skipped}`
    : smoke
      ? 'ran'
      : Object.entries(result.targets ?? result.ratios ?? {})
          .map(([target, value]) => `${target} ${value}`)
          .join(', ');
  summary.push(`${name} (${seconds} s): ${figures}`);
}

const total = Math.round((Date.now() - runStarted) / 1000);
console.log(`\n=== summary (${total} s in all; load average ${load()} at the end) ===`);
for (const line of summary) console.log(line);
if (smoke) console.log(`Smoke results (figures from tiny sizes, not comparable) in ${resultsDir(smoke)}`);
if (failed.length) process.exitCode = 1;
