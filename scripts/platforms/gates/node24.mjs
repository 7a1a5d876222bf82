// The whole test suite on Node 24, the runtime current n8n requires, as it passes on 20.19+. --force: turbo's
// cache does not key on the Node version, so a cached Node 20 pass must not count.
import { run as exec, withNode } from '../cache.mjs';
import { provisionNode } from '../node-runtime.mjs';

export const title = 'the whole test suite on Node 24';

export const prepare = () => provisionNode(24);

export async function run() {
  const node = await prepare();
  const test = () =>
    exec('pnpm', ['test', '--force'], { env: withNode(node.bin, { npm_config_nodedir: node.nodedir }) });
  try {
    await test();
  } catch (error) {
    // Seen once in about a dozen gate runs (2026-12-02): jest itself died of SIGSEGV on Node 24 before the first
    // Zapier test file reported (pnpm reports 139), and three reruns passed. Hunted on 2026-12-07 on Node 24.22.3
    // (the newest 24 since 2026-11-12, so likely the one then) without a single crash: 80 jest runs of a Zapier test file and one whole Zapier
    // suite, 518 fresh processes loading @swc/core and transforming the Zapier tests, 400 loading jest's native
    // resolver (unrs-resolver), 31 starting and stopping a sandbox (PGlite's WebAssembly in a worker thread).
    // Until its cause is known, a crash of the runtime gets one more run, said out loud with the Node version;
    // a test that fails, or a second crash, fails the gate.
    if (error.exitCode !== 139) throw error;
    console.warn(
      `  pnpm test crashed on Node ${node.version} (segmentation fault, cause not yet known): running it once more`,
    );
    await test();
  }
}
