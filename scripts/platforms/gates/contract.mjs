// The contract, judged by Prism rather than by our own validator: Prism in proxy mode in front of a live sandbox
// checks every response (status, headers, body) against shared/openapi/musique.openapi.yaml while traffic that
// exercises every operation and its documented errors goes through it. Any response violation fails the gate,
// as does a request violation on a request we meant to be valid. Uploads go straight to the sandbox: Prism
// re-encodes binary multipart bodies. Not through Prism: the endless players stream (Prism waits for a whole
// body) and the G1 legacy aliases (another base path; the same handlers answer them). Then `prism mock`, the
// stateless mock a partner would run, behind a second proxy: the document's own examples must be valid too.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rootDir } from '../cache.mjs';
import { contractFile, installPrism, startPrism } from '../prism.mjs';

export const title = 'Prism proxy validates every operation of the sandbox against the OpenAPI document';

export const prepare = installPrism;

export async function run() {
  const { startSandbox } = await import(
    pathToFileURL(path.join(rootDir, 'packages', 'sandbox', 'dist', 'index.js')).href
  );
  const sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
  const prisms = [];
  const prism = async (...args) => {
    const started = await startPrism(args);
    prisms.push(started);
    return started;
  };
  try {
    const calls = await traffic(sandbox, (await prism('proxy', contractFile, sandbox.baseUrl)).url);
    const mock = await prism('mock', contractFile);
    const mockCalls = await mockTraffic((await prism('proxy', contractFile, mock.url)).url);
    const found = [...calls, ...mockCalls].flatMap(({ label, violations, invalidOnPurpose }) =>
      violations
        .filter(({ location }) => location[0] === 'response' || !invalidOnPurpose)
        .map((v) => `${label}: ${v.location.join('.')}: ${v.message}`),
    );
    // Prism logs what it finds as well: a violation in its log that no header carried still counts.
    const logged = prisms.flatMap((p) => p.log().match(/Violation: response\.[^\n]*/g) ?? []);
    const problems = found.length ? found : logged;
    if (problems.length)
      throw new Error(`Prism found ${problems.length} violation(s) of the contract:\n${problems.join('\n')}`);
    const operations = new Set(calls.map((c) => c.operation));
    console.log(
      `Prism checked ${calls.length} sandbox responses of ${operations.size} operations and ${mockCalls.length} of its own mock: no violation.`,
    );
  } finally {
    for (const started of prisms) await started.stop();
    await sandbox.stop();
  }
}

/**
 * `call(operation, method, route, { status, headers, body, invalidOnPurpose })` through a Prism proxy: fails on
 * any status but the one the contract promises (a call that went wrong cannot pass as validated), records the
 * violations Prism reports in its `sl-violations` header, and returns the parsed body.
 */
function caller(prismUrl, calls, key) {
  return async (operation, method, route, { status, headers = key, body, invalidOnPurpose = false }) => {
    const response = await fetch(`${prismUrl}${route}`, {
      method,
      headers: body ? { ...headers, 'content-type': 'application/json' } : headers,
      body: body && JSON.stringify(body),
    });
    const text = await response.text();
    const label = `${operation} ${method} ${route} -> ${response.status}`;
    if (response.status !== status) throw new Error(`${label}, expected ${status}: ${text.slice(0, 300)}`);
    const violations = JSON.parse(response.headers.get('sl-violations') ?? '[]');
    calls.push({ operation, label, violations, invalidOnPurpose });
    return text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  };
}

/**
 * The stateless mock a partner would run (`prism mock`), behind the proxy: every operation's first success
 * example, which must be valid against the document it came from.
 */
async function mockTraffic(prismUrl) {
  const calls = [];
  const call = caller(prismUrl, calls, { 'x-api-key': 'msk_test_0123456789abcdef' });
  const audio = '/audio/aud_9x8y7z6w5v4u3t';
  await call('getApiInfo', 'GET', '/', { status: 200 });
  await call('getHealth', 'GET', '/health', { status: 200 });
  await call('listAudio', 'GET', '/audio', { status: 200 });
  await call('getAudio', 'GET', audio, { status: 200 });
  await call('sendAudio', 'POST', `${audio}/send`, { status: 201, body: { externalIds: ['store_001'] } });
  await call('deleteAudio', 'DELETE', audio, { status: 200 });
  await call('generateToken', 'POST', '/auth', {
    status: 201,
    headers: {},
    body: { externalId: 'store_001', companyToken: 'comp_abc123xyz' },
  });
  await call('revokeToken', 'DELETE', '/auth', { status: 200 });
  await call('testToken', 'POST', '/test', { status: 200 });
  await call('listUsageLogs', 'GET', '/logs', { status: 200 });
  await call('getRateLimits', 'GET', '/limits', { status: 200 });
  await call('listWebhooks', 'GET', '/webhooks', { status: 200 });
  await call('createWebhook', 'POST', '/webhooks', {
    status: 201,
    body: { url: 'https://example.com/hook', events: ['audio.created'] },
  });
  await call('deleteWebhook', 'DELETE', '/webhooks/whk_4f9a2c7e1b3d', { status: 200 });
  await call('listLocations', 'GET', '/sandbox/locations', { status: 200 });
  await call('getPlayer', 'GET', '/sandbox/locations/store_001/player', { status: 200 });
  return calls;
}

/**
 * Every operation (success and the errors a partner meets) through Prism. Each call states the status the
 * contract promises; a different one fails the gate, so a call that went wrong cannot pass as validated.
 */
async function traffic(sandbox, prismUrl) {
  const calls = [];
  const key = { 'x-api-key': sandbox.apiKey };
  const call = caller(prismUrl, calls, key);
  const upload = async (name) => {
    const form = new FormData();
    const mp3 = await readFile(path.join(rootDir, 'shared', 'fixtures', 'promo-closing-time.mp3'));
    form.append('file', new Blob([mp3], { type: 'audio/mpeg' }), `${name}.mp3`);
    form.append('name', name);
    const response = await fetch(`${sandbox.baseUrl}/audio`, { method: 'POST', headers: key, body: form });
    if (response.status !== 201) throw new Error(`direct upload answered ${response.status}`);
    return (await response.json()).audioId;
  };

  await call('getApiInfo', 'GET', '/', { status: 200 });
  await call('getHealth', 'GET', '/health', { status: 200 });
  await call('listAudio', 'GET', '/audio?limit=2', { status: 200 });
  await call('listAudio', 'GET', '/audio?limit=5&category=promotion&name=sale', { status: 200 });
  await call('listAudio', 'GET', '/audio?limit=0', { status: 400, invalidOnPurpose: true });
  await call('listAudio', 'GET', '/audio', { status: 401, headers: {}, invalidOnPurpose: true });
  await call('listAudio', 'GET', '/audio', {
    status: 401,
    headers: { 'x-api-key': 'msk_test_notarealkey0000000000' },
  });

  const kept = await upload('Contract Promo');
  const doomed = await upload('Contract Doomed');
  await call('getAudio', 'GET', `/audio/${kept}`, { status: 200 });
  await call('getAudio', 'GET', '/audio/aud_doesnotexist', { status: 404 });

  const send = { externalIds: ['store_001', 'store_042'], priority: 'high', volume: 80 };
  const once = { ...key, 'idempotency-key': 'contract-send-1' };
  await call('sendAudio', 'POST', `/audio/${kept}/send`, { status: 201, headers: once, body: send });
  await call('sendAudio', 'POST', `/audio/${kept}/send`, { status: 201, headers: once, body: send });
  await call('sendAudio', 'POST', `/audio/${kept}/send`, {
    status: 409,
    headers: once,
    body: { externalIds: ['store_002'] },
  });
  await call('sendAudio', 'POST', `/audio/${kept}/send`, {
    status: 400,
    body: { externalIds: ['store_999'] },
  });
  await call('sendAudio', 'POST', `/audio/${kept}/send`, {
    status: 400,
    body: { externalIds: ['store_001'], volume: 'loud' },
    invalidOnPurpose: true,
  });
  const later = new Date(Date.now() + 3_600_000).toISOString();
  await call('sendAudio', 'POST', `/audio/${kept}/send`, {
    status: 201,
    body: { externalIds: ['store_003'], scheduleAt: later },
  });
  const readOnly = await sandbox.createApiKey({ permissions: ['audio.read'] });
  await call('sendAudio', 'POST', `/audio/${kept}/send`, {
    status: 403,
    headers: { 'x-api-key': readOnly },
    body: { externalIds: ['store_001'] },
  });
  await call('sendAudio', 'POST', '/audio/aud_doesnotexist/send', {
    status: 404,
    body: { externalIds: ['store_001'] },
  });

  await call('deleteAudio', 'DELETE', `/audio/${kept}`, { status: 409 });
  await call('deleteAudio', 'DELETE', `/audio/${doomed}`, { status: 200 });
  await call('deleteAudio', 'DELETE', `/audio/${doomed}`, { status: 404 });

  const issued = await call('generateToken', 'POST', '/auth', {
    status: 201,
    headers: {},
    body: { externalId: 'store_001', companyToken: sandbox.companyToken },
  });
  const own = { 'x-api-key': issued.token };
  await call('generateToken', 'POST', '/auth', {
    status: 401,
    headers: {},
    body: { externalId: 'store_001', companyToken: 'comp_wrongwrongwrong' },
  });
  await call('testToken', 'POST', '/test', { status: 200, headers: own });
  await call('revokeToken', 'DELETE', '/auth', { status: 200, headers: own });
  await call('testToken', 'POST', '/test', { status: 401, headers: own });

  await call('listUsageLogs', 'GET', '/logs?limit=5', { status: 200 });
  await call('getRateLimits', 'GET', '/limits', { status: 200 });

  await call('listWebhooks', 'GET', '/webhooks', { status: 200 });
  const hook = await call('createWebhook', 'POST', '/webhooks', {
    status: 201,
    body: { url: 'http://127.0.0.1:9/musique-hook', events: ['audio.created', 'send.delivered'] },
  });
  await call('listWebhooks', 'GET', '/webhooks', { status: 200 });
  await call('deleteWebhook', 'DELETE', `/webhooks/${hook.webhookId}`, { status: 200 });
  await call('deleteWebhook', 'DELETE', `/webhooks/${hook.webhookId}`, { status: 404 });

  await call('listLocations', 'GET', '/sandbox/locations', { status: 200 });
  await call('getPlayer', 'GET', '/sandbox/locations/store_042/player', { status: 200 });
  await call('getPlayer', 'GET', '/sandbox/locations/store_999/player', { status: 404 });

  // The key's 100 requests a minute, spent: the 429 a partner meets, with Retry-After.
  for (let i = 0; i < 200; i++) {
    const response = await fetch(`${prismUrl}/limits`, { headers: key });
    await response.arrayBuffer();
    if (response.status === 429) {
      const violations = JSON.parse(response.headers.get('sl-violations') ?? '[]');
      calls.push({ operation: 'getRateLimits', label: 'getRateLimits GET /limits -> 429', violations });
      return calls;
    }
  }
  throw new Error('200 requests through Prism never met the rate limit (429)');
}
