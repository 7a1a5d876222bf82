// One upload in a fresh process, so its peak memory is its own (VmHWM: getrusage's maxRSS would carry over
// the parent's peak across exec): `node upload-client.mjs <core|fetch|idle> <file>`
// with MUSIQUE_BASE_URL and MUSIQUE_API_KEY in the environment. Prints {ms, maxRssKb}.
import { openAsBlob, readFileSync } from 'node:fs';
import path from 'node:path';
import { coreNodeModule } from './lib.mjs';

const [mode, file] = process.argv.slice(2);
const baseUrl = process.env.MUSIQUE_BASE_URL;
const apiKey = process.env.MUSIQUE_API_KEY;
// Loaded in every mode, so the idle baseline carries the same code as the measured runs.
const { MusiqueClient, fileFromPath } = await coreNodeModule();
const name = path.basename(file);

let ms = 0;
if (mode === 'core') {
  const client = new MusiqueClient({ apiKey, baseUrl, retry: false, timeoutMs: 600_000 });
  const started = performance.now();
  await client.audio.upload({ file: await fileFromPath(file), name });
  ms = performance.now() - started;
} else if (mode === 'fetch') {
  const started = performance.now();
  const form = new FormData();
  form.append('name', name);
  form.append('file', await openAsBlob(file, { type: 'audio/wav' }), name);
  const response = await fetch(`${baseUrl}/audio`, {
    method: 'POST',
    headers: { 'x-api-key': apiKey },
    body: form,
  });
  const body = await response.text();
  if (response.status !== 201) throw new Error(`fetch upload answered ${response.status}: ${body}`);
  ms = performance.now() - started;
} else if (mode !== 'idle') {
  throw new Error(`Unknown mode ${mode}; use core, fetch or idle.`);
}
const maxRssKb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
console.log(JSON.stringify({ ms, maxRssKb }));
