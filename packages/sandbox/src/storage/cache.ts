import type { ApiKeyRecord, AudioRecord } from './records.js';
import type { SqlClient } from './sql-client.js';
import type { WriteBehind } from './write-behind.js';

/** Most entries a remembered map holds before it starts over. */
export const cacheSize = 10_000;

/**
 * What the database modules remember between queries (a round trip to PGlite's worker costs about half a
 * millisecond), shared by them and their transactions. A remembered read is dropped, never patched, by any write
 * that could change it, and a read that started before such a write is not remembered.
 */
export class DatabaseCache {
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

  forgetAudio(): void {
    this.audioGeneration++;
    this.audio.clear();
  }

  /** Due sends are about to be delivered (or a new one scheduled): the next due time must be asked again. */
  forgetNextDue(): void {
    this.sendGeneration++;
    this.nextDueAt = null;
  }
}

/** What every database module works over: a client (the database's, or a transaction's), the cache and queue. */
export interface SqlContext {
  sql: SqlClient;
  cache: DatabaseCache;
  writes: WriteBehind;
  inTransaction: boolean;
}
