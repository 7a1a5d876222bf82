// MCP send: a send_audio tools/call over Streamable HTTP, signed in with an OAuth access token (a JWT the
// server checks against a local issuer's JWKS), against the same send made directly with the core client.
// Both are timed to the send's answer; stores differ so every send plays.
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';
import {
  coreNodeModule,
  importBuilt,
  isMain,
  knob,
  median,
  printTable,
  round,
  startUnlimitedSandbox,
  timingRow,
  writeResult,
} from './lib.mjs';

const sends = knob('BENCH_MCP_SENDS', 20, 2);
const storeId = (n) => `store_${String(n).padStart(3, '0')}`;
const base64url = (value) => Buffer.from(value).toString('base64url');

/** A local issuer: discovery and JWKS on loopback, and a signer for its RS256 access tokens. */
async function startIssuer(resource) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'bench', alg: 'RS256', use: 'sig' };
  const server = http.createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    if (request.url === '/.well-known/openid-configuration')
      return response.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    response.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const token = () => {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url(JSON.stringify({ alg: 'RS256', kid: 'bench', typ: 'JWT' }));
    const claims = {
      iss: issuer,
      aud: resource,
      sub: 'bench',
      iat: now,
      exp: now + 600,
      scope: 'musique:read musique:send',
    };
    const body = `${header}.${base64url(JSON.stringify(claims))}`;
    return `${body}.${createSign('RSA-SHA256').update(body).sign(privateKey).toString('base64url')}`;
  };
  return { issuer, token, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** A JSON-RPC session over Streamable HTTP, as an assistant's client holds one. */
async function openSession(url, token) {
  const headers = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    authorization: `Bearer ${token}`,
    'mcp-protocol-version': '2025-06-18',
  };
  let session;
  const send = async (body) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { ...headers, ...(session ? { 'mcp-session-id': session } : {}) },
      body: JSON.stringify(body),
    });
    session ??= response.headers.get('mcp-session-id');
    const text = await response.text();
    if (!response.ok) throw new Error(`${response.status} ${text}`);
    return text ? JSON.parse(text.startsWith('{') ? text : /^data: (.+)$/m.exec(text)[1]) : undefined;
  };
  await send({
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
  });
  await send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return (name, args) =>
    send({ jsonrpc: '2.0', id: randomUUID(), method: 'tools/call', params: { name, arguments: args } });
}

export async function run() {
  const { startHttpServer } = await importBuilt('mcp');
  const { MusiqueClient } = await coreNodeModule();
  const sb = await startUnlimitedSandbox();
  const resource = 'http://127.0.0.1/mcp';
  const issuer = await startIssuer(resource);
  const server = await startHttpServer({
    baseUrl: sb.baseUrl,
    oauth: { issuer: issuer.issuer, resource, companyKey: sb.apiKey },
  });
  const client = new MusiqueClient({ apiKey: sb.apiKey, baseUrl: sb.baseUrl });
  const promo = (await client.audio.findByName('Summer Sale'))[0];
  const samples = { mcp: [], direct: [] };
  try {
    const call = await openSession(server.url, issuer.token());
    for (let i = 0; i < sends + 1; i++) {
      // One warm-up send each is dropped; MCP plays on stores 1-21, the core client on 26-46.
      let started = performance.now();
      const answer = await call('send_audio', { audio: promo.audioId, stores: [storeId(1 + i)] });
      const mcp = performance.now() - started;
      if (answer.result?.isError) throw new Error(JSON.stringify(answer.result.content));
      started = performance.now();
      await client.audio.send(promo.audioId, { externalIds: [storeId(26 + i)] });
      const direct = performance.now() - started;
      if (i === 0) continue;
      samples.mcp.push(mcp);
      samples.direct.push(direct);
    }
  } finally {
    await server.close();
    await issuer.close();
    await sb.stop();
  }
  const rows = [
    timingRow('MCP send_audio over HTTP, OAuth token (tools/call -> answer)', samples.mcp),
    timingRow('core client: send (baseline)', samples.direct),
  ];
  const ratio = round(median(samples.mcp) / median(samples.direct));
  printTable(`MCP send to one store, ${sends} sends (ms)`, rows);
  console.log({ ratios: { mcpSendVsDirectSend: ratio } });
  await writeResult('mcp-send', {
    what: 'Time from a send_audio tools/call posted over Streamable HTTP with a bearer JWT to its answer, against client.audio.send to its answer',
    method:
      'MCP server, local issuer (JWKS) and sandbox run in this process; one session; the token is checked on every request; audio given by ID. One warm-up send each is dropped.',
    rows,
    ratios: { mcpSendVsDirectSend: ratio },
  });
  return { rows, ratio };
}

if (isMain(import.meta.url)) await run();
