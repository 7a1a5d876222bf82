/**
 * The whole sign-in a hosted assistant goes through, driven by the MCP SDK client's own OAuth support against
 * a real authorization server (oidc-provider, in its own process): 401, protected resource metadata, dynamic
 * client registration, PKCE, a JWT for this server's URL, and a promo on store_042's player.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import { type HttpServer, startHttpServer } from '../src/index.js';
import { promoFile, stop } from './processes.js';

let sandbox: Sandbox;
let issuerProcess: ChildProcess;
let server: HttpServer;

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
  const port = await freePort();
  const resource = `http://127.0.0.1:${port}/mcp`;
  issuerProcess = spawn(process.execPath, [join(__dirname, 'fixtures/issuer.mjs'), resource], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const issuer = await new Promise<string>((resolve) =>
    issuerProcess.stdout?.once('data', (chunk) => resolve(JSON.parse(String(chunk)).issuer)),
  );
  server = await startHttpServer({
    port,
    baseUrl: sandbox.baseUrl,
    oauth: { issuer, resource, companyKey: sandbox.apiKey },
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await stop(issuerProcess);
  await sandbox.stop();
});

/** What an assistant keeps: its registration, the PKCE verifier, the tokens; the browser is the test. */
class AssistantStorage implements OAuthClientProvider {
  readonly redirectUrl = 'http://127.0.0.1:1/callback';
  authorizationUrl: URL | undefined;
  private client: OAuthClientInformationMixed | undefined;
  private saved: OAuthTokens | undefined;
  private verifier = '';
  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Test assistant',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      application_type: 'native',
    } as OAuthClientMetadata;
  }
  clientInformation() {
    return this.client;
  }
  saveClientInformation(information: OAuthClientInformationMixed) {
    this.client = information;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/** A browser following the authorization URL until the redirect back, carrying cookies: the code. */
async function signIn(start: URL, redirectUrl: string): Promise<string> {
  const jar = new Map<string, string>();
  let url = start.href;
  for (let hop = 0; hop < 10; hop++) {
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const location = response.headers.get('location');
    if (!location) throw new Error(`sign-in stopped at ${url}: ${response.status} ${await response.text()}`);
    url = new URL(location, url).href;
    if (url.startsWith(redirectUrl)) {
      const code = new URL(url).searchParams.get('code');
      if (!code) throw new Error(`no code in ${url}`);
      return code;
    }
  }
  throw new Error('sign-in redirected too many times');
}

test('an assistant signs in with DCR and PKCE, then sends a promo to store_042', async () => {
  const storage = new AssistantStorage();
  const firstTry = new StreamableHTTPClientTransport(new URL(server.url), { authProvider: storage });
  await expect(new Client({ name: 'assistant', version: '1.0.0' }).connect(firstTry)).rejects.toThrow(
    /Unauthorized/,
  );
  expect(storage.clientInformation()?.client_id).toBeTruthy(); // registered itself
  const authorizationUrl = storage.authorizationUrl ?? new URL('about:blank');
  expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorizationUrl.searchParams.get('resource')).toBe(server.url);
  await firstTry.finishAuth(await signIn(authorizationUrl, storage.redirectUrl));

  const client = new Client({ name: 'assistant', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { authProvider: storage }));
  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  await call('upload_audio', { file: readFileSync(promoFile).toString('base64'), name: 'Assistant Promo' });
  const sent = await call('send_audio', { audio: 'Assistant Promo', stores: ['42'], priority: 'urgent' });
  await client.close();
  expect(sent.structuredContent).toMatchObject({ status: 'sent' });
  const player = await sandbox.player('store_042');
  const names = [player.nowPlaying, ...player.queue, ...player.history].map((item) => item?.name);
  expect(names).toContain('Assistant Promo');
});
