import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Sandbox, type SandboxOptions, startSandbox } from '../src/index.js';

export const fixtures = path.join(__dirname, '..', '..', '..', 'shared', 'fixtures');
export const fixture = (name: string) => readFileSync(path.join(fixtures, name));

/** A sandbox in memory on a free port, checking its own responses against the contract. */
export function startTestSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({
    port: 0,
    memory: true,
    checkResponses: true,
    deliveryIntervalMs: 100,
    webhookRetry: { baseDelayMs: 20, maxAttempts: 4, timeoutMs: 2000 },
    ...options,
  });
}

// Response bodies are whatever the sandbox sent; the assertions are what check them.
// biome-ignore lint/suspicious/noExplicitAny: see above
export type Body = any;

export interface ApiResponse<T = Body> {
  status: number;
  headers: Headers;
  body: T;
}

/** Plain fetch against the sandbox, so a client bug can never hide a sandbox bug. */
export function apiClient(base: string, apiKey?: string) {
  const call = async <T = Body>(
    method: string,
    route: string,
    options: { json?: unknown; form?: FormData; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = {
      ...(apiKey ? { 'x-api-key': apiKey } : {}),
      ...options.headers,
    };
    let body: string | FormData | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) body = options.form;
    const response = await fetch(`${base}${route}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
  return {
    get: <T = Body>(route: string, headers?: Record<string, string>) => call<T>('GET', route, { headers }),
    post: <T = Body>(route: string, json?: unknown, headers?: Record<string, string>) =>
      call<T>('POST', route, { json, headers }),
    delete: <T = Body>(route: string) => call<T>('DELETE', route),
    upload: <T = Body>(
      file: Buffer | Uint8Array,
      fileName: string,
      fields: Record<string, string> = {},
      headers?: Record<string, string>,
    ) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append('file', new Blob([file]), fileName);
      return call<T>('POST', '/audio', { form, headers });
    },
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

/** The API tests' sandbox: the demo seed, uploads up to 60 kB, rate limits out of the way. */
export function startApiSandbox(): Promise<Sandbox> {
  return startTestSandbox({
    seed: 'demo',
    maxUploadBytes: 60_000,
    rateLimits: { perMinute: 10_000, perHour: 10_000 },
  });
}

/** Uploads a fixture under a name and expects 201. */
export async function uploadAudio(
  api: ApiClient,
  name: string,
  fields: Record<string, string> = {},
  file = 'promo-summer-sale.mp3',
) {
  const response = await api.upload(fixture(file), `${name}.mp3`, { name, ...fields });
  expect(response.status).toBe(201);
  return response.body as { audioId: string; url: string };
}

/** An error answer: this status and code, the request id echoed, and a message that explains. */
export function expectError(
  response: { status: number; headers: Headers; body: Body },
  status: number,
  code: string,
) {
  expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
  expect(response.body.error.requestId).toBe(response.headers.get('x-request-id'));
  expect(response.body.error.message.length).toBeGreaterThan(10);
}

/** An open GET /sandbox/players/stream, read as text: once its snapshot has arrived. */
export async function openPlayersStream(baseUrl: string, apiKey: string) {
  const response = await fetch(`${baseUrl}/sandbox/players/stream`, { headers: { 'x-api-key': apiKey } });
  expect(response.status).toBe(200);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  const stream = {
    /** Reads until the text so far matches (true), or the stream ends first (false). */
    async readUntil(pattern: RegExp): Promise<boolean> {
      while (!pattern.test(text)) {
        const { done, value } = await reader.read();
        if (done) return false;
        text += value;
      }
      return true;
    },
    /** Everything the stream sent, once the server has ended it. */
    async readToEnd(): Promise<string> {
      await stream.readUntil(/(?!)/);
      return text;
    },
    cancel: () => reader.cancel(),
  };
  await stream.readUntil(/event: snapshot/);
  return stream;
}
