import type { ApiKeyRecord, AudioRecord, UsageLog } from './records.js';
import type { SqlClient } from './sql.js';

/** Most entries a remembered map holds before it starts over. */
export const cacheSize = 10_000;

// Usage logs and rate counts wait this long to be written together: one round trip for many requests.
const writeDelayMs = 10;

/**
 * What the database modules remember between queries (a round trip to PGlite's worker costs about half a
 * millisecond), shared by them and their transactions. A remembered read is dropped, never patched, by any write
 * that could change it, and a read that started before such a write is not remembered. Rate counts and usage
 * logs are kept here first and written behind.
 */
export class DatabaseMemory {
  constructor(readonly shared: boolean) {}
  readonly apiKeys = new Map<string, ApiKeyRecord>();
  apiKeyGeneration = 0;
  /** Audio records with their stats, by company and id; any write to audio or its deliveries forgets them all. */
  readonly audio = new Map<string, AudioRecord>();
  audioGeneration = 0;
  /** Audio rows written since the planner's statistics were last refreshed. */
  audioWrites = 0;
  /** When the next scheduled send falls due; null when unknown (ask the database). */
  nextDueAt: number | null = null;
  sendGeneration = 0;
  /** Each key's counts in its current windows: the database's count plus what this process counted since. */
  readonly rates = new Map<number, { starts: number[]; counts: number[] }>();
  readonly rateLoads = new Map<string, Promise<void>>();
  /** Counts not yet written, by key, window and start. */
  rateDeltas = new Map<string, { keyId: number; name: string; start: Date; delta: number }>();
  usageLogs: UsageLog[] = [];

  private writeTimer: NodeJS.Timeout | null = null;
  /** What writes the queued rows, each returning its statement or null when nothing waits (set by the facade). */
  writers: Array<() => Promise<unknown> | null> = [];

  forgetAudio(): void {
    this.audioGeneration++;
    this.audio.clear();
  }

  /** Due sends are about to be delivered (or a new one scheduled): the next due time must be asked again. */
  forgetNextDue(): void {
    this.sendGeneration++;
    this.nextDueAt = null;
  }

  scheduleWrites(): void {
    if (this.writeTimer) return;
    this.writeTimer = setTimeout(() => void this.flushWrites(), writeDelayMs);
  }

  /**
   * Writes the queued usage logs (in the order the responses were sent) and rate counts now. The statements
   * are queued on the connection at once, so anything asked of the database afterwards sees them.
   */
  flushWrites(): Promise<void> {
    if (this.writeTimer) clearTimeout(this.writeTimer);
    this.writeTimer = null;
    const writes = this.writers.map((write) => write()).filter((write) => write !== null);
    return Promise.all(writes).then(
      () => undefined,
      (error) => console.error('[musique-sandbox] usage logs or rate counts not written:', error),
    );
  }
}

/** What every database module works over: a client (the database's, or a transaction's) and the memory. */
export interface SqlContext {
  sql: SqlClient;
  memory: DatabaseMemory;
  inTransaction: boolean;
}
