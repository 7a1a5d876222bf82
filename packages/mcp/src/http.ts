import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { type AuthInfo, createMcpHandler, type Server } from '@modelcontextprotocol/server';
import { AuthenticationError, MAX_UPLOAD_BYTES, MusiqueError, parseApiKey } from '@musique/core';
import { CallerLimits, KeyProofs, keyId } from './callers.js';
import { toolName } from './confirm.js';
import { Confirmations } from './confirmations.js';
import {
  InvalidToken,
  IssuerUnavailable,
  metadataUrl,
  type OAuthSettings,
  resourceMetadata,
  SCOPES,
  tokenVerifier,
} from './oauth.js';
import { type FetchPolicy, publicHttpsOnly } from './remote-file.js';
import { musiqueServerFor, type Settings } from './setup.js';
import { TOOLS } from './tools/index.js';

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
  /** Who they are in logs, limits and confirmation tokens: the sign-in subject, or the key's id (never the key). */
  person: string;
  scopes?: string[];
  /** The person's IANA zone from their sign-in (`zoneinfo`), when it gives one. */
  timeZone?: string;
}

/** Request headers a browser client sends (CORS): both protocol revisions' and the credentials. */
const CORS_REQUEST_HEADERS =
  'authorization, content-type, accept, x-api-key, mcp-protocol-version, mcp-session-id, mcp-method, mcp-name, last-event-id';

/** Is a personal Musique key (`{company}_{environment}_{hash}`), not a JWT: keys and tokens share `Bearer`. */
const isMusiqueKey = (credential: string) => {
  try {
    parseApiKey(credential);
    return true;
  } catch {
    return false;
  }
};

/** The id a front gave the request (X-Request-Id), else a new one: it ties the log line to the front's. */
const requestIdOf = (request: http.IncomingMessage) => {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
};

/** The scope a tools/call needs, when the body is one. */
function scopeNeeded(body: unknown): string | undefined {
  const message = body as { method?: unknown; params?: { name?: unknown } } | null;
  if (message?.method !== 'tools/call') return undefined;
  const tool = TOOLS.find((candidate) => toolName(candidate.operation) === message.params?.name);
  if (!tool) return undefined;
  return tool.operation.effect === 'read' ? SCOPES.read : SCOPES.send;
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
const hostnameOf = (host: string | undefined) => canonicalName((host ?? '').replace(/:\d+$/, ''));

/** One spelling per name: "[::ffff:127.0.0.1]" and "[::ffff:7f00:1]" are the same host, as clients write either. */
function canonicalName(name: string): string {
  try {
    return name.startsWith('[') ? new URL(`http://${name}`).hostname : name.toLowerCase();
  } catch {
    return name.toLowerCase();
  }
}

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
  // An IPv6 host arrives bracketed in the Host header ("[::ffff:127.0.0.1]:3333"), as the printed URL has it.
  const ownName = WILDCARDS.includes(host) ? [] : [host.includes(':') ? `[${host}]` : host];
  const allowedHosts = new Set((options.allowedHosts ?? [...LOOPBACK_NAMES, ...ownName]).map(canonicalName));
  const keyProofs = new KeyProofs(options.baseUrl);
  const limits = new CallerLimits();
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  const files = { paths: false, fetchPolicy: options.fetchPolicy ?? publicHttpsOnly };
  const { oauth } = options;
  const personalKeys = options.personalKeys ?? !oauth;
  const verify = oauth ? tokenVerifier(oauth) : undefined;
  const challenge = oauth ? `Bearer resource_metadata="${metadataUrl(oauth.resource)}"` : 'Bearer';

  /** The request's own credential: a signed-in person's token, or (when allowed) their own key; else 401. */
  async function callerOf(request: http.IncomingMessage): Promise<Caller> {
    const bearer = bearerOf(request);
    if (verify && bearer && !(personalKeys && isMusiqueKey(bearer))) {
      try {
        const { subject, scopes, timeZone } = await verify(bearer);
        return {
          key: oauth?.companyKey ?? '',
          person: `oauth:${subject}`,
          scopes,
          ...(timeZone ? { timeZone } : {}),
        };
      } catch (error) {
        if (error instanceof IssuerUnavailable) {
          // The sign-in may be fine: say "later", not "sign in again", and tell the operator.
          console.error(
            JSON.stringify({ event: 'issuer_unavailable', issuer: oauth?.issuer, error: error.message }),
          );
          throw new Refusal(503, error.message, { 'retry-after': '30' });
        }
        if (!(error instanceof InvalidToken)) throw error;
        throw new Refusal(401, error.message, {
          'www-authenticate': `${challenge}, error="invalid_token"`,
        });
      }
    }
    const key = personalKeys ? (apiKeyOf(request) ?? bearer) : undefined;
    if (key) {
      // Proven before any work: a made-up key gets 401 here, not a tool list and outbound fetches.
      await keyProofs.prove(key).catch((error) => {
        throw error instanceof AuthenticationError
          ? new Refusal(401, error.message, { 'www-authenticate': challenge })
          : error;
      });
      return { key, person: keyId(key) };
    }
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
    if (pathname === '/healthz') {
      // For load balancers: says this process answers, and nothing about anyone's data.
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return void response.end(JSON.stringify({ status: 'ok' }));
    }
    if (pathname !== '/mcp' && !isMetadata) throw new Refusal(404, 'The MCP endpoint is /mcp.');
    if (!allowedHosts.has(hostnameOf(request.headers.host)))
      throw new Refusal(403, `This server does not answer to the host ${request.headers.host ?? '(none)'}.`);
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin))
      throw new Refusal(403, `Requests from ${origin} are not allowed.`);
    if (origin !== undefined) {
      // A listed browser origin may read every answer, refusals included (their WWW-Authenticate says how to sign in).
      response.setHeader('access-control-allow-origin', origin);
      response.setHeader(
        'access-control-expose-headers',
        'www-authenticate, mcp-session-id, mcp-protocol-version',
      );
      response.setHeader('vary', 'origin');
    }
    if (request.method === 'OPTIONS') {
      // The CORS preflight carries no credential by design: answered before any is asked for.
      response.writeHead(204, {
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': CORS_REQUEST_HEADERS,
        'access-control-max-age': '600',
      });
      return void response.end();
    }
    if (isMetadata) {
      response.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      return void response.end(JSON.stringify(resourceMetadata(oauth)));
    }
    const caller = await callerOf(request);
    // Statelessly there is no stream to open (GET) nor session to end (DELETE), as in the SDK's stateless example.
    if (request.method !== 'POST')
      throw new Refusal(405, 'This server is stateless: send each message as a POST.', { allow: 'POST' });
    const body = await readJson(request, MAX_BODY_BYTES);
    if (Array.isArray(body))
      throw new Refusal(400, 'Batches are refused: send one JSON-RPC message per POST.');
    if (caller.scopes) {
      const needed = scopeNeeded(body) ?? SCOPES.read;
      // musique:send includes looking: a sender may read too.
      const granted =
        caller.scopes.includes(needed) || (needed === SCOPES.read && caller.scopes.includes(SCOPES.send));
      if (!granted)
        throw new Refusal(403, `This needs the ${needed} scope, which your sign-in does not grant.`, {
          'www-authenticate': `${challenge}, error="insufficient_scope", scope="${needed}"`,
        });
    }
    const admitted = limits.admit(caller.person);
    if (typeof admitted === 'number')
      throw new Refusal(429, `Too many requests at once from you; try again in ${admitted} s.`, {
        'retry-after': String(admitted),
      });
    response.on('close', admitted);
    // Built here, not in the handler's factory, so a malformed key is refused (401) before any MCP is spoken.
    const server = musiqueServerFor(caller.key, options, {
      confirmations,
      files,
      person: caller.person,
      elicitation: false, // its answer would come in another request, perhaps to another instance
      ...(caller.scopes ? { scopes: caller.scopes } : {}),
      ...(caller.timeZone ? { timeZone: caller.timeZone } : {}),
      requestId: requestIdOf(request),
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
