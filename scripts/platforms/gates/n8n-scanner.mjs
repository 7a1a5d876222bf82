// n8n's own verification rules (@n8n/scan-community-package) on what we would publish. Its CLI only takes a
// published name (it needs npm provenance and downloads the attested source), so this runs its exported
// analyzer the way the CLI does, offline: over the package's source, then over the packed tarball's files.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cachedInstall, run as exec, rootDir } from '../cache.mjs';

export const title = "n8n's community-package scanner on the packed n8n package";

const scannerVersion = '0.32.0';
const packageDir = path.join(rootDir, 'packages/n8n');

export const prepare = () => cachedInstall('n8n-scanner', [`@n8n/scan-community-package@${scannerVersion}`]);

export async function run() {
  const scanner = await import(
    pathToFileURL(path.join(await prepare(), 'node_modules/@n8n/scan-community-package/scanner/scanner.mjs'))
      .href
  );
  const work = await mkdtemp(path.join(os.tmpdir(), 'musique-n8n-scan-'));
  try {
    const tarball = await packN8nPackage(work);
    const unpacked = path.join(work, 'package');
    await exec('tar', ['-xzf', tarball, '-C', work], { quiet: true });

    const problems = [];
    const manifest = JSON.parse(await readFile(path.join(unpacked, 'package.json'), 'utf8'));
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      const privateNames = Object.keys(manifest[field] ?? {}).filter((name) => name.startsWith('@musique/'));
      if (privateNames.length)
        problems.push(`the packed package.json names ${privateNames.join(', ')} in ${field}`);
    }
    for (const [what, dir, patterns] of [
      ['source', packageDir, scanner.SOURCE_FILE_PATTERNS],
      ['tarball', unpacked, ['**/*.js', 'package.json']],
    ]) {
      const result = await scanner.analyzePackage(dir, patterns);
      if (!result.passed) problems.push(`${what}: ${result.message}\n${result.details ?? ''}`);
      else console.log(`  ${what}: no violations`);
    }
    if (problems.length) throw new Error(problems.join('\n'));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** `pnpm pack` of packages/n8n, as the release workflow publishes it; returns the tarball's path. */
export async function packN8nPackage(destination) {
  const output = await exec('pnpm', ['pack', '--pack-destination', destination], {
    cwd: packageDir,
    quiet: true,
  });
  const tarball = output.trim().split('\n').at(-1);
  return path.isAbsolute(tarball) ? tarball : path.join(destination, path.basename(tarball));
}
