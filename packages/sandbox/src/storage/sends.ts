import { forgetWritten, type SqlContext } from './cache.js';
import type { Location, Priority, SendRecord } from './records.js';

/** Sends of an audio to locations, and their deliveries (one per destination). */
export class Sends {
  constructor(private readonly ctx: SqlContext) {}

  async insert(send: Omit<SendRecord, 'destinations'>, destinations: Location[], now: Date): Promise<void> {
    await this.ctx.sql.query(
      `insert into sends (id, company_id, audio_id, priority, repeat, volume, schedule_at, scheduled, status, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        send.id,
        send.companyId,
        send.audioId,
        send.priority,
        send.repeat,
        send.volume,
        send.scheduleAt,
        send.scheduled,
        send.status,
        now,
      ],
    );
    await this.ctx.sql.query(
      `insert into deliveries (send_id, user_id, position, status, play_state)
       select $1, u, p, 'scheduled', 'waiting' from unnest($2::int[], $3::int[]) as t(u, p)`,
      [send.id, destinations.map((d) => d.userId), destinations.map((_, index) => index)],
    );
    await forgetWritten(this.ctx, this.ctx.cache.nextDue, null);
  }

  async get(sendId: string): Promise<SendRecord | null> {
    const [send] = await this.ctx.sql.query<Omit<SendRecord, 'destinations'>>(
      `select id, company_id as "companyId", audio_id as "audioId", priority, repeat, volume,
              schedule_at as "scheduleAt", scheduled, status from sends where id = $1`,
      [sendId],
    );
    if (!send) return null;
    const destinations = await this.ctx.sql.query<SendRecord['destinations'][number]>(
      `select l.external_id as "externalId", d.user_id as "userId", d.status
       from deliveries d join locations l on l.user_id = d.user_id where d.send_id = $1 order by d.position`,
      [sendId],
    );
    return { ...send, destinations };
  }

  /**
   * Sends whose time has come, oldest first. The time of the next one is remembered, so the requests that call
   * this before answering ask the database only once something may be due (a new send forgets it).
   */
  async dueIds(now: Date): Promise<string[]> {
    const { cache, inTransaction } = this.ctx;
    const next = cache.nextDue.known('next');
    if (next !== undefined && now.getTime() < next) return [];
    let due: string[] = [];
    await cache.nextDue.load(
      'next',
      async () => {
        const rows = await this.ctx.sql.query<{ id: string | null; at: Date | null }>(
          `(select id, schedule_at as at from sends where status = 'scheduled' and schedule_at <= $1
            order by schedule_at, seq)
           union all
           select null, min(schedule_at) from sends where status = 'scheduled' and schedule_at > $1`,
          [now],
        );
        due = rows.slice(0, -1).map((row) => row.id!);
        const at = rows[rows.length - 1]!.at;
        return at ? at.getTime() : Number.POSITIVE_INFINITY;
      },
      !inTransaction,
    );
    return due;
  }

  /**
   * Marks a send sent and its deliveries queued for their players; null if it was already sent. The caller puts
   * the deliveries into the players' queues.
   */
  async markSent(
    sendId: string,
    now: Date,
  ): Promise<{ priority: Priority; deliveries: Array<{ id: number; userId: number }> } | null> {
    const [send] = await this.ctx.sql.query<{ priority: Priority; audioId: string }>(
      `update sends set status = 'sent' where id = $1 and status = 'scheduled'
       returning priority, audio_id as "audioId"`,
      [sendId],
    );
    if (!send) return null;
    const deliveries = await this.ctx.sql.query<{ id: number; userId: number }>(
      `update deliveries set status = 'queued', delivered_at = $2 where send_id = $1
       returning id, user_id as "userId"`,
      [sendId, now],
    );
    // The next due time is asked again, and the audio's stats follow its deliveries.
    await forgetWritten(this.ctx, this.ctx.cache.nextDue, null);
    await forgetWritten(this.ctx, this.ctx.cache.audio, [send.audioId]);
    return { priority: send.priority, deliveries };
  }
}
