import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Tells the chat when the core is about to wait (a 429's Retry-After or rate-limit pacing), so the user reads
 * "retrying in 20 s" instead of silence. The client is shared; AsyncLocalStorage routes each wait to the
 * conversation whose command caused it.
 */
export class WaitNotices {
  private readonly listeners = new AsyncLocalStorage<(ms: number) => void>();

  constructor(
    private readonly sleepFor: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
    /** Shorter waits (backoff after a dropped connection) are not worth a message. */
    private readonly thresholdMs = 1000,
  ) {}

  /** Give this to the client as its `sleep`. */
  readonly sleep = (ms: number): Promise<void> => {
    if (ms >= this.thresholdMs) this.listeners.getStore()?.(ms);
    return this.sleepFor(ms);
  };

  run<T>(onWait: (ms: number) => void, work: () => Promise<T>): Promise<T> {
    return this.listeners.run(onWait, work);
  }
}
