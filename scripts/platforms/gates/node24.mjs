// The whole test suite on Node 24, the runtime current n8n requires, as it passes on 20.19+. --force: turbo's
// cache does not key on the Node version, so a cached Node 20 pass must not count.
import { run as exec, withNode } from '../cache.mjs';
import { provisionNode } from '../node-runtime.mjs';

export const title = 'the whole test suite on Node 24';

export const prepare = () => provisionNode(24);

export async function run() {
  const node = await prepare();
  await exec('pnpm', ['test', '--force'], { env: withNode(node.bin, { npm_config_nodedir: node.nodedir }) });
}
