import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { MusiqueError } from '@musique/core';
import { Confirmations } from './confirmations.js';
import { InvalidToken, metadataUrl, type OAuthSettings, resourceMetadata, tokenVerifier } from './oauth.js';
import { type FetchPolicy, MAX_UPLOAD_BYTES, publicHttpsOnly } from './remote-file.js';
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
  /** A session unused this long is closed; 30 minutes by default. */
  sessionIdleMs?: number;
  /** Sessions open at once; past it, new ones wait for one to expire. */
  maxSessions?: number;
  /** What an upload URL may reach; public https only. */
  fetchPolicy?: FetchPolicy;
  now?: () => number;
  /** Sign-in through the operator's authorization server; the server then holds the company's key. */
  oauth?: OAuthSettings;
  /** Also take a person's own Musique key in X-API-Key; the only way in without `oauth`. */
  personalKeys?: boolean;
}

/** Who a request is from: the Musique key that serves them, and what binds their session and tokens. */
interface Caller {
  key: string;
  person: string;
  scopes?: string[];
}

// Base64 makes a 10 MB upload 13.4 MB of JSON; nothing else an assistant sends comes near.
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

interface Session {
  transport: StreamableHTTPServerTransport;
  /** Who opened it, with what scopes: a later request must be from the same caller. */
  caller: string;
  lastUsed: number;
}

/**
 * Streamable HTTP at exactly /mcp. Only the Host names and Origins allowed are answered; every request carries
 * its own Musique key (the environment's key never serves a caller); each session is bound to the key it was
 * opened with, closed when idle, and bounded in number.
 */
export async function startHttpServer(options: HttpOptions = {}): Promise<HttpServer> {
  const host = options.host ?? '127.0.0.1';
  const allowedHosts = new Set(
    (options.allowedHosts ?? [...LOOPBACK_NAMES, ...(WILDCARDS.includes(host) ? [] : [host])]).map((name) =>
      name.toLowerCase(),
    ),
  );
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  const idleMs = options.sessionIdleMs ?? 30 * 60_000;
  const maxSessions = options.maxSessions ?? 500;
  const now = options.now ?? Date.now;
  const files = { paths: false, fetchPolicy: options.fetchPolicy ?? publicHttpsOnly };
  const sessions = new Map<string, Session>();
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

  const expireIdle = async () => {
    const stale = [...sessions.entries()].filter(([, session]) => now() - session.lastUsed > idleMs);
    for (const [id, session] of stale) {
      sessions.delete(id);
      await session.transport.close();
    }
  };
  const sweeper = setInterval(expireIdle, Math.min(idleMs, 60_000));
  sweeper.unref();

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
    const callerId = JSON.stringify([caller.person, caller.scopes ?? null]);
    const body = request.method === 'POST' ? await readJson(request, MAX_BODY_BYTES) : undefined;
    await expireIdle();
    const sessionId = request.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = sessions.get(sessionId);
      if (!session) throw new Refusal(404, 'Unknown or expired session; initialize a new one.');
      if (session.caller !== callerId)
        throw new Refusal(403, 'This session was opened with another credential.');
      session.lastUsed = now();
      return session.transport.handleRequest(request, response, body);
    }
    if (sessions.size >= maxSessions)
      throw new Refusal(503, 'Too many open sessions; try again in a minute.', { 'retry-after': '60' });
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, caller: callerId, lastUsed: now() });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await musiqueServerFor(caller.key, options, {
      confirmations,
      files,
      person: caller.person,
      ...(caller.scopes ? { scopes: caller.scopes } : {}),
    }).connect(transport);
    await transport.handleRequest(request, response, body);
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
      clearInterval(sweeper);
      await Promise.all([...sessions.values()].map(({ transport }) => transport.close()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
