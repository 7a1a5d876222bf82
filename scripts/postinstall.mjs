// After `pnpm install`: what npm cannot bring are Chromium (the store wall's browser test) and PostgreSQL (the
// shared-database tests). Where this machine can install them (Debian, as root) it does; elsewhere it says
// how. It never fails the install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const canApt = process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
const missing = [
  !existsSync(chromium) && 'chromium',
  !existsSync('/usr/lib/postgresql') && 'postgresql',
].filter(Boolean);

if (missing.length) {
  if (canApt) {
    console.log(
      `Installing ${missing.join(' and ')} for the tests (apt-get install ${missing.join(' ')})...`,
    );
    spawnSync('bash', ['scripts/install-system-deps.sh'], { stdio: 'inherit' });
  } else {
    console.log(
      `Note: the tests need ${missing.join(' and ')}. Install them (Debian: sudo apt-get install ${missing.join(' ')}); set CHROMIUM_PATH for another Chromium.`,
    );
  }
}
