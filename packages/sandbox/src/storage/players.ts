import type { SqlContext } from './cache.js';
import type { PlayerItemRecord } from './records.js';

const playerItemColumns = `d.id as "deliveryId", s.id as "sendId", s.audio_id as "audioId", a.name, s.priority,
  s.repeat, s.volume, s.schedule_at as "scheduleAt", d.delivered_at as "deliveredAt", a.duration,
  d.started_at as "startedAt"`;

const playerItemFrom = 'deliveries d join sends s on s.id = d.send_id join audio a on a.id = s.audio_id';

/** Each location's player as rows: its deliveries, waiting, queued (by rank), playing or played. */
export class Players {
  constructor(private readonly ctx: SqlContext) {}

  async nowPlaying(userId: number): Promise<PlayerItemRecord | null> {
    const [row] = await this.ctx.sql.query<PlayerItemRecord>(
      `select ${playerItemColumns} from ${playerItemFrom} where d.user_id = $1 and d.play_state = 'playing'`,
      [userId],
    );
    return row ?? null;
  }

  queued(userId: number): Promise<PlayerItemRecord[]> {
    return this.ctx.sql.query<PlayerItemRecord>(
      `select ${playerItemColumns} from ${playerItemFrom}
       where d.user_id = $1 and d.play_state = 'queued' order by d.rank, d.id`,
      [userId],
    );
  }

  /** The last `limit` items played, newest first. */
  played(userId: number, limit: number): Promise<PlayerItemRecord[]> {
    return this.ctx.sql.query<PlayerItemRecord>(
      `select ${playerItemColumns} from ${playerItemFrom}
       where d.user_id = $1 and d.play_state = 'played' order by d.finished_at desc, d.id desc limit $2`,
      [userId, limit],
    );
  }

  /** Sends still waiting for their time, for one player: what it will receive, soonest first. */
  scheduledFor(
    userId: number,
  ): Promise<Array<Omit<PlayerItemRecord, 'deliveredAt'> & { deliveredAt: null }>> {
    return this.ctx.sql.query(
      `select ${playerItemColumns} from ${playerItemFrom}
       where d.user_id = $1 and d.status = 'scheduled' order by s.schedule_at, d.id`,
      [userId],
    );
  }

  /** The queued item to play next: lowest rank, then first delivered. */
  async nextQueued(userId: number): Promise<number | null> {
    const [next] = await this.ctx.sql.query<{ id: number }>(
      `select id from deliveries where user_id = $1 and play_state = 'queued' order by rank, id limit 1`,
      [userId],
    );
    return next?.id ?? null;
  }

  /** Starts playing an item, with its rank in the queue if given. */
  async play(deliveryId: number, startedAt: Date, rank?: number): Promise<void> {
    await this.ctx.sql.query(
      `update deliveries set play_state = 'playing', rank = coalesce($3, rank), started_at = $2 where id = $1`,
      [deliveryId, startedAt, rank ?? null],
    );
  }

  /** Puts an item in the queue with this rank (an interrupted one loses its start: it plays again). */
  async queue(deliveryId: number, rank: number): Promise<void> {
    await this.ctx.sql.query(
      `update deliveries set play_state = 'queued', rank = $2, started_at = null where id = $1`,
      [deliveryId, rank],
    );
  }

  async finish(deliveryId: number, finishedAt: Date): Promise<void> {
    await this.ctx.sql.query(`update deliveries set play_state = 'played', finished_at = $2 where id = $1`, [
      deliveryId,
      finishedAt,
    ]);
  }
}
