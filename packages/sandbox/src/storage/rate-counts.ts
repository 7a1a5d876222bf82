import { cacheSize, type RateLease, type SqlContext } from './cache.js';
import type { RateWindow } from './records.js';
import type { SqlClient } from './sql-client.js';

const rateId = (keyId: number, name: string, start: number) => `${keyId}|${name}|${start}`;
/** A key's counts are remembered per set of windows: a new window is a new entry, read from the database. */
const countsId = (keyId: number, windows: RateWindow[]) =>
  `${keyId}|${windows.map((w) => w.start.getTime()).join('|')}`;
// A lease never holds more than this: what a process may hold unused when it stops abruptly.
const maxLease = 1000;

/** Takes what leases hold back off their windows' counts, in one statement. */
async function returnHeld(sql: SqlClient, leases: Array<{ keyId: number } & RateLease>): Promise<void> {
  const rows = leases
    .filter((lease) => lease.held > 0)
    .flatMap((lease) => lease.names.map((name, i) => ({ ...lease, name, start: lease.starts[i]! })));
  if (rows.length === 0) return;
  await sql.query(
    `update rate_counters c set count = c.count - r.held
     from unnest($1::int[], $2::text[], $3::timestamptz[], $4::int[]) as r(k, n, s, held)
     where c.key_id = r.k and c.window_name = r.n and c.window_start = r.s`,
    [rows.map((r) => r.keyId), rows.map((r) => r.name), rows.map((r) => r.start), rows.map((r) => r.held)],
  );
}

/** How many requests each key made in its rate-limit windows. */
export class RateCounts {
  constructor(private readonly ctx: SqlContext) {}

  /**
   * Counts one request in every window, unless one of them is used up. The counts live in memory (one event
   * loop: exact under concurrency) and are written to the database within milliseconds, and on stop, so they
   * survive a restart; a key's counts are read from the database when its windows are first used.
   */
  async consume(keyId: number, windows: RateWindow[]): Promise<{ allowed: boolean; used: number[] }> {
    const cache = this.ctx.cache;
    if (cache.shared) return this.consumeInDatabase(keyId, windows);
    for (;;) {
      // From reading the counts to counting this request nothing else runs: that is what makes it exact.
      const counts = this.liveCounts(keyId, windows);
      if (!counts) {
        await this.load(keyId, windows);
        continue;
      }
      const used = [...counts];
      if (windows.some((w, index) => used[index]! >= w.limit)) return { allowed: false, used };
      windows.forEach((w, index) => {
        counts[index]!++;
        const id = rateId(keyId, w.name, w.start.getTime());
        const pending = this.ctx.writes.rateDeltas.get(id);
        if (pending) pending.delta++;
        else this.ctx.writes.rateDeltas.set(id, { keyId, name: w.name, start: w.start, delta: 1 });
      });
      this.ctx.writes.schedule();
      return { allowed: true, used: [...counts] };
    }
  }

  /**
   * With other processes counting too, without a lock per request: each process leases a share of the key's
   * windows (counted in the database at once, so the limit holds across processes) and counts within it in
   * memory. A request refused here first has every other process return what it holds, then leases once more,
   * so a request is refused only when the requests counted everywhere reach the limit.
   */
  private async consumeInDatabase(
    keyId: number,
    windows: RateWindow[],
  ): Promise<{ allowed: boolean; used: number[] }> {
    const cache = this.ctx.cache;
    let askedOthers = false;
    for (;;) {
      const lease = cache.rateLeases.get(keyId);
      const current = lease?.starts.every(
        (start, index) => start.getTime() === windows[index]!.start.getTime(),
      );
      if (lease && current && lease.held > 0) {
        lease.held--;
        return { allowed: true, used: lease.counts.map((count) => count - lease.held) };
      }
      const leasing = cache.rateLeasing.get(keyId);
      if (leasing) {
        await leasing;
        continue;
      }
      const leased = this.lease(keyId, windows).finally(() => cache.rateLeasing.delete(keyId));
      cache.rateLeasing.set(keyId, leased);
      await leased;
      // Gone already when another process had this one return its leases meanwhile: lease again.
      const got = cache.rateLeases.get(keyId);
      if (!got || got.held > 0) continue;
      if (askedOthers) return { allowed: false, used: got.counts };
      askedOthers = true;
      await this.ctx.writes.flushElsewhere();
    }
  }

  /**
   * Leases an eighth of what the windows have left (at least one, at most `maxLease`) in one statement, under
   * the key's lock for the transaction: one statement alone lets two processes both read 99 and both take the
   * hundredth. What a lease of past windows still holds is returned first.
   */
  private async lease(keyId: number, windows: RateWindow[]): Promise<void> {
    const cache = this.ctx.cache;
    const stale = cache.rateLeases.get(keyId);
    const returned = stale ? [{ keyId, ...stale }] : [];
    if (stale) stale.held = 0;
    const rows = await this.leaseInDatabase(keyId, windows, returned).catch((error) => {
      // Rolled back: what the stale lease held is still counted, so it still holds it.
      if (stale && cache.rateLeases.get(keyId) === stale) stale.held = returned[0]!.held;
      throw error;
    });
    const granted = rows[0]?.granted ?? 0;
    const counts = windows.map((w) => (rows.find((row) => row.name === w.name)?.count ?? 0) + granted);
    if (!cache.rateLeases.has(keyId) && cache.rateLeases.size >= cacheSize) await this.returnLeases();
    const names = windows.map((w) => w.name);
    cache.rateLeases.set(keyId, { names, starts: windows.map((w) => w.start), counts, held: granted });
  }

  private leaseInDatabase(
    keyId: number,
    windows: RateWindow[],
    returned: Array<{ keyId: number } & RateLease>,
  ) {
    return this.ctx.sql.transaction(async (tx) => {
      // Two-key form: its own namespace, apart from the startup locks (migrations, seeding).
      await tx.query('select pg_advisory_xact_lock(1, $1)', [keyId]);
      await returnHeld(tx, returned);
      return tx.query<{ name: string; count: number; granted: number }>(
        `with current as (
         select t.n, t.s, coalesce(c.count, 0) as count, t.l
         from unnest($2::text[], $3::timestamptz[], $4::int[]) as t(n, s, l)
         left join rate_counters c on c.key_id = $1 and c.window_name = t.n and c.window_start = t.s),
       share as (select greatest(0, least($5, min(ceil((l - count) / 8.0))))::int as granted from current),
       counted as (
         insert into rate_counters (key_id, window_name, window_start, count)
         select $1, n, s, (select granted from share) from current where (select granted from share) > 0
         on conflict (key_id, window_name, window_start) do update set count = rate_counters.count + excluded.count
         returning 1)
       select n as name, count, (select granted from share) as granted from current`,
        [
          keyId,
          windows.map((w) => w.name),
          windows.map((w) => w.start),
          windows.map((w) => w.limit),
          maxLease,
        ],
      );
    });
  }

  /** Gives back what every lease still holds (on stop, and when another process is refusing a request). */
  returnLeases(): Promise<void> {
    const leases = [...this.ctx.cache.rateLeases].map(([keyId, lease]) => ({ keyId, ...lease }));
    this.ctx.cache.rateLeases.clear();
    return returnHeld(this.ctx.sql, leases);
  }

  async usage(keyId: number, windows: RateWindow[]): Promise<number[]> {
    if (this.ctx.cache.shared) return this.read(keyId, windows);
    for (;;) {
      const counts = this.liveCounts(keyId, windows);
      if (counts) return [...counts];
      await this.load(keyId, windows);
    }
  }

  private liveCounts(keyId: number, windows: RateWindow[]): number[] | null {
    return this.ctx.cache.rateCounts.known(countsId(keyId, windows)) ?? null;
  }

  private async read(keyId: number, windows: RateWindow[]): Promise<number[]> {
    const rows = await this.ctx.sql.query<{ name: string; count: number }>(
      `select window_name as name, count from rate_counters
       where key_id = $1 and (window_name, window_start) in (select * from unnest($2::text[], $3::timestamptz[]))`,
      [keyId, windows.map((w) => w.name), windows.map((w) => w.start)],
    );
    return windows.map((w) => rows.find((row) => row.name === w.name)?.count ?? 0);
  }

  /** Reads a key's counts in these windows from the database, adding what is counted but not written yet. */
  private async load(keyId: number, windows: RateWindow[]): Promise<void> {
    // Concurrent first requests share one load (the cache's read): nothing counts in these windows until it is
    // done, so the unwritten counts cannot change meanwhile; and a write queued before this read is in what it
    // reads.
    await this.ctx.cache.rateCounts.read(countsId(keyId, windows), async () => {
      const unwritten = windows.map(
        (w) => this.ctx.writes.rateDeltas.get(rateId(keyId, w.name, w.start.getTime()))?.delta ?? 0,
      );
      const stored = await this.read(keyId, windows);
      return stored.map((count, index) => count + unwritten[index]!);
    });
  }

  async forgetWindowsBefore(before: Date): Promise<void> {
    for (const [id, pending] of this.ctx.writes.rateDeltas)
      if (pending.start < before) this.ctx.writes.rateDeltas.delete(id);
    await this.ctx.sql.query('delete from rate_counters where window_start < $1', [before]);
  }

  /** Writes the counts made since the last write, in one statement; null when there are none. */
  writeQueued(): Promise<unknown> | null {
    const deltas = [...this.ctx.writes.rateDeltas.values()];
    this.ctx.writes.rateDeltas = new Map();
    if (deltas.length === 0) return null;
    return this.ctx.sql.query(
      `insert into rate_counters (key_id, window_name, window_start, count)
       select * from unnest($1::int[], $2::text[], $3::timestamptz[], $4::int[])
       on conflict (key_id, window_name, window_start) do update set count = rate_counters.count + excluded.count`,
      [
        deltas.map((d) => d.keyId),
        deltas.map((d) => d.name),
        deltas.map((d) => d.start),
        deltas.map((d) => d.delta),
      ],
    );
  }
}
