import type { UsageLog } from './records.js';

// Usage logs and rate counts wait this long to be written together: one round trip for many requests. On a
// shared server longer: a round trip costs more there, and a process listing the logs has the others write first.
const writeDelayMs = { alone: 10, shared: 100 };

/**
 * Rows the sandbox writes behind its answers: usage logs and rate counts are queued here and written together
 * a few milliseconds later (or when asked: on stop, before the logs are listed).
 */
export class WriteBehind {
  /** Counts not yet written, by key, window and start. */
  rateDeltas = new Map<string, { keyId: number; name: string; start: Date; delta: number }>();
  usageLogs: UsageLog[] = [];

  private timer: NodeJS.Timeout | null = null;
  /** What writes the queued rows, each returning its statement or null when nothing waits (set by the facade). */
  writers: Array<() => Promise<unknown> | null> = [];
  /** On a shared database: has every other process write its queue, resolving once they have. */
  flushElsewhere: () => Promise<void> = async () => {};

  constructor(private readonly shared: boolean) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), writeDelayMs[this.shared ? 'shared' : 'alone']);
  }

  /**
   * Writes the queued usage logs (in the order the responses were sent) and rate counts now. The statements
   * are queued on the connection at once, so anything asked of the database afterwards sees them.
   */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const writes = this.writers.map((write) => write()).filter((write) => write !== null);
    return Promise.all(writes).then(
      () => undefined,
      (error) => console.error('[musique-sandbox] usage logs or rate counts not written:', error),
    );
  }
}
