/**
 * The Partner API as production serves it, in front of a real sandbox: only the operations the OpenAPI document
 * lists (not those tagged `Sandbox`), and only the headers it documents. Everything else answers the API's 404
 * error envelope, and every request is recorded so a test can assert none went to an undocumented path.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';

interface Operation {
  method: string;
  pattern: RegExp;
  sandbox: boolean;
  olderDocsOnly: boolean;
}

export interface Asked {
  method: string;
  path: string;
  documented: boolean;
}

export interface ProductionProxy {
  baseUrl: string;
  asked: Asked[];
  undocumented(): Asked[];
  close(): Promise<void>;
}

/** What production sends back besides the body, as the document lists it. */
const DOCUMENTED_HEADERS =
  /^(content-type|content-length|x-request-id|x-ratelimit-\w+|retry-after|idempotent-replayed)$/;

function documentedOperations(): { basePath: string; operations: Operation[] } {
  const document = parse(readFileSync(join(__dirname, '../shared/openapi/musique.openapi.yaml'), 'utf8'));
  const basePath = new URL(document.servers[0].url).pathname;
  const operations: Operation[] = [];
  type Item = Record<string, { tags?: string[]; 'x-documented-by'?: string }>;
  for (const [path, item] of Object.entries<Item>(document.paths)) {
    // The G1 absolute paths carry their own server; everything else lives under the base path.
    const absolute = path.startsWith('/api/');
    const template = (absolute ? path : `${basePath}${path}`).replace(/\{[^}]+\}/g, '[^/]+');
    for (const [method, operation] of Object.entries(item)) {
      if (!['get', 'post', 'delete', 'put', 'patch'].includes(method)) continue;
      operations.push({
        method: method.toUpperCase(),
        pattern: new RegExp(`^${template.replace(/\/$/, '')}/?$`),
        sandbox: operation.tags?.includes('Sandbox') ?? false,
        olderDocsOnly: operation['x-documented-by'] === 'G1' || absolute,
      });
    }
  }
  return { basePath, operations };
}

export interface ProxyOptions {
  currentDocsOnly?: boolean;
  refuseSandboxWith?: number;
  passSandboxMarker?: boolean;
  ignoreListFilters?: boolean;
}

/**
 * `ignoreListFilters` drops the list's `category` and `name`, which the docs never published;
 * `currentDocsOnly` also refuses what only the older docs list (`x-documented-by: G1`, the `/api/...` paths);
 * `refuseSandboxWith` answers the `Sandbox` operations with another status (a gateway's 403, say);
 * `passSandboxMarker` lets the sandbox's `X-Musique-Sandbox` through, as a gateway in front of one would.
 */
export async function startProductionProxy(
  target: string,
  options: ProxyOptions = {},
): Promise<ProductionProxy> {
  const { basePath, operations } = documentedOperations();
  const upstream = new URL(target);
  const asked: Asked[] = [];
  let counter = 0;
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const operation = operations.find((op) => op.method === request.method && op.pattern.test(path));
    const documented =
      operation !== undefined && !operation.sandbox && !(options.currentDocsOnly && operation.olderDocsOnly);
    asked.push({ method: request.method ?? '', path, documented });
    if (!documented) {
      const status = operation?.sandbox ? (options.refuseSandboxWith ?? 404) : 404;
      const requestId = `req_proxy${++counter}`;
      request.resume();
      response.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-request-id': requestId,
      });
      response.end(
        JSON.stringify({
          error: {
            code: status === 403 ? 'insufficient_scope' : 'not_found',
            message: `No endpoint ${request.method} ${path}. The API lives under ${basePath}.`,
            type: status === 403 ? 'permission_error' : 'not_found_error',
            requestId,
          },
        }),
      );
      return;
    }
    const forwarded = http.request(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: options.ignoreListFilters ? withoutListFilters(request.url ?? '/') : request.url,
        // The sandbox's own host, so the file URLs it answers point at it, like a CDN beside the API.
        headers: { ...request.headers, host: upstream.host },
      },
      (answer) => {
        const headers: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(answer.headers)) {
          const kept =
            DOCUMENTED_HEADERS.test(name) || (options.passSandboxMarker && name === 'x-musique-sandbox');
          if (kept && value !== undefined) headers[name] = value;
        }
        response.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(response);
      },
    );
    forwarded.on('error', (error) => response.destroy(error));
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${basePath}`,
    asked,
    undocumented: () => asked.filter((request) => !request.documented),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function withoutListFilters(path: string): string {
  const url = new URL(path, 'http://proxy');
  url.searchParams.delete('category');
  url.searchParams.delete('name');
  return `${url.pathname}${url.search}`;
}
