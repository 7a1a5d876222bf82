// The Teams SDK host's conversation suite, on a Node that runs the SDK (22.12+): this Node when it can, else
// Node 24 provisioned as the platform gates provision it (MUSIQUE_CACHE). Never skipped: without such a Node
// this fails and says why.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { provisionNode } from '../../../scripts/platforms/node-runtime.mjs';

const [major, minor] = process.versions.node.split('.').map(Number);
const supported = major > 22 || (major === 22 && minor >= 12);
let node = process.execPath;
if (!supported) {
  console.log(
    `Node ${process.versions.node} cannot run the Teams SDK (it needs 22.12+): provisioning Node 24.`,
  );
  node = (await provisionNode(24)).bin;
}
const jest = join(dirname(createRequire(import.meta.url).resolve('jest/package.json')), 'bin', 'jest.js');
const run = spawnSync(node, [jest, '--runTestsByPath', 'test/conversation-teams-sdk.test.ts'], {
  cwd: fileURLToPath(new URL('..', import.meta.url)),
  stdio: 'inherit',
  // The SDK loads jose (ES modules only) by require(esm); jest's module sandbox needs vm modules for that.
  env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim() },
});
process.exit(run.status ?? 1);
