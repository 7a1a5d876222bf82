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
import { connect, post, promoFile, text } from './processes.js';

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

test('musique:read alone: sending is neither offered nor run', async () => {
  const { client, call } = await connect(server.url, {
    authorization: `Bearer ${await token({ scope: 'musique:read' })}`,
  });
  const { tools } = await client.listTools();
  const refused = await call('send_audio', { audio: 'anything', stores: ['42'] });
  const health = await call('health');
  await client.close();
  expect(tools.map((tool) => tool.name).sort()).toEqual([
    'find_audio',
    'get_audio',
    'health',
    'limits',
    'list_audio',
  ]);
  expect(text(refused)).toMatch(/needs the musique:send scope/);
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
