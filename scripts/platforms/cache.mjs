// What the platform gates download (Node runtimes, n8n, platform CLIs) lives outside the repository and is
// reused between runs: ~/.cache/musique-connect, or MUSIQUE_CACHE. A missing cache is filled on first use.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** True when this module is the script node was started with. */
export const isMain = (url) => process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(url);

export const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A gate that cannot run here (no Chromium, no cache directory): the runner reports it as a failure. */
export class GateUnavailable extends Error {}

export function cacheDir(...parts) {
  const base = process.env.MUSIQUE_CACHE ?? path.join(os.homedir(), '.cache', 'musique-connect');
  const dir = path.join(base, ...parts);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new GateUnavailable(`cannot create the cache directory ${dir}: ${error.message}`);
  }
  return dir;
}

/**
 * npm packages installed once into their own cache folder (`npm install --prefix`), keyed by the exact specs,
 * so a version bump installs fresh beside the old one. Returns the folder; its node_modules/.bin has the CLIs.
 */
export function cachedInstall(name, specs, { node, env = {}, ignoreScripts = true } = {}) {
  const dir = cacheDir('npm', `${name}-${specs.join('+').replace(/[^\w.+-]+/g, '_')}`);
  return fillOnce(dir, async () => {
    const args = ['install', '--prefix', dir, '--no-save'];
    if (ignoreScripts) args.push('--ignore-scripts');
    await npmInstall([...args, ...specs], { env: node ? withNode(node, env) : { ...process.env, ...env } });
  });
}

const filling = new Map();

/**
 * Fills a cache folder once with `fill()`; an `.installed` marker says it finished. Within a process the same
 * folder is filled once however many gates ask; across processes (the gates' downloads run in the background
 * while `pnpm test` may provision a Node too) a lock folder holding the owner's pid makes the others wait.
 * Resolves to the folder.
 */
export function fillOnce(dir, fill) {
  if (!filling.has(dir)) filling.set(dir, fillUnderLock(dir, fill));
  return filling.get(dir);
}

async function fillUnderLock(dir, fill) {
  const marker = path.join(dir, '.installed');
  if (existsSync(marker)) return dir;
  const lock = `${dir}.lock`;
  await acquire(lock);
  try {
    if (!existsSync(marker)) {
      await fill();
      writeFileSync(marker, `${new Date().toISOString()}\n`);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return dir;
}

async function acquire(lock) {
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    // A lock left by a process that died is taken over; an empty pid is an owner still writing it.
    let owner = 0;
    try {
      owner = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
    } catch {}
    if (owner && !isAlive(owner)) rmSync(lock, { recursive: true, force: true });
    else await delay(1000);
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * `npm install` with the caller's environment (npm's CA, registry and proxy settings come from it) and retries
 * cut short: a download that cannot succeed (an unreachable registry, a certificate npm refuses) fails in
 * seconds with npm's own reason, not after npm's default of minutes of retries per package.
 */
export function npmInstall(args, { cwd = rootDir, env = process.env } = {}) {
  const failFast = ['--fetch-retries=2', '--fetch-retry-mintimeout=2000', '--fetch-retry-maxtimeout=10000'];
  return run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error', ...failFast], { cwd, env });
}

/** The environment with a given node binary first on PATH (npm and npx then run under it too). */
export function withNode(nodeBin, env = {}) {
  return { ...process.env, ...env, PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}` };
}

/** Runs a command, inheriting output; rejects with the command line and exit code when it fails. */
export function run(command, args, { cwd = rootDir, env = process.env, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (quiet) for (const stream of [child.stdout, child.stderr]) stream.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(output);
      else
        reject(
          Object.assign(
            new Error(
              `\`${command} ${args.join(' ')}\` exited ${code ?? signal}${quiet ? `:\n${output.slice(-4000)}` : ''}`,
            ),
            { exitCode: code },
          ),
        );
    });
  });
}
