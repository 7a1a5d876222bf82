// Builds build/build.zip and build/source.zip, the two files `zapier-platform upload` sends, the way
// `zapier-platform build --skip-npm-install` would, but fit for this pnpm workspace:
//   - the CLI refuses to run on Node < 22, and its pre-build check calls Zapier's servers;
//   - its esbuild-based file detection misses files that Node 22 loads through the "module-sync" export
//     condition (async-function/require.mjs under zapier-platform-core), so its zip fails on Zapier's Node 22.
// This copies whole packages instead: dist/ (the app with @musique/core bundled in), index.js, the
// zapierwrapper.js entry point from zapier-platform-core, definition.json, package.json, and a flat
// node_modules holding zapier-platform-core and every package it needs at run time.
// Usage: pnpm --filter @musique/zapier zip   (then, from this directory: zapier-platform upload)
//        node scripts/build-zip.mjs [--out <dir>] [--sandbox]   (after `pnpm build`; build/ by default;
//        --sandbox: the sandbox build, with New Audio (Instant), for a version pushed to try the sandbox)
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AdmZip from 'adm-zip';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(appDir, 'package.json'));
const buildDir = path.join(appDir, 'build');
const SKIPPED_IN_PACKAGES = new Set(['test', 'tests', '__tests__', '.github', 'docs', 'example', 'examples']);
const SOURCE_ENTRIES = [
  'examples',
  'package.json',
  'index.js',
  'README.md',
  'tsconfig.json',
  'tsup.config.ts',
  'jest.config.cjs',
  'src',
  'test',
  'scripts',
];

export async function buildZips({ outDir = buildDir, sandbox = false } = {}) {
  const packageJson = JSON.parse(readFileSync(path.join(appDir, 'package.json'), 'utf8'));
  if (!existsSync(path.join(appDir, 'dist', 'index.js')))
    throw new Error('dist/index.js is missing: run `pnpm build` first.');

  const coreDir = realpathSync(path.join(appDir, 'node_modules', 'zapier-platform-core'));
  const zapier = require('zapier-platform-core');
  // The sandbox build's entry loads dist/sandbox.js, the app plus the trigger only a Musique sandbox can serve.
  const entry = sandbox
    ? Buffer.from(
        "// The sandbox build (README: Try it against the sandbox).\nmodule.exports = require('./dist/sandbox.js').default;\n",
      )
    : readFileSync(path.join(appDir, 'index.js'));
  const app = sandbox
    ? require(path.join(appDir, 'dist', 'sandbox.js')).default
    : require(path.join(appDir, 'index.js'));
  const handler = zapier.createAppHandler(app);
  const definition = (await handler({ command: 'definition', calledFromCli: true })).results;
  const errors = (await handler({ command: 'validate', calledFromCli: true })).results;
  if (errors.length > 0)
    throw new Error(`The app definition is invalid:\n${JSON.stringify(errors, null, 2)}`);

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const zip = new AdmZip();
  zip.addFile('index.js', entry);
  zip.addLocalFolder(path.join(appDir, 'dist'), 'dist');
  zip.addFile('zapierwrapper.js', readFileSync(path.join(coreDir, 'include', 'zapierwrapper.js')));
  zip.addFile('definition.json', Buffer.from(`${JSON.stringify(definition, null, 2)}\n`));
  zip.addFile('package.json', Buffer.from(`${JSON.stringify(deployedPackageJson(packageJson), null, 2)}\n`));
  const packages = runtimePackages(appDir, Object.keys(packageJson.dependencies ?? {}));
  for (const [zipPath, dir] of packages) addPackage(zip, dir, zipPath);
  const buildZip = path.join(outDir, 'build.zip');
  zip.writeZip(buildZip);

  const source = new AdmZip();
  for (const entry of SOURCE_ENTRIES) {
    const absolute = path.join(appDir, entry);
    if (!existsSync(absolute)) continue;
    if (statSync(absolute).isDirectory()) source.addLocalFolder(absolute, entry);
    else source.addLocalFile(absolute);
  }
  const sourceZip = path.join(outDir, 'source.zip');
  source.writeZip(sourceZip);
  return { buildZip, sourceZip, packages: [...packages.keys()] };
}

/** What Zapier reads from package.json: name, version, the entry point and zapier-platform-core's version. */
function deployedPackageJson(packageJson) {
  return {
    name: packageJson.name,
    version: packageJson.version,
    private: true,
    main: 'index.js',
    dependencies: packageJson.dependencies,
  };
}

/**
 * Every package the app needs at run time, found the way Node finds them (pnpm's symlinks followed), laid out
 * flat like npm does: a second version of a name goes into its dependent's own node_modules.
 */
function runtimePackages(fromDir, names) {
  const placed = new Map(); // zip path -> real directory
  const versionAt = new Map(); // zip path -> version
  const visit = (name, requesterDir, parentZipPath) => {
    const dir = findPackageDir(requesterDir, name);
    if (!dir) throw new Error(`Cannot find ${name} (needed by ${requesterDir}).`);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    let zipPath = `node_modules/${name}`;
    if (versionAt.has(zipPath) && versionAt.get(zipPath) !== manifest.version) {
      zipPath = `${parentZipPath}/node_modules/${name}`;
    }
    if (placed.has(zipPath)) return;
    placed.set(zipPath, dir);
    versionAt.set(zipPath, manifest.version);
    const deps = { ...manifest.dependencies, ...manifest.optionalDependencies };
    for (const dep of Object.keys(deps)) {
      if (findPackageDir(dir, dep)) visit(dep, dir, zipPath);
      else if (!(dep in (manifest.optionalDependencies ?? {})))
        throw new Error(`Cannot find ${dep} (needed by ${name}).`);
    }
  };
  for (const name of names) visit(name, fromDir, '');
  return placed;
}

/** Node's lookup: `<dir>/node_modules/<name>` in this directory and every ancestor. */
function findPackageDir(fromDir, name) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    if (path.basename(dir) !== 'node_modules') {
      const candidate = path.join(dir, 'node_modules', name);
      if (existsSync(path.join(candidate, 'package.json'))) return realpathSync(candidate);
    }
    if (path.dirname(dir) === dir) return null;
  }
}

function addPackage(zip, dir, zipPath) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || SKIPPED_IN_PACKAGES.has(entry.name)) continue;
    const absolute = path.join(dir, entry.name);
    if (entry.isDirectory()) addPackage(zip, absolute, `${zipPath}/${entry.name}`);
    else if (entry.isFile()) zip.addLocalFile(absolute, zipPath);
  }
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outIndex = process.argv.indexOf('--out');
  const outDir = outIndex > 0 ? path.resolve(process.argv[outIndex + 1]) : buildDir;
  const sandbox = process.argv.includes('--sandbox');
  const { buildZip, sourceZip, packages } = await buildZips({ outDir, sandbox });
  console.log(
    `Built ${sandbox ? 'the sandbox build, ' : ''}${path.relative(process.cwd(), buildZip)} (${packages.length} packages) and ${path.relative(process.cwd(), sourceZip)}.`,
  );
  console.log('Upload them with `zapier-platform upload` from packages/zapier (see README).');
}
