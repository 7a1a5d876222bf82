import { type Sandbox, type SandboxOptions, startSandbox } from '@musique/sandbox';
import type { Transport, TransportRequest } from '../src/index.js';
import { createNodeTransport } from '../src/node.js';

export const fixture = (name: string) => `${__dirname}/../../../shared/fixtures/${name}`;

/** One clock for the sandbox and the client: sleeping moves time, so tests of waits never wait. */
export function sharedClock(start = '2026-03-02T10:00:30Z') {
  let now = Date.parse(start);
  const slept: number[] = [];
  return {
    now: () => now,
    date: () => new Date(now),
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    slept,
  };
}

/** The real transport, with every request and status recorded. */
export function recordingTransport(inner: Transport = createNodeTransport()) {
  const calls: { request: TransportRequest; status: number }[] = [];
  const transport: Transport = async (request) => {
    const response = await inner(request);
    calls.push({ request, status: response.status });
    return response;
  };
  return { transport, calls };
}

export async function withSandbox<T>(
  options: SandboxOptions,
  body: (sandbox: Sandbox) => Promise<T>,
): Promise<T> {
  const sandbox = await startSandbox({ port: 0, memory: true, checkResponses: true, ...options });
  try {
    return await body(sandbox);
  } finally {
    await sandbox.stop();
  }
}
