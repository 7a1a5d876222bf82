import type { ApiKeyRecord, AudioRecord } from './records.js';
import { type CacheStrategy, localStrategy, Remembered } from './remembered.js';
import type { SqlClient } from './sql-client.js';
import type { WriteBehind } from './write-behind.js';

export { cacheSize } from './remembered.js';

/**
 * What the database modules remember between queries (a round trip to PGlite's worker costs about half a
 * millisecond; one to a PostgreSQL server more), shared by them and their transactions. Alone, a write forgets
 * here; on a shared database, in every process before its request answers (the strategy).
 */
export class DatabaseCache {
  /** Keys by hash; a revocation forgets its key (expiry is checked by the caller on every use). */
  readonly apiKeys: Remembered<ApiKeyRecord>;
  /** Audio records with their stats, by company and id; a delete or a delivery forgets its audio. */
  readonly audio: Remembered<AudioRecord>;
  /** Named settings (the demo seed's progress). */
  readonly settings: Remembered<string>;
  /** When the next scheduled send falls due (the one entry `next`); a new send or a delivery forgets it. */
  readonly nextDue: Remembered<number>;
  /** Audio rows written since the planner's statistics were last refreshed. */
  audioWrites = 0;
  /**
   * Alone on the database: a key's counts in its current windows, by key and window starts (see RateCounts):
   * the database's counts plus what this process counted since. The one cache counted into, and no other
   * process counts these keys, so no write ever forgets an entry; windows that ended are never read again.
   */
  readonly rateCounts: Remembered<number[]>;
  /**
   * On a shared database: what each key's current lease still holds (see RateCounts). Not a cache but requests
   * this process holds, already counted in the database: forgetting a lease would lose them until its windows
   * end, so leases are given back, never dropped.
   */
  readonly rateLeases = new Map<number, RateLease>();
  readonly rateLeasing = new Map<number, Promise<void>>();

  constructor(
    readonly shared: boolean,
    strategy: CacheStrategy = localStrategy,
  ) {
    this.apiKeys = new Remembered('apiKeys', strategy, (_hash, key) => String(key.id));
    this.audio = new Remembered('audio', strategy, (_id, audio) => audio.id);
    this.settings = new Remembered('settings', strategy);
    this.nextDue = new Remembered('nextDue', strategy);
    this.rateCounts = new Remembered('rateCounts', localStrategy);
  }
}

/**
 * Requests this process may still count for one key in its windows (`starts`, `names`), already counted in the
 * database; `counts` are the database's counts when they were leased, this lease included.
 */
export interface RateLease {
  names: string[];
  starts: Date[];
  counts: number[];
  held: number;
}

/** What every database module works over: a client (the database's, or a transaction's), the cache and queue. */
export interface SqlContext {
  sql: SqlClient;
  cache: DatabaseCache;
  writes: WriteBehind;
  inTransaction: boolean;
  /** In a transaction: what to forget everywhere once it has committed. */
  afterCommit: Array<() => Promise<void>> | null;
}

/**
 * Forgets what a write changed: here at once (a read racing the write is not remembered), and everywhere once
 * it has committed (at once outside a transaction, after the commit inside one).
 */
export async function forgetWritten<V>(ctx: SqlContext, cache: Remembered<V>, ids: string[] | null) {
  cache.drop(ids);
  if (ctx.afterCommit) ctx.afterCommit.push(() => cache.forget(ids));
  else await cache.forget(ids);
}
