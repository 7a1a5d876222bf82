// `pnpm bench`: every benchmark in its own process (one's servers and memory never colour the next), in turn;
// each prints its table and writes bench/results/<name>.json. `node bench/run.mjs upload polling` runs some.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { benchDir } from './lib.mjs';

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
const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !benchmarks.includes(name));
if (unknown.length) {
  console.error(`Unknown benchmark ${unknown.join(', ')}; choose from ${benchmarks.join(', ')}.`);
  process.exit(2);
}

const failed = [];
const summary = [];
for (const name of chosen.length ? chosen : benchmarks) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(benchDir, `${name}.mjs`)], { stdio: 'inherit' });
    child.on('close', resolve);
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (code !== 0) {
    failed.push(name);
    summary.push(`${name}: FAILED (exit ${code}) after ${seconds} s`);
    continue;
  }
  const result = JSON.parse(await readFile(path.join(benchDir, 'results', `${name}.json`), 'utf8'));
  const targets = result.skipped
    ? `skipped: ${result.skipped}`
    : Object.entries(result.targets ?? result.ratios ?? {})
        .map(([target, value]) => `${target} ${value}`)
        .join(', ');
  summary.push(`${name} (${seconds} s): ${targets}`);
}

console.log('\n=== summary ===');
for (const line of summary) console.log(line);
if (failed.length) process.exitCode = 1;
