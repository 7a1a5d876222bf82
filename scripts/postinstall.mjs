// After `pnpm install`: the one thing npm cannot bring is Chromium for the store wall's browser test. Where
// this machine can install it (Debian, as root) it does; elsewhere it says how. It never fails the install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const canApt = process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');

if (!existsSync(chromium)) {
  if (canApt) {
    console.log('Installing Chromium for the store wall test (apt-get install chromium)...');
    spawnSync('bash', ['scripts/install-system-deps.sh'], { stdio: 'inherit' });
  } else {
    console.log(
      "Note: the store wall's browser test needs Chromium. Install it (Debian: sudo apt-get install chromium) or set CHROMIUM_PATH.",
    );
  }
}
