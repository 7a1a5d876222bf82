import type { SqlContext } from './cache.js';
import type { UsageLog, UsageLogRecord } from './records.js';

// Usage logs are written when this many wait, if the write delay has not come first.
const usageLogBatch = 200;

/** One row per answered request, for GET /usage-logs. */
export class UsageLogs {
  constructor(private readonly ctx: SqlContext) {}

  /**
   * Queued and written with the others of the next few milliseconds in one statement; `list` has every
   * process write its queue first, so a log is readable as soon as its response was sent.
   */
  insert(log: UsageLog): Promise<void> {
    this.ctx.writes.usageLogs.push(log);
    if (this.ctx.writes.usageLogs.length >= usageLogBatch) void this.ctx.writes.flush();
    else this.ctx.writes.schedule();
    return Promise.resolve();
  }

  /** Writes the queued logs in one statement, in the order the responses were sent; null when none wait. */
  writeQueued(): Promise<unknown> | null {
    const logs = this.ctx.writes.usageLogs;
    this.ctx.writes.usageLogs = [];
    if (logs.length === 0) return null;
    const column = <K extends keyof UsageLog>(name: K) => logs.map((log) => log[name]);
    return this.ctx.sql.query(
      `insert into usage_logs (company_id, key_id, request_id, method, path, status, duration_ms, created_at)
       select c, k, r, m, p, s, d, t
       from unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::float8[],
                   $8::timestamptz[]) with ordinality as u(c, k, r, m, p, s, d, t, position)
       order by position`,
      [
        column('companyId'),
        column('keyId'),
        column('requestId'),
        column('method'),
        column('path'),
        column('status'),
        column('durationMs'),
        column('createdAt'),
      ],
    );
  }

  async list(
    companyId: number,
    filter: {
      limit: number;
      beforeId?: number;
      method?: string;
      status?: number;
      path?: string;
      from?: Date;
      to?: Date;
    },
  ): Promise<UsageLogRecord[]> {
    await Promise.all([this.ctx.writes.flush(), this.ctx.writes.flushElsewhere()]);
    return this.ctx.sql.query<UsageLogRecord>(
      `select id, request_id as "requestId", method, path, status, duration_ms as "durationMs", created_at as "createdAt"
       from usage_logs
       where company_id = $1
         and ($2::int is null or id < $2)
         and ($3::text is null or method = $3)
         and ($4::int is null or status = $4)
         and ($5::text is null or starts_with(path, $5))
         and ($6::timestamptz is null or created_at >= $6)
         and ($7::timestamptz is null or created_at < $7)
       order by id desc limit $8`,
      [
        companyId,
        filter.beforeId ?? null,
        filter.method ?? null,
        filter.status ?? null,
        filter.path ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.limit,
      ],
    );
  }
}
