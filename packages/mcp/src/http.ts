import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { MusiqueError } from '@musique/core';
import { Confirmations } from './confirmations.js';
import { musiqueServerFor, type Settings } from './setup.js';

export interface HttpServer {
  url: string;
  close(): Promise<void>;
}

/** The key a request carries: X-API-Key, or Authorization: Bearer. */
function keyOf(request: http.IncomingMessage): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.trim()) return header.trim();
  return /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim();
}

/**
 * Streamable HTTP at /mcp. Each session is bound to the key it was opened with (from the request's header, else
 * `fallbackKey`); a later request of the session with another key is refused, so sessions cannot be borrowed.
 */
export async function startHttpServer(
  options: Settings & { port?: number; host?: string; fallbackKey?: string } = {},
): Promise<HttpServer> {
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; key: string | undefined }>();
  const confirmations = new Confirmations();
  const refuse = (response: http.ServerResponse, status: number, message: string) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
  };

  const server = http.createServer(async (request, response) => {
    if (!request.url?.startsWith('/mcp')) return refuse(response, 404, 'The MCP endpoint is /mcp.');
    const key = keyOf(request) ?? options.fallbackKey;
    const sessionId = request.headers['mcp-session-id'];
    try {
      if (typeof sessionId === 'string') {
        const session = sessions.get(sessionId);
        if (!session) return refuse(response, 404, 'Unknown or closed session; initialize a new one.');
        if (session.key !== key)
          return refuse(response, 403, 'This session was opened with another API key.');
        return await session.transport.handleRequest(request, response);
      }
      if (!key) return refuse(response, 401, 'No Musique API key: send it in the X-API-Key header.');
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          sessions.set(id, { transport, key });
        },
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await musiqueServerFor(key, options, confirmations).connect(transport);
      await transport.handleRequest(request, response);
    } catch (error) {
      // A malformed key is refused by the core before any request; its message says why, without the key.
      if (response.headersSent) return;
      if (error instanceof MusiqueError) refuse(response, 401, error.message);
      else refuse(response, 500, error instanceof Error ? error.message : 'Internal error.');
    }
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/mcp`,
    async close() {
      await Promise.all([...sessions.values()].map(({ transport }) => transport.close()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
