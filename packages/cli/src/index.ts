import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run } from './run.js';

// Run only when executed as the `musique` binary, so tests can import `run` without side effects.
const invokedAs = process.argv[1] ? realpathSync(process.argv[1]) : '';
if (invokedAs === fileURLToPath(import.meta.url)) {
  run(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
  }).then((code) => {
    process.exitCode = code;
  });
}

export { run };
