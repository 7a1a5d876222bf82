// The MCP server as the outside world meets it: the MCP Inspector's CLI over stdio and over Streamable HTTP,
// `mcpb validate` and `mcpb pack` on the bundle manifest, server.json against the Registry's schema, and an
// outside-in probe of two stateless HTTP instances that expects refusals (foreign Origin, no credential, a
// server path, a private-address URL) and calls answered by whichever instance they reach.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { cachedInstall, rootDir } from '../cache.mjs';
import { checkApp, checkAppInBundle } from './mcp-app.mjs';

export const title =
  'MCP: Inspector CLI over stdio and HTTP, the MCP App resource, mcpb, server.json, two stateless instances, refusals from outside';

const mcpDir = path.join(rootDir, 'packages', 'mcp');
const bin = path.join(mcpDir, 'dist', 'bin.js');
const execFileAsync = promisify(execFile);

function check(condition, what) {
  if (!condition) throw new Error(what);
}

/** The HTTP server as a process, on the port it chose. */
function startHttp(env) {
  const child = spawn(process.execPath, [bin, '--http', '0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stderr.on('data', (chunk) => {
      seen += chunk;
      const url = /listening on (\S+)/.exec(seen)?.[1];
      if (url) resolve({ url, stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`musique-mcp --http exited ${code}: ${seen}`)));
  });
}

/**
 * One tool call as plain JSON-RPC over stateless Streamable HTTP: initialize on one instance (which hands out no
 * session), then the call on another, as a load balancer without sticky routing would send them; its result.
 */
async function callOverHttp([first, second], apiKey, name, args) {
  const send = async (url, body) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'x-api-key': apiKey,
        'mcp-protocol-version': '2025-06-18',
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const data = text.startsWith('{') ? text : (/^data: (.+)$/m.exec(text)?.[1] ?? 'null');
    return { session: response.headers.get('mcp-session-id'), message: JSON.parse(data) };
  };
  const { session } = await send(first, {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'gate', version: '1' } },
  });
  check(session === null, `the HTTP server handed out a session (${session}); it should be stateless`);
  const { message } = await send(second, {
    jsonrpc: '2.0',
    id: 2,
    method: 'tools/call',
    params: { name, arguments: args },
  });
  return message.result;
}

/** The downloads: the MCP Inspector and the bundle tool. */
export const prepare = () =>
  Promise.all([
    cachedInstall('mcp-inspector', ['@modelcontextprotocol/inspector@2.12.0']),
    cachedInstall('mcpb', ['@anthropic-ai/mcpb@2.1.2']),
  ]);

export async function run() {
  const [inspectorDir, mcpbDir] = await prepare();
  const inspector = path.join(inspectorDir, 'node_modules', '.bin', 'mcp-inspector');
  const mcpb = path.join(mcpbDir, 'node_modules', '.bin', 'mcpb');
  const { startSandbox } = await import(
    pathToFileURL(path.join(rootDir, 'packages', 'sandbox', 'dist', 'index.js')).href
  );
  const sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
  const env = { PATH: process.env.PATH, MUSIQUE_BASE_URL: sandbox.baseUrl };
  const inspect = async (target, args, extraEnv = {}) => {
    const { stdout } = await execFileAsync(inspector, ['--cli', ...target, ...args], {
      env: { ...env, ...extraEnv, MCP_CATALOG_PATH: path.join(os.tmpdir(), 'musique-mcp-gate-catalog.json') },
      timeout: 60_000,
    });
    return JSON.parse(stdout);
  };
  // Two instances, as behind a load balancer: any of them answers any request.
  const [http, spare] = await Promise.all([
    startHttp({ ...env, MUSIQUE_API_KEY: sandbox.apiKey }),
    startHttp({ ...env, MUSIQUE_API_KEY: sandbox.apiKey }),
  ]);
  const instances = [http.url, spare.url];
  try {
    // stdio: the tools, and one call that reaches the API.
    const stdio = ['node', bin];
    const serverEnv = [
      '-e',
      `MUSIQUE_API_KEY=${sandbox.apiKey}`,
      '-e',
      `MUSIQUE_BASE_URL=${sandbox.baseUrl}`,
    ];
    const { tools } = await inspect([...serverEnv, ...stdio], ['--method', 'tools/list']);
    check(tools.length === 9, `stdio lists ${tools.length} tools, not 9`);
    const app = await checkApp((args) => inspect([...serverEnv, ...stdio], args), {
      tools,
      fileOrigin: new URL(sandbox.baseUrl).origin,
    });
    console.log(`  MCP App: ui://musique/app.html, ${(app.bytes / 1024).toFixed(1)} KB, one file`);
    const health = await inspect(
      [...serverEnv, ...stdio],
      ['--method', 'tools/call', '--tool-name', 'health'],
    );
    check(!health.isError, `health over stdio failed: ${JSON.stringify(health)}`);

    // HTTP with the person's key in a header.
    const withKey = ['--transport', 'http', '--header', `X-API-Key: ${sandbox.apiKey}`];
    const remote = await inspect([http.url], [...withKey, '--method', 'tools/list']);
    check(remote.tools.length === 9, `HTTP lists ${remote.tools.length} tools, not 9`);

    // Both protocol revisions, as the Inspector speaks them: 2025-11-25 (legacy: initialize, then calls) and
    // 2026-07-28 (modern: no handshake, every request on its own), over stdio and over HTTP.
    for (const era of ['legacy', 'modern']) {
      for (const [transport, target] of [
        ['stdio', [...serverEnv, ...stdio]],
        ['HTTP', [http.url, ...withKey]],
      ]) {
        const revision = ['--protocol-era', era];
        const listed = await inspect(target, [...revision, '--method', 'tools/list']);
        check(
          listed.tools?.length === 9,
          `${era} over ${transport} lists ${listed.tools?.length} tools, not 9`,
        );
        const called = await inspect(target, [
          ...revision,
          '--method',
          'tools/call',
          '--tool-name',
          'health',
        ]);
        check(!called.isError, `health, ${era} over ${transport}, failed: ${JSON.stringify(called)}`);
      }
      console.log(
        `  protocol ${era === 'legacy' ? '2025-11-25' : '2026-07-28'}: tools listed and called over stdio and HTTP`,
      );
    }
    // What a remote caller must not get: the server's disk, or its private network (the Inspector shows only
    // that a tool failed, so these go as plain JSON-RPC to read the refusal).
    const serverPath = await callOverHttp(instances, sandbox.apiKey, 'upload_audio', {
      file: '/etc/hostname',
    });
    check(
      serverPath.isError && /does not read its own disk/.test(JSON.stringify(serverPath.content)),
      `a server path over HTTP was not refused: ${JSON.stringify(serverPath)}`,
    );
    const privateUrl = await callOverHttp(instances, sandbox.apiKey, 'upload_audio', {
      file: 'https://10.0.0.1/promo.mp3',
    });
    check(
      privateUrl.isError && /not on the public internet/.test(JSON.stringify(privateUrl.content)),
      `a private-address URL was not refused: ${JSON.stringify(privateUrl)}`,
    );

    const stream = await fetch(http.url, {
      headers: { 'x-api-key': sandbox.apiKey, accept: 'text/event-stream' },
    });
    check(stream.status === 405, `a GET for an event stream got ${stream.status}, not 405 (stateless)`);

    // Raw requests a browser page or another process could send: refused before anything is served.
    const initialize = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'probe', version: '1' },
      },
    });
    const probe = (headers) =>
      fetch(http.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
        body: initialize,
      }).then((response) => response.status);
    const origin = await probe({ 'x-api-key': sandbox.apiKey, origin: 'http://attacker.example' });
    check(origin === 403, `a foreign Origin got ${origin}, not 403`);
    const anonymous = await probe({});
    check(anonymous === 401, `no credential got ${anonymous}, not 401 (the environment holds a key)`);
  } finally {
    http.stop();
    spare.stop();
    await sandbox.stop();
  }

  // The bundle: its manifest validates and it packs, its server bundled into one file.
  await execFileAsync(mcpb, ['validate', path.join(mcpDir, 'manifest.json')]);
  const packed = path.join(mkdtempSync(path.join(os.tmpdir(), 'mcpb-')), 'musique.mcpb');
  const { stdout: packing } = await execFileAsync(mcpb, ['pack', mcpDir, packed], {
    maxBuffer: 64 * 1024 * 1024,
  });
  // The bundle carries its server as one file (dist/mcpb/bin.js), not the workspace's node_modules.
  check(!/node_modules\//.test(packing), `the bundle packs node_modules: ${packing.slice(-600)}`);
  await checkAppInBundle(packed);

  // server.json against the MCP Registry's schema (vendored as test data).
  const { Ajv } = createRequire(path.join(mcpDir, 'package.json'))('ajv');
  const read = (file) => JSON.parse(readFileSync(path.join(mcpDir, file), 'utf8'));
  const validate = new Ajv({ strict: false, validateFormats: false }).compile(
    read('test/fixtures/registry-server.schema.json'),
  );
  check(validate(read('server.json')), `server.json: ${JSON.stringify(validate.errors)}`);
}
