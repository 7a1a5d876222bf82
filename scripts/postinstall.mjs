// After `pnpm install`: what npm cannot bring are Chromium (the store wall's browser test and two platform gates)
// and PostgreSQL (the shared-database tests). An install changes nothing outside the project, so this only
// looks and, when one is missing, says once how to get it: `scripts/install-system-deps.sh` installs both on
// Debian as root, as `.ci/run` does. It never fails the install.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Where the sandbox's test server looks for it (packages/sandbox/src/testing/postgres-server.ts).
const postgresRoot = '/usr/lib/postgresql';
const hasPostgres =
  existsSync(postgresRoot) &&
  readdirSync(postgresRoot).some((version) => existsSync(path.join(postgresRoot, version, 'bin', 'initdb')));

const missing = [!existsSync(chromium) && 'Chromium', !hasPostgres && 'PostgreSQL'].filter(Boolean);
if (missing.length) {
  const chromiumElsewhere = missing.includes('Chromium')
    ? ' (or set CHROMIUM_PATH to a Chromium not at /usr/bin/chromium)'
    : '';
  console.log(
    `Note: pnpm test needs ${missing.join(' and ')}, which this machine lacks. Install ${missing.length > 1 ? 'them' : 'it'} from your system's packages${chromiumElsewhere}; on Debian, as root: bash scripts/install-system-deps.sh`,
  );
}
