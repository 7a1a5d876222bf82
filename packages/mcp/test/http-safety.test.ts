/**
 * The review's findings over HTTP, each tried the way it was found: raw requests and the SDK's client against
 * the HTTP server (and the built bin), a real sandbox behind it, real file servers on loopback.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_UPLOAD_BYTES, MusiqueClient } from '@musique/core/node';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { type HttpServer, startHttpServer } from '../src/index.js';
import { isPublicAddress, publicHttpsOnly } from '../src/remote-file.js';
import { connect as connectWith, post, promoFile, startBin, stop, text } from './processes.js';

const promo = readFileSync(promoFile);

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
});
afterAll(() => sandbox.stop());

const audioCount = async () =>
  (await new MusiqueClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl }).audio.list({ limit: 100 }))
    .data.length;
const connect = (url: string) => connectWith(url, { 'X-API-Key': sandbox.apiKey });

describe('the bin over HTTP, the environment holding a key', () => {
  let running: Awaited<ReturnType<typeof startBin>>;
  beforeAll(async () => {
    running = await startBin(['--host', '127.0.0.2'], {
      MUSIQUE_API_KEY: sandbox.apiKey,
      MUSIQUE_BASE_URL: sandbox.baseUrl,
    });
  }, 60_000); // a process starting on a busy machine
  afterAll(() => stop(running.child));

  test('--host is honoured: it listens on 127.0.0.2, not on 127.0.0.1', async () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/mcp$/);
    const elsewhere = running.url.replace('127.0.0.2', '127.0.0.1');
    await expect(post(elsewhere, { 'x-api-key': sandbox.apiKey })).rejects.toThrow();
  });

  test('a rebinding page (foreign Host and Origin, no credential) is refused and nothing plays', async () => {
    const attack = await post(running.url, { host: 'attacker.example', origin: 'http://attacker.example' });
    expect(attack.status).toBe(403);
    const foreignOrigin = await post(running.url, {
      'x-api-key': sandbox.apiKey,
      origin: 'http://attacker.example',
    });
    expect(foreignOrigin.status).toBe(403);
    expect((await sandbox.player('store_045')).history).toEqual([]);
  });

  test('no credential: 401, though the environment holds a key', async () => {
    const anonymous = await post(running.url, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await anonymous.text()).not.toContain(sandbox.apiKey);
  });

  test('mid-conversation, a request without its credential is refused', async () => {
    const { client } = await connect(running.url);
    const list = { jsonrpc: '2.0', id: 2, method: 'tools/list' };
    const bare = await post(running.url, { 'mcp-protocol-version': '2025-06-18' }, list);
    await client.close();
    expect(bare.status).toBe(401);
  });
});

describe('the HTTP server', () => {
  let server: HttpServer;
  beforeAll(async () => {
    server = await startHttpServer({ baseUrl: sandbox.baseUrl });
  });
  afterAll(() => server.close());

  test('serves exactly /mcp', async () => {
    for (const path of ['/mcpXYZ', '/mcp/', '/mcp/../x', '/'])
      expect((await post(server.url.replace('/mcp', path), { 'x-api-key': sandbox.apiKey })).status).toBe(
        404,
      );
  });

  test('a body past the bound is refused, whether announced or streamed', async () => {
    const huge = 'x'.repeat(15 * 1024 * 1024);
    expect((await post(server.url, { 'x-api-key': sandbox.apiKey }, huge)).status).toBe(413);
    const streamed = await new Promise<number>((resolve, reject) => {
      const request = http.request(server.url, {
        method: 'POST',
        headers: {
          'x-api-key': sandbox.apiKey,
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
        },
      });
      request.on('response', (response) => resolve(response.statusCode ?? 0));
      request.on('error', reject);
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      for (let i = 0; i < 16; i++) request.write(chunk);
      request.end();
    }).catch(() => 413); // the server may close the socket while the rest is still being written
    expect(streamed).toBe(413);
  });

  test('stateless: no session is handed out, a call stands alone, GET and DELETE get 405', async () => {
    const key = { 'x-api-key': sandbox.apiKey };
    const opened = await post(server.url, key);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('mcp-session-id')).toBeNull();
    const call = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'health', arguments: {} } };
    const alone = await post(server.url, { ...key, 'mcp-protocol-version': '2025-06-18' }, call);
    const answer = JSON.parse(/^data: (.*)$/m.exec(await alone.text())?.[1] ?? '{}');
    expect(answer.result.isError).toBeUndefined();
    expect(answer.result.structuredContent).toEqual(expect.any(Object));
    for (const method of ['GET', 'DELETE']) {
      const refused = await fetch(server.url, { method, headers: { ...key, accept: 'text/event-stream' } });
      expect([refused.status, refused.headers.get('allow')]).toEqual([405, 'POST']);
    }
    const anonymous = await fetch(server.url, { method: 'GET' });
    expect(anonymous.status).toBe(401);
  });

  test('a remote caller cannot make the server read its disk: every path gets the same answer', async () => {
    const { client, call } = await connect(server.url);
    const before = await audioCount();
    const answers = await Promise.all(
      ['/root', '/proc/self/environ', '/etc/hostname', '/no/such/file', promoFile].map((file) =>
        call('upload_audio', { file }),
      ),
    );
    await client.close();
    for (const answer of answers) {
      expect(answer.isError).toBe(true);
      expect(text(answer)).toMatch(/does not read its own disk for remote callers/);
    }
    expect(new Set(answers.map(text)).size).toBe(1);
    expect(await audioCount()).toBe(before);
  });

  test('the bytes themselves upload, as base64 or a data: URI', async () => {
    const { client, call } = await connect(server.url);
    const plain = await call('upload_audio', { file: promo.toString('base64'), name: 'Bytes Promo' });
    const uri = await call('upload_audio', {
      file: `data:audio/mpeg;base64,${promo.toString('base64')}`,
      name: 'Data URI Promo',
    });
    await client.close();
    expect(plain.structuredContent).toMatchObject({
      name: 'Bytes Promo',
      size: promo.byteLength,
      format: 'mp3',
    });
    expect(uri.structuredContent).toMatchObject({ name: 'Data URI Promo', size: promo.byteLength });
  });

  test('links to this machine, private networks and metadata are refused before connecting', async () => {
    const { client, call } = await connect(server.url);
    const before = await audioCount();
    for (const file of [
      'http://example.com/promo.mp3',
      'https://127.0.0.1/promo.mp3',
      'https://localhost/promo.mp3',
      'https://169.254.169.254/latest/meta-data/',
      'https://10.0.0.7/promo.mp3',
      'https://[::1]/promo.mp3',
      'https://[::ffff:127.0.0.1]/promo.mp3',
      'https://[fd00:ec2::254]/',
      'ftp://example.com/promo.mp3',
    ]) {
      const answer = await call('upload_audio', { file });
      expect([file, answer.isError]).toEqual([file, true]);
      expect(text(answer)).toMatch(/give an https URL|not on the public internet/);
    }
    await client.close();
    expect(await audioCount()).toBe(before);
  });
});

test.each([
  ['127.0.0.1', false],
  ['10.1.2.3', false],
  ['172.20.0.1', false],
  ['192.168.1.1', false],
  ['100.100.100.200', false],
  ['169.254.169.254', false],
  ['0.0.0.0', false],
  ['::1', false],
  ['::', false],
  ['fe80::1', false],
  ['fd00:ec2::254', false],
  ['::ffff:10.0.0.1', false],
  ['::ffff:7f00:1', false],
  ['64:ff9b::7f00:1', false],
  // Issue 26 defect 4: IPv4-compatible, NAT64 (both prefixes, dotted too) and site-local were let through.
  ['::127.0.0.1', false],
  ['[::127.0.0.1]', false],
  ['64:ff9b::127.0.0.1', false],
  ['64:ff9b:1::a00:1', false],
  ['fec0::1', false],
  ['8.8.8.8', true],
  ['2606:4700:4700::1111', true],
  ['::ffff:8.8.8.8', true],
])('%s is public: %s', (address, expected) => {
  expect(isPublicAddress(address)).toBe(expected);
});

describe('links, with a policy that trusts 127.0.0.1 alone (standing in for a public host)', () => {
  const hits: string[] = [];
  let files: http.Server;
  let filesUrl: string;
  let server: HttpServer;
  beforeAll(async () => {
    files = http.createServer((request, response) => {
      hits.push(request.url ?? '');
      const port = (files.address() as AddressInfo).port;
      if (request.url === '/promo.mp3') return response.end(promo);
      if (request.url === '/elsewhere') {
        response.writeHead(302, { location: `https://127.0.0.2:${port}/promo.mp3` });
        return response.end();
      }
      // 11 MB of an MP3's frame sync, without a Content-Length: found too big while reading.
      response.writeHead(200, { 'content-type': 'audio/mpeg' });
      const chunk = Buffer.alloc(1024 * 1024, 0xff);
      let sent = 0;
      const more = () => {
        while (sent < 11 && response.write(chunk)) sent++;
        if (sent >= 11) response.end();
        else response.once('drain', more);
      };
      response.on('error', () => undefined);
      more();
    });
    await new Promise<void>((resolve) => files.listen(0, '0.0.0.0', resolve));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    server = await startHttpServer({
      baseUrl: sandbox.baseUrl,
      fetchPolicy: {
        refuse: (url, address = url.hostname) =>
          address === '127.0.0.1' ? undefined : publicHttpsOnly.refuse(url, address),
      },
    });
  });
  afterAll(async () => {
    await server.close();
    files.closeAllConnections();
    await new Promise((resolve) => files.close(resolve));
  });

  test('a file is fetched once', async () => {
    const { client, call } = await connect(server.url);
    const uploaded = await call('upload_audio', { file: `${filesUrl}/promo.mp3`, name: 'Fetched Once' });
    await client.close();
    expect(uploaded.structuredContent).toMatchObject({ name: 'Fetched Once', size: promo.byteLength });
    expect(hits.filter((hit) => hit === '/promo.mp3').length).toBe(1);
  });

  test('an upload from a link reports progress when the client asks for it', async () => {
    const { client } = await connect(server.url);
    const reports: { progress: number; total?: number }[] = [];
    const uploaded = await client.callTool(
      { name: 'upload_audio', arguments: { file: `${filesUrl}/promo.mp3`, name: 'With Progress' } },
      undefined,
      { onprogress: (report) => reports.push(report) },
    );
    await client.close();
    expect(uploaded.isError).toBeFalsy();
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.at(-1)).toMatchObject({ progress: promo.byteLength, total: promo.byteLength });
  });

  test('a redirect to another loopback address is refused', async () => {
    const { client, call } = await connect(server.url);
    const before = hits.length;
    const answer = await call('upload_audio', { file: `${filesUrl}/elsewhere` });
    await client.close();
    expect(answer.isError).toBe(true);
    expect(text(answer)).toMatch(/127\.0\.0\.2 is not on the public internet/);
    expect(hits.slice(before)).toEqual(['/elsewhere']);
  });

  test('a file past the upload limit is cut off and never sent', async () => {
    const { client, call } = await connect(server.url);
    const before = await audioCount();
    const answer = await call('upload_audio', { file: `${filesUrl}/endless.mp3` });
    await client.close();
    expect(text(answer)).toMatch(`larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
    expect(await audioCount()).toBe(before);
  });
});
