/**
 * OAuth over real HTTP: a local issuer (a discovery document and a JWKS on loopback, tokens signed with jose)
 * in front of the HTTP server; what counts is the 401s, the scopes, and the promo on store_042's player.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { type HttpServer, startHttpServer } from '../src/index.js';
import { connect, post, promoFile } from './processes.js';

let sandbox: Sandbox;
let issuerServer: http.Server;
let issuer: string;
let server: HttpServer;
type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let signingKey: PrivateKey;
let strangerKey: PrivateKey;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'one', alg: 'RS256', use: 'sig' };
  issuerServer = http.createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    if (request.url === '/.well-known/openid-configuration')
      return response.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    if (request.url === '/jwks') return response.end(JSON.stringify({ keys: [jwk] }));
    response.writeHead(404).end('{}');
  });
  await new Promise<void>((resolve) => issuerServer.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}`;
  server = await startHttpServer({
    baseUrl: sandbox.baseUrl,
    oauth: { issuer, resource: 'http://127.0.0.1/mcp', companyKey: sandbox.apiKey },
  });
});
afterAll(async () => {
  await server.close();
  issuerServer.closeAllConnections();
  await new Promise((resolve) => issuerServer.close(resolve));
  await sandbox.stop();
});

function token(
  claims: { scope?: string; aud?: string; expiresIn?: string; key?: PrivateKey; iss?: string } = {},
) {
  return new SignJWT({ scope: claims.scope ?? 'musique:read musique:send' })
    .setProtectedHeader({ alg: 'RS256', kid: 'one' })
    .setIssuer(claims.iss ?? issuer)
    .setAudience(claims.aud ?? 'http://127.0.0.1/mcp')
    .setSubject('ada@example.com')
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '5m')
    .sign(claims.key ?? signingKey);
}

test('the protected resource metadata names the issuer and the scopes', async () => {
  const origin = new URL(server.url).origin;
  const metadata = await fetch(`${origin}/.well-known/oauth-protected-resource/mcp`).then((r) => r.json());
  expect(metadata).toEqual(
    expect.objectContaining({
      resource: 'http://127.0.0.1/mcp',
      authorization_servers: [issuer],
      scopes_supported: ['musique:read', 'musique:send'],
    }),
  );
});

test('no token: 401 pointing at the metadata; a personal key is not taken unless opted in', async () => {
  for (const headers of [{}, { 'x-api-key': sandbox.apiKey }] as Record<string, string>[]) {
    const refused = await post(server.url, headers);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe(
      'Bearer resource_metadata="http://127.0.0.1/.well-known/oauth-protected-resource/mcp"',
    );
  }
});

test.each([
  ['forged (signed by another key)', () => token({ key: strangerKey })],
  ['expired', () => token({ expiresIn: '-1m' })],
  ['for another audience', () => token({ aud: 'https://elsewhere.example/mcp' })],
  ['from another issuer', () => token({ iss: 'https://issuer.example' })],
  ['not a JWT', async () => 'musique_prod_not-a-token'],
])('a token %s gets 401 invalid_token', async (_, make) => {
  const refused = await post(server.url, { authorization: `Bearer ${await make()}` });
  expect(refused.status).toBe(401);
  expect(refused.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
  expect(await refused.text()).not.toContain(sandbox.apiKey);
});

const callTool = (name: string, args: Record<string, unknown> = {}) => ({
  jsonrpc: '2.0',
  id: 2,
  method: 'tools/call',
  params: { name, arguments: args },
});

test('musique:read alone: sending is neither offered nor run, and the refusal asks for the scope (step-up)', async () => {
  const bearer = `Bearer ${await token({ scope: 'musique:read' })}`;
  const { client, call } = await connect(server.url, { authorization: bearer });
  const { tools } = await client.listTools();
  const health = await call('health');
  const { prompts } = await client.listPrompts();
  await client.close();
  const refused = await post(
    server.url,
    { authorization: bearer },
    callTool('send_audio', { audio: 'a', stores: ['42'] }),
  );
  expect(refused.status).toBe(403);
  expect(refused.headers.get('www-authenticate')).toMatch(/error="insufficient_scope", scope="musique:send"/);
  expect(await refused.text()).toMatch(/needs the musique:send scope/);
  expect(prompts).toEqual([]); // announce-promo sends: not offered to a reader (defect 1)
  expect(tools.map((tool) => tool.name).sort()).toEqual([
    'find_audio',
    'get_audio',
    'health',
    'limits',
    'list_audio',
    'store_status',
  ]);
  expect(health.isError).toBeFalsy();
});

test('signed in with musique:send, a promo reaches store_042 on the company key', async () => {
  const { client, call } = await connect(server.url, { authorization: `Bearer ${await token()}` });
  await call('upload_audio', { file: readFileSync(promoFile).toString('base64'), name: 'Signed In Promo' });
  const sent = await call('send_audio', { audio: 'Signed In Promo', stores: ['42'] });
  await client.close();
  expect(sent.structuredContent).toMatchObject({ status: 'sent' });
  const player = await sandbox.player('store_042');
  const names = [player.nowPlaying, ...player.queue, ...player.history].map((item) => item?.name);
  expect(names).toContain('Signed In Promo');
});

test('a token without a Musique scope reads nothing: resources, completions and tools all answer 403 (defect 1)', async () => {
  const bearer = `Bearer ${await token({ scope: 'openid' })}`;
  for (const body of [
    { jsonrpc: '2.0', id: 1, method: 'resources/list', params: {} },
    { jsonrpc: '2.0', id: 1, method: 'resources/read', params: { uri: 'musique://stores' } },
    {
      jsonrpc: '2.0',
      id: 1,
      method: 'completion/complete',
      params: { ref: { type: 'ref/prompt', name: 'announce-promo' }, argument: { name: 'promo', value: '' } },
    },
  ]) {
    const refused = await post(server.url, { authorization: bearer }, body);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toMatch(
      /error="insufficient_scope", scope="musique:read"/,
    );
    expect(await refused.text()).not.toContain('store_0');
  }
});

test('a personal key in Bearer, in its real format, is taken as a key beside OAuth (defect 8)', async () => {
  const both = await startHttpServer({
    baseUrl: sandbox.baseUrl,
    personalKeys: true,
    oauth: { issuer, resource: 'http://127.0.0.1/mcp', companyKey: sandbox.apiKey },
  });
  const answered = await post(both.url, { authorization: `Bearer ${sandbox.apiKey}` });
  await both.close();
  expect(sandbox.apiKey).not.toMatch(/^musique_/);
  expect(answered.status).toBe(200);
});

test("the sign-in's zoneinfo is the person's zone, not the server's (defect 11, item 4)", async () => {
  const signed = await new SignJWT({ scope: 'musique:read musique:send', zoneinfo: 'America/Montreal' })
    .setProtectedHeader({ alg: 'RS256', kid: 'one' })
    .setIssuer(issuer)
    .setAudience('http://127.0.0.1/mcp')
    .setSubject('grace@example.com')
    .setExpirationTime('5m')
    .sign(signingKey);
  const { client } = await connect(server.url, { authorization: `Bearer ${signed}` });
  const { tools } = await client.listTools();
  await client.close();
  const send = tools.find((tool) => tool.name === 'send_audio');
  expect(JSON.stringify(send?.inputSchema)).toContain('America/Montreal');
});

test('an issuer that cannot be reached is 503 with Retry-After, not a sign-in loop (defect 7)', async () => {
  const down = await startHttpServer({
    baseUrl: sandbox.baseUrl,
    oauth: { issuer: 'http://127.0.0.1:9', resource: 'http://127.0.0.1/mcp', companyKey: sandbox.apiKey },
  });
  const answered = await post(down.url, { authorization: `Bearer ${await token()}` });
  await down.close();
  expect(answered.status).toBe(503);
  expect(answered.headers.get('retry-after')).toBe('30');
  expect(answered.headers.get('www-authenticate')).toBeNull();
});
