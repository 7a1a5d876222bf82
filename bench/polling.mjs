// Polling cost: the requests one poll of the Zapier "New Audio" trigger and of the n8n Musique Trigger makes
// on a library of 100,000 audio files, counted by a proxy in front of the sandbox. Without the adapters built,
// the core call they poll with (client.audio.list, newest first) is measured instead, and labelled so.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  builtEntry,
  coreNodeModule,
  isMain,
  printTable,
  rootDir,
  startUnlimitedSandbox,
  verdict,
  writeResult,
} from './lib.mjs';

const librarySize = 100_000;

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
  const entry = path.join(rootDir, 'packages/zapier/index.js');
  if (!builtEntry('zapier', 'dist/index.js')) return null;
  // The app tester runs as in Zapier's own tests (no per-invocation memory log on stdout).
  process.env.NODE_ENV = 'test';
  const require = createRequire(entry);
  const App = require(entry);
  const zapier = require('zapier-platform-core');
  const trigger = App.triggers?.new_audio;
  if (!trigger) return null;
  const appTester = zapier.createAppTester(App);
  return (authData) => appTester(trigger.operation.perform, { authData, inputData: {} });
}

/**
 * The n8n trigger's poll() with the few IPollFunctions it uses; HTTP goes out for real (fetch), with the key
 * added as n8n's credential would add it.
 */
function loadN8n() {
  const file = path.join(rootDir, 'packages/n8n/dist/nodes/MusiqueTrigger/MusiqueTrigger.node.js');
  if (!builtEntry('n8n', 'dist/nodes/MusiqueTrigger/MusiqueTrigger.node.js')) return null;
  const { MusiqueTrigger } = createRequire(file)(file);
  return (credentials, staticData) => {
    const context = {
      getCredentials: async () => credentials,
      getNodeParameter: (name, fallback) =>
        name === 'filters' ? {} : name === 'event' ? 'newAudio' : fallback,
      getMode: () => 'trigger',
      getWorkflowStaticData: () => staticData,
      getNode: () => ({ name: 'Musique Trigger', type: 'musiqueTrigger', typeVersion: 1, parameters: {} }),
      helpers: {
        async httpRequestWithAuthentication(_type, options) {
          const response = await fetch(options.url, {
            method: options.method,
            headers: { ...options.headers, 'x-api-key': credentials.apiKey },
            body: options.body,
          });
          return {
            statusCode: response.status,
            headers: Object.fromEntries(response.headers),
            body: Buffer.from(await response.arrayBuffer()),
          };
        },
      },
    };
    return new MusiqueTrigger().poll.call(context);
  };
}

export async function run() {
  const { MusiqueClient } = await coreNodeModule();
  const sb = await startUnlimitedSandbox();
  const proxy = await startCountingProxy(sb.url);
  const baseUrl = `${proxy.origin}${new URL(sb.baseUrl).pathname}`;
  const rows = [];
  const notes = [];
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

    // The core calls the adapters poll with, measured whether or not the adapters are built; first,
    // because zapier-platform-core patches node:http once loaded.
    const client = new MusiqueClient({ apiKey: sb.apiKey, baseUrl });
    const list = await proxy.count(() => client.audio.list({ limit: 100 }));
    rows.push({
      adapter: 'core (what adapters call)',
      poll: 'audio.list({ limit: 100 })',
      requests: list.requests,
      items: list.result.data.length,
    });
    const latest = await proxy.count(() => client.audio.latest());
    rows.push({
      adapter: 'core (what adapters call)',
      poll: 'audio.latest()',
      requests: latest.requests,
      items: latest.result ? 1 : 0,
    });

    const n8n = loadN8n();
    if (n8n) {
      const credentials = { apiKey: sb.apiKey, baseUrl };
      const staticData = {};
      const first = await proxy.count(() => n8n(credentials, staticData));
      rows.push({
        adapter: 'n8n',
        poll: 'Musique Trigger (activation)',
        requests: first.requests,
        items: first.result?.[0]?.length ?? 0,
      });
      const idle = await proxy.count(() => n8n(credentials, staticData));
      rows.push({
        adapter: 'n8n',
        poll: 'Musique Trigger (nothing new)',
        requests: idle.requests,
        items: idle.result?.[0]?.length ?? 0,
      });
      await upload('n8n fresh promo');
      const fresh = await proxy.count(() => n8n(credentials, staticData));
      rows.push({
        adapter: 'n8n',
        poll: 'Musique Trigger (1 new)',
        requests: fresh.requests,
        items: fresh.result?.[0]?.length ?? 0,
      });
    } else notes.push('skipped: @musique/n8n not built');

    const zapier = loadZapier();
    if (zapier) {
      const authData = { apiKey: sb.apiKey, baseUrl };
      const idle = await proxy.count(() => zapier(authData));
      rows.push({
        adapter: 'zapier',
        poll: 'New Audio (nothing new)',
        requests: idle.requests,
        items: idle.result.length,
      });
      await upload('Zapier fresh promo');
      const fresh = await proxy.count(() => zapier(authData));
      rows.push({
        adapter: 'zapier',
        poll: 'New Audio (1 new)',
        requests: fresh.requests,
        items: fresh.result.length,
      });
    } else notes.push('skipped: @musique/zapier not built');

    printTable(
      `Polling cost on a library of ${librarySize.toLocaleString('en')} audio files (requests seen by a proxy)`,
      rows,
    );
    for (const note of notes) console.log(note);
    const adapterRows = rows.filter((row) => !row.adapter.startsWith('core'));
    const targets = {
      onePerPoll: adapterRows.length
        ? verdict(adapterRows.every((row) => row.requests === 1))
        : `not measured (${notes.join('; ')}); core call: ${verdict(rows.every((row) => row.requests === 1))}`,
    };
    console.log({ targets });
    await writeResult('polling', {
      what: `Requests one poll makes against a sandbox holding ${librarySize.toLocaleString('en')} audio files`,
      method:
        "A counting proxy sits between the adapter and the sandbox. Zapier: the New Audio trigger run by zapier-platform-core's createAppTester. n8n: MusiqueTrigger.poll() from the built node with a minimal IPollFunctions (credentials, static data, httpRequestWithAuthentication over fetch). Library seeded with sb.copyAudio (1 ms apart).",
      rows,
      notes,
      targets,
    });
    return { rows, targets };
  } finally {
    await proxy.close();
    await sb.stop();
  }
}

if (isMain(import.meta.url)) await run();
