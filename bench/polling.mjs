// Polling cost: the requests one poll of the Zapier "New Audio" trigger and of the n8n Musique Trigger makes
// on a library of 100,000 audio files, counted by a proxy in front of the sandbox, beside the core calls they
// poll with.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  builtFile,
  coreNodeModule,
  isMain,
  printTable,
  rootDir,
  smoke,
  startUnlimitedSandbox,
  verdict,
  writeResult,
} from './lib.mjs';

const librarySize = smoke ? 1_000 : 100_000;

/** Forwards everything to the sandbox and counts the API requests it sees. */
async function startCountingProxy(target) {
  const upstream = new URL(target);
  const counter = { count: 0, paths: [] };
  const server = http.createServer((request, response) => {
    counter.count++;
    counter.paths.push(`${request.method} ${request.url}`);
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: request.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode, answer.headers);
        answer.pipe(response);
      },
    );
    forward.on('error', (error) => response.destroy(error));
    request.pipe(forward);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    /** Requests made while `work` runs. */
    async count(work) {
      const before = counter.count;
      const pathsBefore = counter.paths.length;
      const result = await work();
      return { requests: counter.count - before, paths: counter.paths.slice(pathsBefore), result };
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The Zapier app's polling trigger, run by zapier-platform-core's own app tester. */
function loadZapier() {
  builtFile('zapier', 'dist/index.js');
  const entry = path.join(rootDir, 'packages/zapier/index.js');
  // The app tester runs as in Zapier's own tests (no per-invocation memory log on stdout).
  process.env.NODE_ENV = 'test';
  const require = createRequire(entry);
  const App = require(entry);
  const zapier = require('zapier-platform-core');
  const trigger = App.triggers?.new_audio;
  if (!trigger)
    throw new Error(
      'The built Zapier app has no triggers.new_audio: point this benchmark at its polling trigger.',
    );
  const appTester = zapier.createAppTester(App);
  return (authData) => appTester(trigger.operation.perform, { authData, inputData: {} });
}

/**
 * The n8n trigger's poll() with the few IPollFunctions it uses; HTTP goes out for real (fetch), as n8n's
 * `helpers.httpRequest` sends it (the core puts the key in the headers). A helper the node asks for that this
 * stand-in lacks fails by name, so a change in the node breaks this benchmark loudly, never quietly.
 */
function loadN8n() {
  const file = builtFile('n8n', 'dist/nodes/MusiqueTrigger/MusiqueTrigger.node.js');
  const { MusiqueTrigger } = createRequire(file)(file);
  const helpers = standIn('helpers', { httpRequest });
  return (credentials, staticData) => {
    const context = standIn('IPollFunctions', {
      getCredentials: async () => credentials,
      getNodeParameter: (name, fallback) =>
        name === 'filters' ? {} : name === 'event' ? 'newAudio' : fallback,
      getMode: () => 'trigger',
      getWorkflowStaticData: () => staticData,
      getNode: () => ({ name: 'Musique Trigger', type: 'musiqueTrigger', typeVersion: 1, parameters: {} }),
      helpers,
    });
    return new MusiqueTrigger().poll.call(context);
  };
}

/** n8n's `helpers.httpRequest`, for the options the node uses: every status answers when asked to ignore them. */
async function httpRequest(options) {
  const response = await fetch(options.url, {
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    ...(options.timeout ? { signal: AbortSignal.timeout(options.timeout) } : {}),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  if (!options.ignoreHttpStatusErrors && response.status >= 400)
    throw new Error(`${options.url} answered ${response.status}: ${bytes.toString('utf8')}`);
  const text = () => bytes.toString('utf8');
  const json = response.headers.get('content-type')?.includes('json');
  const body = options.encoding === 'arraybuffer' ? bytes : json ? JSON.parse(text()) : text();
  return options.returnFullResponse
    ? { statusCode: response.status, headers: Object.fromEntries(response.headers), body }
    : body;
}

/** An object whose missing members throw, naming what the benchmark's stand-in for n8n must add. */
const standIn = (name, members) =>
  new Proxy(members, {
    get(target, key) {
      if (key in target || typeof key === 'symbol' || key === 'then') return target[key];
      throw new Error(
        `The n8n node asked for ${name}.${key}, which bench/polling.mjs does not stand in for: add it.`,
      );
    },
  });

export async function run() {
  const { MusiqueClient } = await coreNodeModule();
  const sb = await startUnlimitedSandbox();
  const proxy = await startCountingProxy(sb.url);
  const baseUrl = `${proxy.origin}${new URL(sb.baseUrl).pathname}`;
  const rows = [];
  /** One poll through the proxy: a row of the requests it made and the items it returned. */
  const poll = async (adapter, what, work, itemsOf) => {
    const { requests, result } = await proxy.count(work);
    rows.push({ adapter, poll: what, requests, items: itemsOf(result) });
  };
  try {
    const direct = new MusiqueClient({ apiKey: sb.apiKey, baseUrl: sb.baseUrl });
    const [source] = (await direct.audio.list({ limit: 1 })).data;
    await sb.copyAudio(source.audioId, librarySize - 3);
    const promo = readFileSync(path.join(rootDir, 'shared/fixtures/promo-summer-sale.mp3'));
    // fetch, not node:http: zapier-platform-core patches node:http for its request log once loaded.
    const upload = async (name) => {
      const form = new FormData();
      form.append('name', name);
      form.append('file', new Blob([promo], { type: 'audio/mpeg' }), `${name}.mp3`);
      const response = await fetch(`${sb.baseUrl}/audio`, {
        method: 'POST',
        headers: { 'x-api-key': sb.apiKey },
        body: form,
      });
      if (response.status !== 201)
        throw new Error(`upload answered ${response.status}: ${await response.text()}`);
    };

    // The core calls the adapters poll with; first, because zapier-platform-core patches node:http once loaded.
    const client = new MusiqueClient({ apiKey: sb.apiKey, baseUrl });
    const core = 'core (what adapters call)';
    await poll(
      core,
      'audio.list({ limit: 100 })',
      () => client.audio.list({ limit: 100 }),
      (r) => r.data.length,
    );
    await poll(
      core,
      'audio.latest()',
      () => client.audio.latest(),
      (r) => (r ? 1 : 0),
    );

    const n8n = loadN8n();
    const credentials = { apiKey: sb.apiKey, baseUrl };
    const staticData = {};
    const n8nItems = (result) => result?.[0]?.length ?? 0;
    await poll('n8n', 'Musique Trigger (activation)', () => n8n(credentials, staticData), n8nItems);
    await poll('n8n', 'Musique Trigger (nothing new)', () => n8n(credentials, staticData), n8nItems);
    await upload('n8n fresh promo');
    await poll('n8n', 'Musique Trigger (1 new)', () => n8n(credentials, staticData), n8nItems);

    const zapier = loadZapier();
    const authData = { apiKey: sb.apiKey, baseUrl };
    await poll(
      'zapier',
      'New Audio (nothing new)',
      () => zapier(authData),
      (r) => r.length,
    );
    await upload('Zapier fresh promo');
    await poll(
      'zapier',
      'New Audio (1 new)',
      () => zapier(authData),
      (r) => r.length,
    );

    printTable(
      `Polling cost on a library of ${librarySize.toLocaleString('en')} audio files (requests seen by a proxy)`,
      rows,
    );
    const adapterRows = rows.filter((row) => row.adapter !== core);
    const targets = { onePerPoll: verdict(adapterRows.every((row) => row.requests === 1)) };
    console.log({ targets });
    await writeResult('polling', {
      what: `Requests one poll makes against a sandbox holding ${librarySize.toLocaleString('en')} audio files`,
      method:
        "A counting proxy sits between the adapter and the sandbox. Zapier: the New Audio trigger run by zapier-platform-core's createAppTester. n8n: MusiqueTrigger.poll() from the built node with a minimal IPollFunctions (credentials, static data, helpers.httpRequest over fetch). Library seeded with sb.copyAudio (1 ms apart).",
      rows,
      targets,
    });
    return { rows, targets };
  } finally {
    await proxy.close();
    await sb.stop();
  }
}

if (isMain(import.meta.url)) await run();
