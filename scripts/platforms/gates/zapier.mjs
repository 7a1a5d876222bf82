// Zapier's own checks, on Node 22 (what zapier-platform-cli 19 requires and Zapier's Lambda runs):
// `zapier-platform validate --without-style` on the built app (the style checks run on Zapier's servers), then
// the zip from `pnpm --filter @musique/zapier zip` loaded the way the CLI's build test loads it: unzipped alone,
// `node zapierwrapper.js` and `node index.js` each within 5 s, and here also its handler answering `definition`.
// The CLI runs on a copy of the app, so nothing it writes (definition.json, zapierwrapper.js) can reach git.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { cachedInstall, run as exec, rootDir, withNode } from '../cache.mjs';
import { provisionNode } from '../node-runtime.mjs';

export const title =
  'zapier-platform validate (CLI 19.1, Node 22) and the build zip loaded through zapierwrapper.js';

const appDir = path.join(rootDir, 'packages', 'zapier');

/** The downloads: Node 22 and the CLI. */
export async function prepare() {
  const node = await provisionNode(22);
  const cliDir = await cachedInstall('zapier-platform-cli', ['zapier-platform-cli@19.1.0'], {
    node: node.bin,
  });
  return { node, cliDir };
}

export async function run() {
  const { node, cliDir } = await prepare();
  const env = withNode(node.bin, { FORCE_COLOR: '0' });
  const gitStatusBefore = appStatus();
  const work = mkdtempSync(path.join(os.tmpdir(), 'musique-zapier-'));
  let failure;
  try {
    const app = path.join(work, 'app');
    for (const entry of ['package.json', 'index.js', 'dist'])
      cpSync(path.join(appDir, entry), path.join(app, entry), { recursive: true });
    symlinkSync(path.join(appDir, 'node_modules'), path.join(app, 'node_modules'));
    const output = await exec(
      path.join(cliDir, 'node_modules', '.bin', 'zapier-platform'),
      ['validate', '--without-style'],
      { cwd: app, env, quiet: true },
    );
    if (!output.includes('No structural errors found'))
      throw new Error(`zapier-platform validate did not report a structurally sound app:\n${output}`);

    await exec('pnpm', ['--filter', '@musique/zapier', 'zip'], { quiet: true });
    const unzipped = path.join(work, 'unzipped');
    unzip(path.join(appDir, 'build', 'build.zip'), unzipped);
    await loadZip(unzipped, node.bin);
  } catch (error) {
    failure = error;
  }
  rmSync(work, { recursive: true, force: true });
  // Checked when the CLI failed too: a leftover file is a failure of its own.
  const after = appStatus();
  if (after !== gitStatusBefore)
    throw new Error(
      `the Zapier gate changed git status in packages/zapier:\n${after}${failure ? `\n(and: ${failure.message})` : ''}`,
    );
  if (failure) throw failure;
}

/** The CLI's build test (utils/build.js testBuildZip), then the Lambda handler asked for the definition. */
async function loadZip(dir, nodeBin) {
  const options = { cwd: dir, quiet: true, env: withNode(nodeBin) };
  for (const entry of ['zapierwrapper.js', 'index.js'])
    await exec(nodeBin, [entry], options).catch((error) => {
      throw new Error(`build.zip's ${entry} does not load on Node 22: ${error.message}`);
    });
  const definition = JSON.parse(await exec(nodeBin, ['-e', LOAD_DEFINITION], options));
  if (!definition.triggers?.new_audio || !definition.creates)
    throw new Error(
      `build.zip's handler answered a definition without the app's triggers: ${JSON.stringify(definition).slice(0, 300)}`,
    );
}

const LOAD_DEFINITION = `require('./zapierwrapper.js').handler({ command: 'definition', calledFromCli: true })
  .then((r) => process.stdout.write(JSON.stringify(r.results)))`;

/** adm-zip, which the zip script already uses, from the Zapier package's dependencies. */
export function unzip(zip, dir) {
  const AdmZip = createRequire(path.join(appDir, 'package.json'))('adm-zip');
  new AdmZip(zip).extractAllTo(dir, true);
}

const appStatus = () =>
  execFileSync('git', ['status', '--porcelain', '--untracked-files=all', '--', appDir], {
    cwd: rootDir,
    encoding: 'utf8',
  });
