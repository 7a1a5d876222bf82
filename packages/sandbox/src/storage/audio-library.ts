import { forgetWritten, type SqlContext } from './cache.js';
import type { AudioRecord, NewAudio } from './records.js';

const audioColumns = `a.seq, a.id, a.company_id as "companyId", a.name, a.description, a.category, a.format,
  a.duration, a.size, a.file_name as "fileName", a.created_at as "createdAt",
  coalesce(st.times_played, 0)::int as "timesPlayed", st.last_played_at as "lastPlayedAt",
  coalesce(st.total_recipients, 0)::int as "totalRecipients"`;

// Stats follow deliveries: each delivered destination counts `repeat` plays.
const audioStatsJoin = `left join lateral (
  select sum(s.repeat) as times_played, max(d.delivered_at) as last_played_at,
         count(distinct d.user_id) as total_recipients
  from sends s join deliveries d on d.send_id = s.id
  where s.audio_id = a.id and d.delivered_at is not null
) st on true`;

/** The audio library: records with their play stats. */
export class AudioLibrary {
  constructor(private readonly ctx: SqlContext) {}

  async insert(audio: NewAudio): Promise<AudioRecord> {
    await this.ctx.sql.query(
      `insert into audio (id, company_id, name, description, category, format, duration, size, file_name, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        audio.id,
        audio.companyId,
        audio.name,
        audio.description,
        audio.category,
        audio.format,
        audio.duration,
        audio.size,
        audio.fileName,
        audio.createdAt,
      ],
    );
    this.ctx.cache.audioWrites++;
    return (await this.get(audio.companyId, audio.id))!;
  }

  /**
   * Load-test seeding: `count` new records like one audio, sharing its file, in one statement, created 1 ms
   * apart up to `now` (distinct times, as pollers that remember the newest createdAt expect). Returns how many
   * were added (0 when the audio does not exist).
   */
  async copy(companyId: number, audioId: string, count: number, now: Date): Promise<number> {
    const rows = await this.ctx.sql.query<{ n: number }>(
      `with added as (
         insert into audio (id, company_id, name, description, category, format, duration, size, file_name, created_at)
         select 'aud_' || substr(md5(random()::text || g::text), 1, 12) || g, a.company_id, a.name || ' ' || g,
                a.description, a.category, a.format, a.duration, a.size, a.file_name,
                $4::timestamptz - make_interval(secs => ($3 - g) / 1000.0)
         from audio a cross join generate_series(1, $3::int) as g
         where a.id = $2 and a.company_id = $1 and a.deleted_at is null
         order by g
         returning 1)
       select count(*)::int as n from added`,
      [companyId, audioId, count, now],
    );
    // PGlite has no autovacuum: refresh the planner's statistics as it would after a bulk insert.
    await this.ctx.sql.query('analyze audio');
    return rows[0]!.n;
  }

  /** Remembered once read, until it is deleted or delivered (stats follow deliveries). */
  get(companyId: number, audioId: string): Promise<AudioRecord | null> {
    const { cache, inTransaction } = this.ctx;
    return cache.audio.read(
      `${companyId}|${audioId}`,
      async () => {
        const [row] = await this.ctx.sql.query<AudioRecord>(
          `select ${audioColumns} from audio a ${audioStatsJoin}
           where a.id = $1 and a.company_id = $2 and a.deleted_at is null`,
          [audioId, companyId],
        );
        return row ?? null;
      },
      !inTransaction,
    );
  }

  async findFile(fileName: string): Promise<{ format: string } | null> {
    const [row] = await this.ctx.sql.query<{ format: string }>(
      'select format from audio where file_name = $1 and deleted_at is null',
      [fileName],
    );
    return row ?? null;
  }

  /** Newest first; `beforeSeq` continues after the last item of the previous page. */
  list(
    companyId: number,
    filter: { limit: number; beforeSeq?: number; category?: string; name?: string },
  ): Promise<AudioRecord[]> {
    return this.ctx.sql.query<AudioRecord>(
      `select ${audioColumns} from audio a ${audioStatsJoin}
       where a.company_id = $1 and a.deleted_at is null
         and ($2::int is null or a.seq < $2)
         and ($3::text is null or lower(a.category) = lower($3))
         and ($4::text is null or lower(a.name) like '%' || lower($4) || '%')
       order by a.seq desc limit $5`,
      [
        companyId,
        filter.beforeSeq ?? null,
        filter.category ?? null,
        // "Contains", as a LIKE pattern so the trigram index can serve it: % _ and \ in the text are literal.
        filter.name === undefined ? null : filter.name.replace(/[\\%_]/g, '\\$&'),
        filter.limit,
      ],
    );
  }

  async countPendingScheduledSends(audioId: string): Promise<number> {
    const [row] = await this.ctx.sql.query<{ count: number }>(
      `select count(*)::int as count from sends where audio_id = $1 and status = 'scheduled'`,
      [audioId],
    );
    return row!.count;
  }

  async delete(audioId: string, now: Date): Promise<void> {
    await this.ctx.sql.query('update audio set deleted_at = $2 where id = $1', [audioId, now]);
    this.ctx.cache.audioWrites++;
    await forgetWritten(this.ctx, this.ctx.cache.audio, [audioId]);
  }
}
