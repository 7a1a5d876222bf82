import { cacheSize, type SqlContext } from './cache.js';
import type { RateWindow } from './records.js';

const rateId = (keyId: number, name: string, start: number) => `${keyId}|${name}|${start}`;

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
   * With other processes counting too: read and count in one statement, under a lock on the key for the
   * transaction. One statement alone is not enough: under read committed, two processes can both read 99 and
   * both count a hundredth request.
   */
  private async consumeInDatabase(
    keyId: number,
    windows: RateWindow[],
  ): Promise<{ allowed: boolean; used: number[] }> {
    const rows = await this.ctx.sql.transaction(async (tx) => {
      // Two-key form: its own namespace, apart from the startup locks (migrations, seeding).
      await tx.query('select pg_advisory_xact_lock(1, $1)', [keyId]);
      return tx.query<{ name: string; count: number; allowed: boolean }>(
        `with current as (
         select t.n, t.s, coalesce(c.count, 0) as count, t.l
         from unnest($2::text[], $3::timestamptz[], $4::int[]) as t(n, s, l)
         left join rate_counters c on c.key_id = $1 and c.window_name = t.n and c.window_start = t.s),
       verdict as (select bool_and(count < l) as allowed from current),
       counted as (
         insert into rate_counters (key_id, window_name, window_start, count)
         select $1, n, s, 1 from current where (select allowed from verdict)
         on conflict (key_id, window_name, window_start) do update set count = rate_counters.count + 1
         returning 1)
       select n as name, count, (select allowed from verdict) as allowed from current`,
        [keyId, windows.map((w) => w.name), windows.map((w) => w.start), windows.map((w) => w.limit)],
      );
    });
    const allowed = rows[0]?.allowed ?? true;
    const used = windows.map((w) => rows.find((row) => row.name === w.name)?.count ?? 0);
    return allowed ? { allowed, used: used.map((count) => count + 1) } : { allowed, used };
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
    const known = this.ctx.cache.rates.get(keyId);
    return known?.starts.every((start, index) => start === windows[index]!.start.getTime())
      ? known.counts
      : null;
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
  private load(keyId: number, windows: RateWindow[]): Promise<void> {
    const cache = this.ctx.cache;
    const starts = windows.map((w) => w.start.getTime());
    const loadId = `${keyId}|${starts.join('|')}`;
    const loading = cache.rateLoads.get(loadId);
    if (loading) return loading;
    // Nothing counts in these windows until they are loaded, so the unwritten counts cannot change meanwhile;
    // and a write queued before this read is in what it reads.
    const unwritten = windows.map(
      (w, index) => this.ctx.writes.rateDeltas.get(rateId(keyId, w.name, starts[index]!))?.delta ?? 0,
    );
    const load = this.read(keyId, windows)
      .then((stored) => {
        if (cache.rates.size >= cacheSize) cache.rates.clear();
        cache.rates.set(keyId, { starts, counts: stored.map((count, index) => count + unwritten[index]!) });
      })
      .finally(() => cache.rateLoads.delete(loadId));
    cache.rateLoads.set(loadId, load);
    return load;
  }

  async forgetWindowsBefore(before: Date): Promise<void> {
    const cache = this.ctx.cache;
    for (const [keyId, known] of cache.rates) {
      if (known.starts.some((start) => start < before.getTime())) cache.rates.delete(keyId);
    }
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
