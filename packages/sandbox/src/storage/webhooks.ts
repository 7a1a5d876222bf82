import type { SqlContext } from './cache.js';
import { newId } from './ids.js';
import type { WebhookRecord } from './records.js';

/** Webhook subscriptions and their outbox of deliveries. */
export class Webhooks {
  constructor(private readonly ctx: SqlContext) {}

  async insert(companyId: number, webhook: WebhookRecord): Promise<void> {
    await this.ctx.sql.query(
      'insert into webhooks (id, company_id, url, events, secret, created_at) values ($1, $2, $3, $4, $5, $6)',
      [webhook.id, companyId, webhook.url, webhook.events, webhook.secret, webhook.createdAt],
    );
  }

  list(companyId: number): Promise<WebhookRecord[]> {
    return this.ctx.sql.query<WebhookRecord>(
      `select id, url, events, secret, created_at as "createdAt" from webhooks
       where company_id = $1 and deleted_at is null order by created_at, id`,
      [companyId],
    );
  }

  async delete(companyId: number, webhookId: string, now: Date): Promise<boolean> {
    const rows = await this.ctx.sql.query(
      `update webhooks set deleted_at = $3 where id = $2 and company_id = $1 and deleted_at is null returning id`,
      [companyId, webhookId, now],
    );
    return rows.length > 0;
  }

  /** Queues an event for every subscription that wants it (in the caller's transaction: an outbox). */
  async recordEvent(companyId: number, type: string, data: unknown, now: Date): Promise<number> {
    const body = JSON.stringify({ id: newId('evt'), type, createdAt: now.toISOString(), data });
    const rows = await this.ctx.sql.query(
      `insert into webhook_deliveries (webhook_id, event_id, body, next_attempt_at, status)
       select id, $3, $4, $5, 'pending' from webhooks
       where company_id = $1 and deleted_at is null and $2 = any(events)
       returning id`,
      [companyId, type, JSON.parse(body).id, body, now],
    );
    return rows.length;
  }

  dueDeliveries(now: Date, limit: number) {
    return this.ctx.sql.query<{ id: number; url: string; secret: string; body: string; attempts: number }>(
      `select d.id, w.url, w.secret, d.body, d.attempts from webhook_deliveries d join webhooks w on w.id = d.webhook_id
       where d.status = 'pending' and d.next_attempt_at <= $1 order by d.next_attempt_at, d.id limit $2`,
      [now, limit],
    );
  }

  async nextAttemptAt(): Promise<Date | null> {
    const [row] = await this.ctx.sql.query<{ at: Date | null }>(
      `select min(next_attempt_at) as at from webhook_deliveries where status = 'pending'`,
    );
    return row?.at ?? null;
  }

  async markDelivered(id: number, now: Date): Promise<void> {
    await this.ctx.sql.query(
      `update webhook_deliveries set status = 'delivered', attempts = attempts + 1, delivered_at = $2 where id = $1`,
      [id, now],
    );
  }

  async markAttemptFailed(id: number, error: string, nextAttemptAt: Date | null): Promise<void> {
    await this.ctx.sql.query(
      `update webhook_deliveries set attempts = attempts + 1, last_error = $2,
         status = case when $3::timestamptz is null then 'failed' else 'pending' end,
         next_attempt_at = coalesce($3, next_attempt_at)
       where id = $1`,
      [id, error, nextAttemptAt],
    );
  }
}
