// `zapier-platform validate`'s local check, runnable anywhere: the built app's definition against the platform
// schema (zapier-platform-core's own `validate` command). On Node 22 or newer it also runs the CLI itself
// (without the style checks, which need Zapier's servers).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(appDir, 'package.json'));
const zapier = require('zapier-platform-core');

const errors = (
  await zapier.createAppHandler(require(path.join(appDir, 'index.js')))({
    command: 'validate',
    calledFromCli: true,
  })
).results;
if (errors.length > 0) {
  console.error(JSON.stringify(errors, null, 2));
  process.exit(1);
}
console.log('The app definition passes the Zapier platform schema.');

if (Number(process.versions.node.split('.')[0]) >= 22) {
  const cli = spawnSync(
    path.join(appDir, 'node_modules', '.bin', 'zapier-platform'),
    ['validate', '--without-style', '--skip-build'],
    {
      cwd: appDir,
      stdio: 'inherit',
    },
  );
  process.exit(cli.status ?? 1);
}
