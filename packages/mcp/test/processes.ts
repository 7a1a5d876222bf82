/** Helpers for tests that drive the built bin and the HTTP server from outside, as a client would. */
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export const bin = join(__dirname, '../dist/bin.js');
export const promoFile = join(__dirname, '../../../shared/fixtures/promo-closing-time.mp3');

/** The built bin over HTTP, on the port it chose; its stderr says where. */
export async function startBin(args: string[], env: Record<string, string>) {
  const child = spawn(bin, ['--http', '0', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stderr?.on('data', (chunk) => {
      seen += chunk;
      const found = /listening on (\S+)/.exec(seen)?.[1];
      if (found) resolve(found);
    });
    child.on('exit', () => reject(new Error(`bin exited: ${seen}`)));
  });
  return { child, url };
}

export const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });

/** The SDK's client on Streamable HTTP, with these headers on every request. */
export async function connect(url: string, headers: Record<string, string>) {
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  return { client, call };
}

export const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'probe', version: '1' } },
};

/** A raw JSON-RPC POST, for what the SDK's client would never send. */
export const post = (url: string, headers: Record<string, string>, body: unknown = initialize) =>
  fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/**
 * A front on loopback that forwards each request where `route` says (a load balancer, a gateway rewriting the
 * query), streaming both ways; its origin.
 */
export async function startFront(route: (request: http.IncomingMessage) => URL) {
  const front = http.createServer((request, response) => {
    const target = route(request);
    const forwarded = http.request(
      target,
      { method: request.method, headers: { ...request.headers, host: target.host } },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forwarded.on('error', () => response.destroy());
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const { port } = front.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => front.close() };
}

export const text = (result: CallToolResult) => (result.content[0] as { text: string }).text;
