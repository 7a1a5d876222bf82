// A real n8n with our package installed the way n8n installs a community package, in the newest n8n the
// registry here serves whole (2.41.1, on Node 24) and in the oldest the package README promises (2.8.4, the
// newest on Node 20): the example workflow uploads and sends and store_042's player holds the promo; the
// Musique Trigger, published, fires once on a new upload (its workflow sends what it saw to store_043). In
// 2.41.1 the editor itself is checked too, in headless Chromium (n8n-editor.mjs), once n8n is up.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  cacheDir,
  run as exec,
  fillOnce,
  GateUnavailable,
  npmInstall,
  rootDir,
  withNode,
} from '../cache.mjs';
import { provisionNode } from '../node-runtime.mjs';
import { checkEditor } from './n8n-editor.mjs';
import { packN8nPackage } from './n8n-scanner.mjs';
import { testEventsOf, testEventsWorkflow } from './n8n-test-events.mjs';

export const title = 'n8n 2.41.1 (Node 24) and 2.8.4 (Node 20) run the example workflow and the trigger';

const packageName = 'n8n-nodes-musique';
const targets = [
  { n8n: '2.41.1', node: 24, editor: true },
  { n8n: '2.8.4', node: 20 },
];

/** The downloads: each n8n on its Node. */
export async function prepare() {
  return Promise.all(
    targets.map(async (target) => {
      const node = await nodeFor(target.node);
      return { target, node, n8nBin: await installN8n(target.n8n, node) };
    }),
  );
}

export async function run() {
  const installed = await prepare();
  const work = await mkdtemp(path.join(os.tmpdir(), 'musique-n8n-gate-'));
  try {
    const tarball = await packN8nPackage(work);
    for (const each of installed) {
      console.log(`  n8n ${each.target.n8n} on Node ${each.target.node}`);
      await verifyIn(each, tarball, path.join(work, each.target.n8n));
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function verifyIn({ target, node, n8nBin }, tarball, home) {
  const env = withNode(node.bin, {
    N8N_USER_FOLDER: home,
    N8N_RESTRICT_FILE_ACCESS_TO: home,
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_RUNNERS_ENABLED: 'false',
    // The editor check signs in over plain http on 127.0.0.1, with no survey in the way.
    N8N_SECURE_COOKIE: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    DB_SQLITE_POOL_SIZE: '1',
  });
  await installCommunityPackage(tarball, path.join(home, '.n8n', 'nodes'), env);

  const { startSandbox } = await import(
    pathToFileURL(path.join(rootDir, 'packages/sandbox/dist/index.js')).href
  );
  const sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
  try {
    // The gate's own calls use a key of their own, so its checks never spend the budget of n8n's key.
    const api = apiOf(sandbox.baseUrl, await sandbox.createApiKey());
    const seeded = new Set((await api.get('/audio')).data.map((audio) => audio.audioId));
    const n8n = (...args) => exec(node.bin, [n8nBin, ...args], { env, cwd: home, quiet: true });
    await writeFile(
      path.join(home, 'credentials.json'),
      JSON.stringify([
        {
          id: 'musiqueSandboxCred',
          name: 'Musique sandbox',
          type: 'musiqueApi',
          data: { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl },
        },
      ]),
    );
    await n8n('import:credentials', `--input=${path.join(home, 'credentials.json')}`);

    // The example workflow, as the README ships it, with the node types a community install gives.
    await copyFile(
      path.join(rootDir, 'shared/fixtures/promo-summer-sale.mp3'),
      path.join(home, 'promo-summer-sale.mp3'),
    );
    const example = asCommunityWorkflow(
      await readFile(path.join(rootDir, 'packages/n8n/examples/upload-and-send.workflow.json'), 'utf8'),
    ).replaceAll('/tmp/musique-n8n/', `${home}/`);
    await writeFile(path.join(home, 'example.json'), example);
    await n8n('import:workflow', `--input=${path.join(home, 'example.json')}`);
    const output = await n8n('execute', '--id=musiqueUploadAndSend');
    const onStore42 = await playerItems(api, 'store_042');
    const uploaded = onStore42.filter((item) => !seeded.has(item.audioId) && item.name === 'Summer Sale');
    if (uploaded.length !== 1)
      throw new Error(
        `n8n ${target.n8n}: the example workflow did not leave its upload on store_042's player (found ${JSON.stringify(onStore42)}):\n${output.slice(-2000)}`,
      );

    await verifyTrigger(target, api, home, n8n, node, n8nBin, env);
  } finally {
    await sandbox.stop();
  }
}

/** Publishes a trigger workflow, starts n8n, uploads once, and expects exactly one send to store_043. */
async function verifyTrigger(target, api, home, n8n, node, n8nBin, env) {
  await writeFile(path.join(home, 'trigger.json'), JSON.stringify(triggerWorkflow()));
  await n8n('import:workflow', `--input=${path.join(home, 'trigger.json')}`);
  if (target.editor) {
    await writeFile(path.join(home, 'test-events.json'), JSON.stringify(testEventsWorkflow(packageName)));
    await n8n('import:workflow', `--input=${path.join(home, 'test-events.json')}`);
  }
  const publish = target.n8n.startsWith('2.8.')
    ? ['update:workflow', '--id=musiqueTriggerGate', '--active=true']
    : ['publish:workflow', '--id=musiqueTriggerGate'];
  await n8n(...publish);

  const port = await freePort();
  const startedAt = new Date().toISOString();
  const server = spawn(node.bin, [n8nBin, 'start'], {
    cwd: home,
    env: { ...env, N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  for (const stream of [server.stdout, server.stderr]) stream.on('data', (chunk) => (log += chunk));
  const exited = new Promise((resolve) => server.once('exit', resolve));
  try {
    await waitFor(
      () => /Editor is now accessible|n8n ready on/.test(log),
      180_000,
      () => `n8n ${target.n8n} did not start:\n${log.slice(-3000)}`,
    );
    // n8n polls once on activation (the trigger only remembers where "now" is), then every minute: upload only
    // once that first poll has reached the API, or a busy machine makes the upload look old to the trigger.
    await waitFor(
      async () => (await pollsSince(api, startedAt)) > 0,
      60_000,
      () => `n8n ${target.n8n}: the Musique Trigger never polled after activation:\n${log.slice(-3000)}`,
    );
    if (target.editor)
      await checkEditor({
        origin: `http://127.0.0.1:${port}`,
        version: target.n8n,
        sendWorkflowId: 'musiqueUploadAndSend',
        testEvents: { workflowId: 'musiqueTestEvents', nodes: await testEventsOf(api, packageName) },
      });
    const form = new FormData();
    const bytes = await readFile(path.join(rootDir, 'shared/fixtures/promo-closing-time.mp3'));
    form.set('file', new Blob([bytes], { type: 'audio/mpeg' }), 'trigger-gate.mp3');
    form.set('name', 'Trigger Gate Promo');
    const created = await api.post('/audio', form);
    const fired = () =>
      playerItems(api, 'store_043').then((items) => items.filter((i) => i.audioId === created.audioId));
    await waitFor(
      async () => (await fired()).length > 0,
      90_000,
      async () =>
        `n8n ${target.n8n}: the Musique Trigger did not fire on a new upload (it polled ${await pollsSince(api, startedAt)} times):\n${log.slice(-3000)}`,
    );
    // One more poll (n8n's shortest interval is a minute): a trigger that repeats itself would send again.
    await sleep(60_000 - (Date.now() % 60_000) + 5000);
    const sends = (await fired()).length;
    if (sends !== 1)
      throw new Error(`n8n ${target.n8n}: the Musique Trigger fired ${sends} times for one upload`);
  } finally {
    server.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    server.kill('SIGKILL');
  }
}

function triggerWorkflow() {
  const credentials = { musiqueApi: { id: 'musiqueSandboxCred', name: 'Musique sandbox' } };
  return {
    id: 'musiqueTriggerGate',
    name: 'Musique trigger gate',
    active: false,
    nodes: [
      {
        id: '2b1f2c58-6d0e-4a53-9a83-2f8f7f0c0b01',
        name: 'Musique Trigger',
        type: `${packageName}.musiqueTrigger`,
        typeVersion: 1,
        position: [0, 0],
        // n8n's shortest polling interval.
        parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, filters: {} },
        credentials,
      },
      {
        id: '2b1f2c58-6d0e-4a53-9a83-2f8f7f0c0b02',
        name: 'Send to store 43',
        type: `${packageName}.musique`,
        typeVersion: 1,
        position: [220, 0],
        parameters: {
          resource: 'audio',
          operation: 'send',
          audioId: { __rl: true, mode: 'id', value: '={{ $json.audioId }}' },
          externalIds: 'store_043',
          options: {},
        },
        credentials,
      },
    ],
    connections: {
      'Musique Trigger': { main: [[{ node: 'Send to store 43', type: 'main', index: 0 }]] },
    },
    settings: { executionOrder: 'v1' },
    pinData: {},
  };
}

/** The workflow as written for N8N_CUSTOM_EXTENSIONS (`CUSTOM.*`) with a community package's node types. */
const asCommunityWorkflow = (json) => json.replaceAll('"CUSTOM.', `"${packageName}.`);

/** As n8n's community-packages service installs a package into <user folder>/.n8n/nodes. */
async function installCommunityPackage(tarball, nodesDir, env) {
  const target = path.join(nodesDir, 'node_modules', packageName);
  await mkdir(target, { recursive: true });
  await exec('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], { quiet: true });
  const manifestFile = path.join(target, 'package.json');
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
  for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies']) delete manifest[field];
  await writeFile(manifestFile, JSON.stringify(manifest, null, 2));
  await exec(
    'npm',
    [
      'install',
      '--audit=false',
      '--fund=false',
      '--bin-links=false',
      '--install-strategy=shallow',
      '--ignore-scripts=true',
      '--package-lock=false',
    ],
    { cwd: target, env, quiet: true },
  );
}

async function nodeFor(major) {
  if (major === 20) {
    if (!process.version.startsWith('v20.'))
      throw new GateUnavailable(`n8n 2.8.4 runs on Node 20; this is ${process.version}`);
    return { bin: process.execPath, nodedir: existsSync('/usr/include/node') ? '/usr' : undefined };
  }
  return provisionNode(major);
}

/**
 * n8n from the registry into the cache, once. n8n pins xlsx to a tarball outside the registry; the registry's
 * last xlsx stands in. Scripts are skipped (they download prebuilt binaries), so sqlite3's addon is built here.
 */
async function installN8n(version, node) {
  const dir = cacheDir('n8n', version);
  await fillOnce(dir, async () => {
    console.log(`  installing n8n ${version} into ${dir} (once; several minutes)`);
    const env = withNode(node.bin, node.nodedir ? { npm_config_nodedir: node.nodedir } : {});
    await writeFile(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: `n8n-${version}`, private: true, overrides: { xlsx: '0.18.5' } }),
    );
    await npmInstall(['install', `n8n@${version}`, '--ignore-scripts'], { cwd: dir, env });
    await exec(path.join(dir, 'node_modules', '.bin', 'node-gyp'), ['rebuild'], {
      cwd: path.join(dir, 'node_modules', 'sqlite3'),
      env,
      quiet: true,
    });
  });
  return path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
}

function apiOf(baseUrl, apiKey) {
  const call = async (method, route, body, headers = {}) => {
    const response = await fetch(`${baseUrl}${route}`, {
      method,
      headers: { 'x-api-key': apiKey, ...headers },
      ...(body ? { body } : {}),
    });
    const json = await response.json();
    if (!response.ok)
      throw new Error(`${method} ${route} answered ${response.status}: ${JSON.stringify(json)}`);
    return json;
  };
  return {
    get: (route) => call('GET', route),
    post: (route, body) => call('POST', route, body),
    postJson: (route, body) =>
      call('POST', route, JSON.stringify(body), { 'content-type': 'application/json' }),
    delete: (route) => call('DELETE', route),
  };
}

/** Lists of audio since n8n started: the trigger's polls (the gate itself lists audio only before). */
async function pollsSince(api, since) {
  const { data } = await api.get('/logs?limit=100');
  return data.filter(
    (entry) => entry.method === 'GET' && entry.path.endsWith('/audio') && entry.timestamp >= since,
  ).length;
}

async function playerItems(api, store) {
  const player = await api.get(`/sandbox/locations/${store}/player`);
  return [player.nowPlaying, ...player.queue, ...player.history].filter(Boolean);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check, timeoutMs, describe) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(2000);
  }
  throw new Error(await describe());
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}
