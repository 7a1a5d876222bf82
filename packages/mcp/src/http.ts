import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { type AuthInfo, createMcpHandler, type Server } from '@modelcontextprotocol/server';
import { MAX_UPLOAD_BYTES, MusiqueError } from '@musique/core';
import { Confirmations } from './confirmations.js';
import { InvalidToken, metadataUrl, type OAuthSettings, resourceMetadata, tokenVerifier } from './oauth.js';
import { type FetchPolicy, publicHttpsOnly } from './remote-file.js';
import { musiqueServerFor, type Settings } from './setup.js';

export interface HttpServer {
  url: string;
  close(): Promise<void>;
}

export interface HttpOptions extends Settings {
  port?: number;
  /** The interface to listen on; 127.0.0.1 by default. */
  host?: string;
  /** Host header names (no port) this server answers to: DNS-rebinding protection. Loopback names by default. */
  allowedHosts?: readonly string[];
  /** Browser origins allowed to call (exact, such as https://claude.ai); none by default. */
  allowedOrigins?: readonly string[];
  /** What an upload URL may reach; public https only. */
  fetchPolicy?: FetchPolicy;
  /** Sign-in through the operator's authorization server; the server then holds the company's key. */
  oauth?: OAuthSettings;
  /** Also take a person's own Musique key in X-API-Key; the only way in without `oauth`. */
  personalKeys?: boolean;
}

/** Who a request is from: the Musique key that serves them, and who their confirmation tokens are for. */
interface Caller {
  key: string;
  person: string;
  scopes?: string[];
}

// Base64 makes the largest upload (10 MB) 13.4 MB of JSON; nothing else an assistant sends comes near.
export const MAX_BODY_BYTES = Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 1024 * 1024;
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARDS = ['0.0.0.0', '::', '[::]'];

const bearerOf = (request: http.IncomingMessage) =>
  /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim();
const apiKeyOf = (request: http.IncomingMessage) => {
  const header = request.headers['x-api-key'];
  return typeof header === 'string' && header.trim() ? header.trim() : undefined;
};

/** The Host header's name without its port: "[::1]:3333" -> "[::1]". */
const hostnameOf = (host: string | undefined) => (host ?? '').replace(/:\d+$/, '').toLowerCase();

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

async function readJson(request: http.IncomingMessage, limit: number): Promise<unknown> {
  const tooLarge = new Refusal(413, `The request is larger than ${Math.round(limit / 1024 / 1024)} MB.`);
  if (Number(request.headers['content-length']) > limit) throw tooLarge;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new Refusal(400, 'The request body is not JSON.');
  }
}

/**
 * Streamable HTTP at exactly /mcp, stateless: the SDK's `createMcpHandler` serves protocol 2025-11-25 and 2026-07-28
 * on this one endpoint and each POST gets its own server, so any instance answers any request and nothing a later request needs lives here. Only
 * the Host names and Origins allowed are answered, and every request carries its own credential (the
 * environment's key serves no caller but signed-in ones).
 */
export async function startHttpServer(options: HttpOptions = {}): Promise<HttpServer> {
  const host = options.host ?? '127.0.0.1';
  const allowedHosts = new Set(
    (options.allowedHosts ?? [...LOOPBACK_NAMES, ...(WILDCARDS.includes(host) ? [] : [host])]).map((name) =>
      name.toLowerCase(),
    ),
  );
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  const files = { paths: false, fetchPolicy: options.fetchPolicy ?? publicHttpsOnly };
  const { oauth } = options;
  const personalKeys = options.personalKeys ?? !oauth;
  const verify = oauth ? tokenVerifier(oauth) : undefined;
  const challenge = oauth ? `Bearer resource_metadata="${metadataUrl(oauth.resource)}"` : 'Bearer';

  /** The request's own credential: a signed-in person's token, or (when allowed) their own key; else 401. */
  async function callerOf(request: http.IncomingMessage): Promise<Caller> {
    const bearer = bearerOf(request);
    if (verify && bearer && !(personalKeys && bearer.startsWith('musique_'))) {
      try {
        const { subject, scopes } = await verify(bearer);
        return { key: oauth?.companyKey ?? '', person: `oauth:${subject}`, scopes };
      } catch (error) {
        if (!(error instanceof InvalidToken)) throw error;
        throw new Refusal(401, error.message, {
          'www-authenticate': `${challenge}, error="invalid_token"`,
        });
      }
    }
    const key = personalKeys ? (apiKeyOf(request) ?? bearer) : undefined;
    if (key) return { key, person: key };
    throw new Refusal(
      401,
      oauth
        ? 'Sign in: this server takes OAuth access tokens.'
        : 'No Musique API key: send it in the X-API-Key header.',
      { 'www-authenticate': challenge },
    );
  }
  const confirmations = new Confirmations({ ...(options.secret ? { secret: options.secret } : {}) });
  // One handler serves both protocol revisions (2025-11-25 statelessly, 2026-07-28 per request); its factory
  // returns the server built for the caller the request proved to be, handed over in the request's authInfo.
  const serveMcp = toNodeHandler(
    createMcpHandler(({ authInfo }) => authInfo?.extra?.server as Server, {
      legacy: 'stateless',
      maxRequestBodySize: MAX_BODY_BYTES,
    }),
    { maxRequestBodySize: MAX_BODY_BYTES },
  );

  async function handle(request: http.IncomingMessage, response: http.ServerResponse) {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    const isMetadata = oauth && pathname.startsWith('/.well-known/oauth-protected-resource');
    if (pathname !== '/mcp' && !isMetadata) throw new Refusal(404, 'The MCP endpoint is /mcp.');
    if (!allowedHosts.has(hostnameOf(request.headers.host)))
      throw new Refusal(403, `This server does not answer to the host ${request.headers.host ?? '(none)'}.`);
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin))
      throw new Refusal(403, `Requests from ${origin} are not allowed.`);
    if (isMetadata) {
      response.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      return void response.end(JSON.stringify(resourceMetadata(oauth)));
    }
    const caller = await callerOf(request);
    // Statelessly there is no stream to open (GET) nor session to end (DELETE), as in the SDK's stateless example.
    if (request.method !== 'POST')
      throw new Refusal(405, 'This server is stateless: send each message as a POST.', { allow: 'POST' });
    const body = await readJson(request, MAX_BODY_BYTES);
    // Built here, not in the handler's factory, so a malformed key is refused (401) before any MCP is spoken.
    const server = musiqueServerFor(caller.key, options, {
      confirmations,
      files,
      person: caller.person,
      elicitation: false, // its answer would come in another request, perhaps to another instance
      ...(caller.scopes ? { scopes: caller.scopes } : {}),
    });
    const auth: AuthInfo = {
      token: '',
      clientId: caller.person,
      scopes: caller.scopes ?? [],
      extra: { server },
    };
    await serveMcp(Object.assign(request, { auth }), response, body);
  }

  const server = http.createServer(async (request, response) => {
    try {
      await handle(request, response);
    } catch (error) {
      if (response.headersSent) return;
      // A malformed key is refused by the core before any request; its message says why, without the key.
      const refusal =
        error instanceof Refusal
          ? error
          : error instanceof MusiqueError
            ? new Refusal(401, error.message)
            : new Refusal(500, error instanceof Error ? error.message : 'Internal error.');
      response.writeHead(refusal.status, { 'content-type': 'application/json', ...refusal.headers });
      response.end(
        JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: refusal.message }, id: null }),
      );
      request.resume();
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const shown = WILDCARDS.includes(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/mcp`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
