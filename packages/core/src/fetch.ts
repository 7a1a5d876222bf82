/**
 * `@musique/core` off Node (browsers, Deno, Bun, workers: the `default` condition): the portable API, plus
 * `MusiqueClient` over `fetch` with the runtime's own timer and `crypto.randomUUID`. Uploads take bytes in memory.
 */
import { type MusiqueClientOptions, PortableMusiqueClient } from './client.js';
import type { Runtime } from './runtime.js';
import { fetchTransport } from './transport.js';

export * from './index.js';

/** The global timer and random source, read when a client is made (never at import, so importing stays pure). */
function globalRuntime(): Runtime {
  return {
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    randomUUID: () => globalThis.crypto.randomUUID(),
  };
}

/** The client over `fetch`, with this runtime's timer and `crypto.randomUUID` unless you hand in your own. */
export class MusiqueClient extends PortableMusiqueClient {
  constructor(options: MusiqueClientOptions) {
    super({ ...globalRuntime(), transport: fetchTransport, ...options });
  }
}
