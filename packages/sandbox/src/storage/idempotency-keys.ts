import type { SqlContext } from './cache.js';

/** Idempotency keys: each request claims its key, then stores its response for retries to replay. */
export class IdempotencyKeys {
  constructor(private readonly ctx: SqlContext) {}

  /** Claims a key for a request; an existing claim comes back instead (finished or still in flight). */
  async claim(
    scope: string,
    key: string,
    fingerprint: string,
    now: Date,
  ): Promise<
    { claimed: true } | { claimed: false; fingerprint: string; status: number | null; body: string | null }
  > {
    const sql = this.ctx.sql;
    // Keys are kept 24 hours, as the contract says.
    await sql.query('delete from idempotency_keys where scope = $1 and key = $2 and created_at < $3', [
      scope,
      key,
      new Date(now.getTime() - 24 * 3600_000),
    ]);
    const inserted = await sql.query(
      `insert into idempotency_keys (scope, key, fingerprint, created_at) values ($1, $2, $3, $4)
       on conflict (scope, key) do nothing returning key`,
      [scope, key, fingerprint, now],
    );
    if (inserted.length > 0) return { claimed: true };
    const [row] = await sql.query<{ fingerprint: string; status: number | null; body: string | null }>(
      'select fingerprint, status, body from idempotency_keys where scope = $1 and key = $2',
      [scope, key],
    );
    return { claimed: false, ...row! };
  }

  async saveResponse(scope: string, key: string, status: number, body: string): Promise<void> {
    await this.ctx.sql.query(
      'update idempotency_keys set status = $3, body = $4 where scope = $1 and key = $2',
      [scope, key, status, body],
    );
  }

  /** At start nothing is in flight: claims left by a crash would otherwise block their keys for a day. */
  async forgetUnfinishedClaims(): Promise<void> {
    await this.ctx.sql.query('delete from idempotency_keys where status is null');
  }

  async release(scope: string, key: string): Promise<void> {
    await this.ctx.sql.query(
      'delete from idempotency_keys where scope = $1 and key = $2 and status is null',
      [scope, key],
    );
  }
}
