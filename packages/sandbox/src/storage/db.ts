// Every read and write of the sandbox's data, one module per aggregate over one SqlClient: PGlite here, a
// shared PostgreSQL server with `pg` when one machine is not enough (see the README).
import { AudioLibrary } from './audio-library.js';
import { DatabaseCache, type SqlContext } from './cache.js';
import { IdempotencyKeys } from './idempotency-keys.js';
import { Keys } from './keys.js';
import { Players } from './players.js';
import { RateCounts } from './rate-counts.js';
import type { CacheStrategy } from './remembered.js';
import { Sends } from './sends.js';
import { Settings } from './settings.js';
import type { SqlClient } from './sql-client.js';
import { UsageLogs } from './usage-logs.js';
import { Webhooks } from './webhooks.js';
import { WriteBehind } from './write-behind.js';

export interface DbOptions {
  /**
   * The database is shared with other sandbox processes (a PostgreSQL server behind a load balancer): remember
   * nothing between queries and count rate limits in the database, since another process may write anything.
   */
  shared?: boolean;
  /** How the caches hear of other processes' writes (SharedInvalidations on a shared server). */
  invalidations?: CacheStrategy;
}

/** The sandbox's data: `db.audio.get(...)`; `transaction` hands out the same modules bound to one transaction. */
export class Db {
  readonly keys: Keys;
  readonly audio: AudioLibrary;
  readonly sends: Sends;
  readonly players: Players;
  readonly rateCounts: RateCounts;
  readonly usageLogs: UsageLogs;
  readonly idempotency: IdempotencyKeys;
  readonly webhooks: Webhooks;
  readonly settings: Settings;
  private readonly ctx: SqlContext;

  constructor(sql: SqlClient, options: DbOptions = {}, transactionOf?: SqlContext) {
    const cache = transactionOf?.cache ?? new DatabaseCache(options.shared ?? false, options.invalidations);
    const writes = transactionOf?.writes ?? new WriteBehind(options.shared ?? false);
    const afterCommit = transactionOf?.afterCommit ?? null;
    this.ctx = { sql, cache, writes, inTransaction: transactionOf !== undefined, afterCommit };
    this.keys = new Keys(this.ctx);
    this.audio = new AudioLibrary(this.ctx);
    this.sends = new Sends(this.ctx);
    this.players = new Players(this.ctx);
    this.rateCounts = new RateCounts(this.ctx);
    this.usageLogs = new UsageLogs(this.ctx);
    this.idempotency = new IdempotencyKeys(this.ctx);
    this.webhooks = new Webhooks(this.ctx);
    this.settings = new Settings(this.ctx);
    // Written behind on the database's own client, never a transaction's (it may have ended by then).
    if (!transactionOf)
      writes.writers = [() => this.usageLogs.writeQueued(), () => this.rateCounts.writeQueued()];
  }

  /** Runs work in one transaction: everything it writes lands together or not at all. */
  async transaction<T>(work: (db: Db) => Promise<T>): Promise<T> {
    // Nested, it is part of the outer transaction, whose commit forgets what both wrote.
    if (this.ctx.afterCommit) return this.ctx.sql.transaction((tx) => work(new Db(tx, {}, this.ctx)));
    const afterCommit: Array<() => Promise<void>> = [];
    const result = await this.ctx.sql.transaction((tx) => work(new Db(tx, {}, { ...this.ctx, afterCommit })));
    for (const forget of afterCommit) await forget();
    return result;
  }

  async ping(): Promise<boolean> {
    const [row] = await this.ctx.sql.query<{ ok: number }>('select 1 as ok');
    return row?.ok === 1;
  }

  /** On a shared database: how to have every other process write its queued usage logs and rate counts. */
  flushElsewhere(flush: () => Promise<void>): void {
    this.ctx.writes.flushElsewhere = flush;
  }

  /**
   * Writes the usage logs and rate counts waiting in memory now, and returns unused rate leases (on stop,
   * before reading them elsewhere, when another process is about to refuse a request).
   */
  flushWrites(): Promise<void> {
    // On a shared database also what this process leased of the rate windows and did not use.
    return Promise.all([this.ctx.writes.flush(), this.rateCounts.returnLeases()]).then(() => undefined);
  }

  /**
   * PGlite has no autovacuum, so nothing refreshes the planner's statistics by itself: a library grown upload
   * by upload would be planned as the empty one it once was. Analyzes everything when asked to (`force`) or
   * once enough audio was written since the last time.
   */
  async refreshStatistics(force = false): Promise<boolean> {
    const cache = this.ctx.cache;
    if (!force && cache.audioWrites < 100) return false;
    cache.audioWrites = 0;
    await this.ctx.sql.query('analyze');
    return true;
  }
}
