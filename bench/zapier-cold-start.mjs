// Zapier runs the app's build.zip on AWS Lambda, where each cold start unpacks it and requires it: the zip's size,
// and the time a fresh Node 22 process takes to require zapierwrapper.js and answer its first command (which
// loads the app), against the same process doing nothing, in the same run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzip } from '../scripts/platforms/gates/zapier.mjs';
import { provisionNode } from '../scripts/platforms/node-runtime.mjs';
import { isMain, median, printTable, round, smoke, writeResult } from './lib.mjs';

const runs = smoke ? 1 : 10;

// Times are from the process's own start (performance.timeOrigin), so process launch counts in both rows.
const COLD_START = `const t0 = performance.now();
const { handler } = require('./zapierwrapper.js');
const required = performance.now();
handler({ command: 'definition', calledFromCli: true }).then(() => {
  const done = performance.now();
  console.log(JSON.stringify({ boot: t0, required, done }));
});`;
const EMPTY = 'console.log(JSON.stringify({ boot: performance.now() }))';

export async function run() {
  const node = await provisionNode(22);
  const work = mkdtempSync(path.join(os.tmpdir(), 'musique-zapier-bench-'));
  try {
    const { buildZips } = await import('../packages/zapier/scripts/build-zip.mjs');
    const { buildZip } = await buildZips({ outDir: work });
    const dir = path.join(work, 'unzipped');
    unzip(buildZip, dir);
    const unpackedBytes = Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);
    const measure = (script) =>
      JSON.parse(execFileSync(node.bin, ['-e', script], { cwd: dir, encoding: 'utf8' }));
    measure(COLD_START); // the first read of the files from disk is not what Lambda's warm page cache sees
    const empty = [];
    const cold = [];
    for (let i = 0; i < runs; i++) {
      empty.push(measure(EMPTY));
      cold.push(measure(COLD_START));
    }
    const rows = [
      { process: 'empty Node 22 process', ms: round(median(empty.map((r) => r.boot)), 1) },
      { process: 'require zapierwrapper.js', ms: round(median(cold.map((r) => r.required)), 1) },
      { process: 'and first command (app loaded)', ms: round(median(cold.map((r) => r.done)), 1) },
    ];
    const size = {
      zipMB: round(statSync(buildZip).size / 2 ** 20, 2),
      unpackedMB: round(unpackedBytes / 2 ** 20, 2),
    };
    console.log(`\nbuild.zip: ${size.zipMB} MB, ${size.unpackedMB} MB unpacked`);
    printTable(
      `Cold start on ${node.version}, median of ${runs} fresh processes (ms since process start)`,
      rows,
    );
    const ratios = { coldStartVsEmptyProcess: round(rows[2].ms / rows[0].ms) };
    console.log({ size, ratios });
    await writeResult('zapier-cold-start', {
      what: "The Zapier app's build.zip (scripts/build-zip.mjs): size, and how long a fresh Node 22 process takes to require its zapierwrapper.js and answer the first command",
      method: `build.zip built into a temporary folder and unzipped; ${runs} fresh processes each of an empty script and of require('./zapierwrapper.js') + handler({command: 'definition'}), alternating, after one unmeasured run; times from performance.now() (since process start).`,
      size,
      coldStart: rows,
      ratios,
    });
    return { size, ratios };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) await run();
