import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type Sandbox, type SandboxOptions, startSandbox } from '@musique/sandbox';
import zapier, { type Bundle, type ZObject } from 'zapier-platform-core';
import AppDefinition from '../src/index.js';
import SandboxAppDefinition from '../src/sandbox.js';

type Perform = (z: ZObject, bundle: Bundle) => unknown;
type Operations<K extends string> = Record<K, { operation: Record<string, Perform> }>;

/** The app as the tests call it: every perform by name, without the platform's union types in the way. */
export const App = AppDefinition as unknown as {
  triggers: Operations<'new_audio' | 'audio_list'>;
  creates: Operations<'upload_audio' | 'send_audio' | 'delete_audio'>;
  searches: Operations<'find_audio'>;
  searchOrCreates: Record<'find_audio', { search: string; create: string }>;
};

/** The sandbox build: the app plus New Audio (Instant), which needs a sandbox's webhooks. */
export const SandboxApp = SandboxAppDefinition as unknown as {
  triggers: Operations<'new_audio' | 'new_audio_instant' | 'audio_list'>;
};

const tester = zapier.createAppTester(AppDefinition);
/** Runs a perform (or any function) as Zapier would, with a partial bundle. */
export const appTester = (perform: unknown, bundle: Record<string, unknown> = {}): Promise<unknown> =>
  tester(perform as Perform, bundle as never);

/** zapier-platform-core's command handler (`definition`, `validate`), which its types leave out. */
export const createAppHandler = (
  zapier as unknown as {
    createAppHandler(app: object): (event: { command: string }) => Promise<{ results: unknown }>;
  }
).createAppHandler;
const sandboxTester = zapier.createAppTester(SandboxAppDefinition);
/** The app tester of the sandbox build (Zapier's tester finds a perform by its place in its own app). */
export const sandboxAppTester = (perform: unknown, bundle: Record<string, unknown> = {}): Promise<unknown> =>
  sandboxTester(perform as Perform, bundle as never);
export const appHandler = createAppHandler(AppDefinition);
export const sandboxAppHandler = createAppHandler(SandboxAppDefinition);
export const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures');

export function startTestSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, memory: true, seed: 'demo', rateLimits: { perMinute: 10_000 }, ...options });
}

/** The authData a Zapier connection to this sandbox holds. */
export function authFor(sandbox: Sandbox, apiKey = sandbox.apiKey): { apiKey: string; baseUrl: string } {
  return { apiKey, baseUrl: sandbox.baseUrl };
}

/** Zapier throws its errors with a JSON message ({message, code, status} or {message, delay}). */
export function zapierErrorOf(error: unknown): {
  name: string;
  message: string;
  code?: string;
  status?: number;
  delay?: number;
} {
  const { name, message } = error as Error;
  try {
    return { name, ...(JSON.parse(message) as { message: string }) };
  } catch {
    return { name, message };
  }
}

export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Serves the fixtures as a file host would (Dropbox, or the URL Zapier hands a file input over as), with
 * Content-Length and Content-Disposition. With `holdUntil`, it sends half of each file, then waits for that
 * promise (or gives up after 5 s) before sending the rest, and records which came first.
 */
export async function startFileServer(options: { holdUntil?: Promise<unknown> } = {}) {
  const releases: Array<'released' | 'gave-up'> = [];
  const requests: http.IncomingHttpHeaders[] = [];
  const server = http.createServer(async (request, response) => {
    requests.push(request.headers);
    const name = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname.slice(1));
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.join(FIXTURES, path.basename(name)));
    } catch {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, {
      'content-type': name.endsWith('.wav') ? 'audio/wav' : 'audio/mpeg',
      'content-length': bytes.length,
      'content-disposition': `attachment; filename="${path.basename(name)}"`,
    });
    if (!options.holdUntil) {
      response.end(bytes);
      return;
    }
    const half = Math.floor(bytes.length / 2);
    response.write(bytes.subarray(0, half));
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      options.holdUntil.then(() => 'released' as const),
      new Promise<'gave-up'>((resolve) => {
        timer = setTimeout(() => resolve('gave-up'), 5_000);
      }),
    ]);
    clearTimeout(timer);
    releases.push(outcome);
    response.end(bytes.subarray(half));
  });
  const url = await listen(server);
  return {
    url: (name: string) => `${url}/${encodeURIComponent(name)}`,
    releases,
    requests,
    stop: () => close(server),
  };
}

/**
 * A pass-through proxy in front of the sandbox that records every request ("GET /sandbox/locations"), and each
 * upload as it arrives: its headers, and a promise that resolves when the first bytes of its body reach it.
 */
export async function startRecordingProxy(target: string) {
  const uploads: Array<{ headers: http.IncomingHttpHeaders }> = [];
  const requests: string[] = [];
  let bodyStarted!: () => void;
  const uploadBodyStarted = new Promise<void>((resolve) => {
    bodyStarted = resolve;
  });
  const server = http.createServer((request, response) => {
    requests.push(`${request.method} ${request.url?.replace(/^\/api\/v1\/integration/, '')}`);
    const isUpload = request.method === 'POST' && request.url?.endsWith('/audio');
    if (isUpload) {
      uploads.push({ headers: request.headers });
      request.once('data', () => bodyStarted());
    }
    const { hostname, port } = new URL(target);
    // (options, callback) only: zapier-platform-core patches http.request and drops a third argument.
    const upstream = http.request(
      { hostname, port, path: request.url, method: request.method, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  const url = await listen(server);
  return {
    baseUrl: `${url}/api/v1/integration`,
    requests,
    uploads,
    uploadBodyStarted,
    stop: () => close(server),
  };
}

/** Receives webhook deliveries as Zapier's hook URL would, keeping each raw body and its headers. */
export async function startHookReceiver() {
  const deliveries: Array<{ body: string; headers: http.IncomingHttpHeaders }> = [];
  const waiting: Array<() => void> = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      deliveries.push({ body: Buffer.concat(chunks).toString('utf8'), headers: request.headers });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success"}');
      for (const wake of waiting.splice(0)) wake();
    });
  });
  const url = await listen(server);
  const nextDelivery = async (count: number) => {
    while (deliveries.length < count) await new Promise<void>((resolve) => waiting.push(resolve));
    return deliveries[count - 1]!;
  };
  return { url, deliveries, nextDelivery, stop: () => close(server) };
}
