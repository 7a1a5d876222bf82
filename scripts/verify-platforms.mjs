// pnpm verify:platforms [--prepare] [gate ...]: each platform's own gate on the committed code, against live
// sandboxes. Every gate runs (one failing does not hide the next); any failure, including a gate that cannot
// run here, fails the whole. Downloads are cached in ~/.cache/musique-connect (MUSIQUE_CACHE), filled on first
// use; each gate's `prepare()` fetches them, and --prepare runs only those, all at once.
import { GateUnavailable, run } from './platforms/cache.mjs';

/** In the order they run; each module exports `title`, `run()` and, where it downloads, `prepare()`. */
const gates = ['node24', 'n8n-scanner', 'n8n', 'zapier', 'contract', 'teams', 'mcp', 'power-platform'];

// --prepare: only the gates' downloads, all at once (.ci/run starts it in the background before the tests).
const prepareOnly = process.argv.includes('--prepare');
const chosen = process.argv.slice(2).filter((arg) => arg !== '--prepare');
const unknown = chosen.filter((name) => !gates.includes(name));
if (unknown.length) {
  console.error(`Unknown gate ${unknown.join(', ')}: choose from ${gates.join(', ')}.`);
  process.exit(2);
}

if (prepareOnly) {
  const started = Date.now();
  const outcomes = await Promise.allSettled(
    (chosen.length ? chosen : gates).map(async (name) => {
      const gate = await import(`./platforms/gates/${name}.mjs`);
      await gate.prepare?.();
      return name;
    }),
  );
  const failed = outcomes.filter((outcome) => outcome.status === 'rejected');
  for (const { reason } of failed) console.error(`A gate's download failed: ${reason.message}`);
  console.log(
    `Gate downloads ${failed.length ? 'incomplete' : 'ready'} in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  process.exit(failed.length ? 1 : 0);
}

await run('pnpm', ['build', '--output-logs=errors-only']);

const results = [];
for (const name of chosen.length ? chosen : gates) {
  const gate = await import(`./platforms/gates/${name}.mjs`);
  const started = Date.now();
  console.log(`\n=== ${name}: ${gate.title}`);
  let outcome = 'passed';
  try {
    await gate.run();
  } catch (error) {
    outcome =
      error instanceof GateUnavailable ? `could not run: ${error.message}` : `failed: ${error.message}`;
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  results.push({ name, outcome, seconds });
  console.log(`=== ${name}: ${outcome} (${seconds} s)`);
}

console.log('\nPlatform gates');
for (const { name, outcome, seconds } of results)
  console.log(`  ${name.padEnd(14)} ${outcome.split('\n')[0]} (${seconds} s)`);
process.exit(results.every((r) => r.outcome === 'passed') ? 0 : 1);
