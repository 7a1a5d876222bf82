// Every read and write of the sandbox's data, as SQL over one SqlClient: PGlite here, a shared PostgreSQL
// server with `pg` when one machine is not enough (see the README).
import { newId } from '../ids.js';
import type { Permission } from '../tokens.js';
import type { SqlClient } from './sql.js';

export type Priority = 'low' | 'normal' | 'high' | 'urgent';

export interface Company {
  id: number;
  name: string;
  keyPrefix: string;
}

export interface Location {
  userId: number;
  externalId: string;
  name: string;
}

export interface ApiKeyRecord {
  id: number;
  companyId: number;
  userId: number;
  externalId: string;
  keyHash: string;
  permissions: Permission[];
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface NewAudio {
  id: string;
  companyId: number;
  name: string;
  description: string | null;
  category: string | null;
  format: string;
  duration: number;
  size: number;
  fileName: string;
  createdAt: Date;
}

export interface AudioRecord extends NewAudio {
  seq: number;
  timesPlayed: number;
  lastPlayedAt: Date | null;
  totalRecipients: number;
}

export interface SendRecord {
  id: string;
  companyId: number;
  audioId: string;
  priority: Priority;
  repeat: number;
  volume: number;
  scheduleAt: Date | null;
  scheduled: boolean;
  status: 'scheduled' | 'sent';
  destinations: Array<{ externalId: string; userId: number; status: 'scheduled' | 'queued' }>;
}

export interface PlayerItemRecord {
  deliveryId: number;
  sendId: string;
  audioId: string;
  name: string;
  priority: Priority;
  repeat: number;
  volume: number;
  scheduleAt: Date | null;
  deliveredAt: Date;
  duration: number;
  startedAt: Date | null;
}

export interface UsageLogRecord {
  id: number;
  requestId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  createdAt: Date;
}

export interface WebhookRecord {
  id: string;
  url: string;
  events: string[];
  secret: string;
  createdAt: Date;
}

export interface RateWindow {
  name: string;
  start: Date;
  limit: number;
}

// Queue order of a player: an interrupted item resumes first, then high, normal and low (the docs' table).
const queueRank: Record<Priority | 'resumed', number> = { resumed: 0, urgent: 1, high: 1, normal: 2, low: 3 };

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

const playerItemColumns = `d.id as "deliveryId", s.id as "sendId", s.audio_id as "audioId", a.name, s.priority,
  s.repeat, s.volume, s.schedule_at as "scheduleAt", d.delivered_at as "deliveredAt", a.duration,
  d.started_at as "startedAt"`;

const playerItemFrom = 'deliveries d join sends s on s.id = d.send_id join audio a on a.id = s.audio_id';

type UsageLog = {
  companyId: number | null;
  keyId: number | null;
  requestId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  createdAt: Date;
};

// Usage logs and rate counts wait this long (logs: or for this many) to be written together: one round trip
// for many requests.
const writeDelayMs = 10;
const usageLogBatch = 200;
const apiKeyCacheSize = 10_000;

const rateId = (keyId: number, name: string, start: number) => `${keyId}|${name}|${start}`;

/**
 * What the store remembers between queries (a round trip to PGlite's worker costs about half a millisecond),
 * shared by the store and its transactions. A remembered read is dropped, never patched, by any write that could
 * change it, and a read that started before such a write is not remembered. Rate counts and usage logs are kept
 * here first and written behind.
 */
class StoreMemory {
  constructor(readonly shared: boolean) {}
  readonly apiKeys = new Map<string, ApiKeyRecord>();
  apiKeyGeneration = 0;
  /** Audio records with their stats, by company and id; any write to audio or its deliveries forgets them all. */
  readonly audio = new Map<string, AudioRecord>();
  audioGeneration = 0;
  /** When the next scheduled send falls due; null when unknown (ask the database). */
  nextDueAt: number | null = null;
  sendGeneration = 0;
  /** Each key's counts in its current windows: the database's count plus what this process counted since. */
  readonly rates = new Map<number, { starts: number[]; counts: number[] }>();
  readonly rateLoads = new Map<string, Promise<void>>();
  /** Counts not yet written, by key, window and start. */
  rateDeltas = new Map<string, { keyId: number; name: string; start: Date; delta: number }>();
  usageLogs: UsageLog[] = [];
  writeTimer: NodeJS.Timeout | null = null;
  /** Audio rows written since the planner's statistics were last refreshed. */
  audioWrites = 0;
}

export interface StoreOptions {
  /**
   * The database is shared with other sandbox processes (a PostgreSQL server behind a load balancer): remember
   * nothing between queries and count rate limits in the database, since another process may write anything.
   */
  shared?: boolean;
}

export class Store {
  private readonly memory: StoreMemory;

  constructor(
    private readonly db: SqlClient,
    options: StoreOptions = {},
    memory?: StoreMemory,
    private readonly inTransaction = false,
  ) {
    this.memory = memory ?? new StoreMemory(options.shared ?? false);
  }

  /** Runs work in one transaction: everything it writes lands together or not at all. */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(new Store(tx, {}, this.memory, true)));
  }

  async ping(): Promise<boolean> {
    const [row] = await this.db.query<{ ok: number }>('select 1 as ok');
    return row?.ok === 1;
  }

  // --- settings ---

  async getSetting(name: string): Promise<string | null> {
    const [row] = await this.db.query<{ value: string }>('select value from settings where name = $1', [
      name,
    ]);
    return row?.value ?? null;
  }

  async setSetting(name: string, value: string): Promise<void> {
    await this.db.query(
      'insert into settings (name, value) values ($1, $2) on conflict (name) do update set value = excluded.value',
      [name, value],
    );
  }

  // --- companies, locations, keys ---

  async createCompany(name: string, tokenHash: string, now: Date): Promise<Company> {
    const [row] = await this.db.query<Company>(
      `insert into companies (name, token_hash, created_at) values ($1, $2, $3)
       returning id, name, key_prefix as "keyPrefix"`,
      [name, tokenHash, now],
    );
    return row!;
  }

  async findCompanyByName(name: string): Promise<(Company & { tokenHash: string }) | null> {
    const [row] = await this.db.query<Company & { tokenHash: string }>(
      `select id, name, key_prefix as "keyPrefix", token_hash as "tokenHash" from companies
       where name = $1 order by id limit 1`,
      [name],
    );
    return row ?? null;
  }

  async findCompanyByTokenHash(tokenHash: string): Promise<(Company & { tokenHash: string }) | null> {
    const [row] = await this.db.query<Company & { tokenHash: string }>(
      `select id, name, key_prefix as "keyPrefix", token_hash as "tokenHash" from companies where token_hash = $1`,
      [tokenHash],
    );
    return row ?? null;
  }

  async setCompanyTokenHash(companyId: number, tokenHash: string): Promise<void> {
    await this.db.query('update companies set token_hash = $2 where id = $1', [companyId, tokenHash]);
  }

  async addLocations(
    companyId: number,
    locations: Array<{ externalId: string; name: string }>,
  ): Promise<void> {
    await this.db.query(
      `insert into locations (company_id, external_id, name)
       select $1, e, n from unnest($2::text[], $3::text[]) as t(e, n)
       on conflict (company_id, external_id) do nothing`,
      [companyId, locations.map((l) => l.externalId), locations.map((l) => l.name)],
    );
  }

  listLocations(companyId: number): Promise<Location[]> {
    return this.db.query<Location>(
      `select user_id as "userId", external_id as "externalId", name from locations
       where company_id = $1 order by external_id`,
      [companyId],
    );
  }

  findLocations(companyId: number, externalIds: string[]): Promise<Location[]> {
    return this.db.query<Location>(
      `select user_id as "userId", external_id as "externalId", name from locations
       where company_id = $1 and external_id = any($2::text[])`,
      [companyId, externalIds],
    );
  }

  async insertApiKey(key: {
    companyId: number;
    userId: number;
    keyHash: string;
    permissions: Permission[];
    createdAt: Date;
    expiresAt: Date | null;
  }): Promise<number> {
    const [row] = await this.db.query<{ id: number }>(
      `insert into api_keys (company_id, user_id, key_hash, permissions, created_at, expires_at)
       values ($1, $2, $3, $4, $5, $6) returning id`,
      [key.companyId, key.userId, key.keyHash, key.permissions, key.createdAt, key.expiresAt],
    );
    return row!.id;
  }

  /** Remembered by hash; a revocation forgets it at once, and expiry is checked by the caller on every use. */
  async findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | null> {
    const memory = this.memory;
    const remembered = memory.shared ? undefined : memory.apiKeys.get(keyHash);
    if (remembered) return remembered;
    const generation = memory.apiKeyGeneration;
    const [row] = await this.db.query<ApiKeyRecord>(
      `select k.id, k.company_id as "companyId", k.user_id as "userId", l.external_id as "externalId",
              k.key_hash as "keyHash", k.permissions, k.created_at as "createdAt",
              k.expires_at as "expiresAt", k.revoked_at as "revokedAt"
       from api_keys k join locations l on l.user_id = k.user_id where k.key_hash = $1`,
      [keyHash],
    );
    // Only committed rows read after the last revocation may be remembered (a read that raced one may not).
    if (row && !memory.shared && !this.inTransaction && generation === memory.apiKeyGeneration) {
      if (memory.apiKeys.size >= apiKeyCacheSize) memory.apiKeys.clear();
      memory.apiKeys.set(keyHash, row);
    }
    return row ?? null;
  }

  async revokeApiKey(id: number, now: Date): Promise<void> {
    this.forgetApiKey(id);
    try {
      await this.db.query('update api_keys set revoked_at = $2 where id = $1 and revoked_at is null', [
        id,
        now,
      ]);
    } finally {
      // Again once written: a lookup that ran before the update must not stay remembered.
      this.forgetApiKey(id);
    }
  }

  private forgetApiKey(id: number): void {
    this.memory.apiKeyGeneration++;
    for (const [hash, key] of this.memory.apiKeys) if (key.id === id) this.memory.apiKeys.delete(hash);
  }

  // --- audio ---

  async insertAudio(audio: NewAudio): Promise<AudioRecord> {
    await this.db.query(
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
    this.memory.audioWrites++;
    this.forgetAudio();
    return (await this.getAudio(audio.companyId, audio.id))!;
  }

  /**
   * Load-test seeding: `count` new records like one audio, sharing its file, in one statement, created 1 ms
   * apart up to `now` (distinct times, as pollers that remember the newest createdAt expect). Returns how many
   * were added (0 when the audio does not exist).
   */
  async copyAudio(companyId: number, audioId: string, count: number, now: Date): Promise<number> {
    this.forgetAudio();
    const rows = await this.db.query<{ n: number }>(
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
    await this.db.query('analyze audio');
    return rows[0]!.n;
  }

  /**
   * PGlite has no autovacuum, so nothing refreshes the planner's statistics by itself: a library grown upload
   * by upload would be planned as the empty one it once was. Analyzes everything when asked to (`force`) or
   * once enough audio was written since the last time.
   */
  async refreshStatistics(force = false): Promise<boolean> {
    if (!force && this.memory.audioWrites < 100) return false;
    this.memory.audioWrites = 0;
    await this.db.query('analyze');
    return true;
  }

  /** Remembered once read, until audio or deliveries are written (stats follow deliveries). */
  async getAudio(companyId: number, audioId: string): Promise<AudioRecord | null> {
    const memory = this.memory;
    const id = `${companyId}|${audioId}`;
    const remembered = memory.shared || this.inTransaction ? undefined : memory.audio.get(id);
    if (remembered) return remembered;
    const generation = memory.audioGeneration;
    const [row] = await this.db.query<AudioRecord>(
      `select ${audioColumns} from audio a ${audioStatsJoin}
       where a.id = $1 and a.company_id = $2 and a.deleted_at is null`,
      [audioId, companyId],
    );
    if (row && !memory.shared && !this.inTransaction && generation === memory.audioGeneration) {
      if (memory.audio.size >= apiKeyCacheSize) memory.audio.clear();
      memory.audio.set(id, row);
    }
    return row ?? null;
  }

  private forgetAudio(): void {
    this.memory.audioGeneration++;
    this.memory.audio.clear();
  }

  async findAudioFile(fileName: string): Promise<{ format: string } | null> {
    const [row] = await this.db.query<{ format: string }>(
      'select format from audio where file_name = $1 and deleted_at is null',
      [fileName],
    );
    return row ?? null;
  }

  /** Newest first; `beforeSeq` continues after the last item of the previous page. */
  listAudio(
    companyId: number,
    filter: { limit: number; beforeSeq?: number; category?: string; name?: string },
  ): Promise<AudioRecord[]> {
    return this.db.query<AudioRecord>(
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
    const [row] = await this.db.query<{ count: number }>(
      `select count(*)::int as count from sends where audio_id = $1 and status = 'scheduled'`,
      [audioId],
    );
    return row!.count;
  }

  async deleteAudio(audioId: string, now: Date): Promise<void> {
    this.forgetAudio();
    try {
      await this.db.query('update audio set deleted_at = $2 where id = $1', [audioId, now]);
    } finally {
      this.forgetAudio();
    }
    this.memory.audioWrites++;
  }

  // --- sends and players ---

  async insertSend(
    send: Omit<SendRecord, 'destinations'>,
    destinations: Location[],
    now: Date,
  ): Promise<void> {
    this.forgetNextDue();
    await this.db.query(
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
    await this.db.query(
      `insert into deliveries (send_id, user_id, position, status, play_state)
       select $1, u, p, 'scheduled', 'waiting' from unnest($2::int[], $3::int[]) as t(u, p)`,
      [send.id, destinations.map((d) => d.userId), destinations.map((_, index) => index)],
    );
  }

  async getSend(sendId: string): Promise<SendRecord | null> {
    const [send] = await this.db.query<Omit<SendRecord, 'destinations'>>(
      `select id, company_id as "companyId", audio_id as "audioId", priority, repeat, volume,
              schedule_at as "scheduleAt", scheduled, status from sends where id = $1`,
      [sendId],
    );
    if (!send) return null;
    const destinations = await this.db.query<SendRecord['destinations'][number]>(
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
  async dueSendIds(now: Date): Promise<string[]> {
    const memory = this.memory;
    if (!memory.shared && memory.nextDueAt !== null && now.getTime() < memory.nextDueAt) return [];
    const generation = memory.sendGeneration;
    const rows = await this.db.query<{ id: string | null; at: Date | null }>(
      `(select id, schedule_at as at from sends where status = 'scheduled' and schedule_at <= $1
        order by schedule_at, seq)
       union all
       select null, min(schedule_at) from sends where status = 'scheduled' and schedule_at > $1`,
      [now],
    );
    const next = rows[rows.length - 1]!.at;
    if (!this.inTransaction && generation === memory.sendGeneration) {
      memory.nextDueAt = next ? next.getTime() : Number.POSITIVE_INFINITY;
    }
    return rows.slice(0, -1).map((row) => row.id!);
  }

  /** Due sends are about to be delivered (or a new one scheduled): the next due time must be asked again. */
  private forgetNextDue(): void {
    this.memory.sendGeneration++;
    this.memory.nextDueAt = null;
  }

  /** Puts every destination of a send into its player's queue; false if it was already delivered. */
  async deliverSend(sendId: string, now: Date): Promise<boolean> {
    this.forgetNextDue();
    this.forgetAudio();
    const [send] = await this.db.query<{ priority: Priority }>(
      `update sends set status = 'sent' where id = $1 and status = 'scheduled' returning priority`,
      [sendId],
    );
    if (!send) return false;
    const deliveries = await this.db.query<{ id: number; userId: number }>(
      `update deliveries set status = 'queued', delivered_at = $2 where send_id = $1
       returning id, user_id as "userId"`,
      [sendId, now],
    );
    for (const delivery of deliveries) await this.enqueue(delivery.id, delivery.userId, send.priority, now);
    return true;
  }

  private async enqueue(deliveryId: number, userId: number, priority: Priority, now: Date): Promise<void> {
    await this.advancePlayer(userId, now);
    const playing = await this.nowPlaying(userId);
    if (!playing || priority === 'urgent') {
      // Urgent interrupts: what was playing goes back to the front of the queue and plays again afterwards.
      if (playing) {
        await this.db.query(
          `update deliveries set play_state = 'queued', rank = $2, started_at = null where id = $1`,
          [playing.deliveryId, queueRank.resumed],
        );
      }
      await this.db.query(
        `update deliveries set play_state = 'playing', rank = $2, started_at = $3 where id = $1`,
        [deliveryId, queueRank[priority], now],
      );
      return;
    }
    await this.db.query(`update deliveries set play_state = 'queued', rank = $2 where id = $1`, [
      deliveryId,
      queueRank[priority],
    ]);
  }

  /** Plays the player's queue forward to `now`, from the audio durations. */
  async advancePlayer(userId: number, now: Date): Promise<void> {
    for (;;) {
      const playing = await this.nowPlaying(userId);
      if (!playing?.startedAt) return;
      const endsAt = new Date(playing.startedAt.getTime() + playing.duration * playing.repeat * 1000);
      if (endsAt > now) return;
      await this.db.query(`update deliveries set play_state = 'played', finished_at = $2 where id = $1`, [
        playing.deliveryId,
        endsAt,
      ]);
      const [next] = await this.db.query<{ id: number }>(
        `select id from deliveries where user_id = $1 and play_state = 'queued' order by rank, id limit 1`,
        [userId],
      );
      if (!next) return;
      await this.db.query(`update deliveries set play_state = 'playing', started_at = $2 where id = $1`, [
        next.id,
        endsAt,
      ]);
    }
  }

  private async nowPlaying(userId: number): Promise<PlayerItemRecord | null> {
    const [row] = await this.db.query<PlayerItemRecord>(
      `select ${playerItemColumns} from ${playerItemFrom} where d.user_id = $1 and d.play_state = 'playing'`,
      [userId],
    );
    return row ?? null;
  }

  async playerState(userId: number, now: Date, historyLimit = 50) {
    await this.advancePlayer(userId, now);
    const nowPlaying = await this.nowPlaying(userId);
    const queue = await this.db.query<PlayerItemRecord>(
      `select ${playerItemColumns} from ${playerItemFrom}
       where d.user_id = $1 and d.play_state = 'queued' order by d.rank, d.id`,
      [userId],
    );
    const history = await this.db.query<PlayerItemRecord>(
      `select ${playerItemColumns} from ${playerItemFrom}
       where d.user_id = $1 and d.play_state = 'played' order by d.finished_at desc, d.id desc limit $2`,
      [userId, historyLimit],
    );
    return { nowPlaying, queue, history };
  }

  /** Sends still waiting for their time, for one player: what it will receive, soonest first. */
  scheduledFor(
    userId: number,
  ): Promise<Array<Omit<PlayerItemRecord, 'deliveredAt'> & { deliveredAt: null }>> {
    return this.db.query(
      `select ${playerItemColumns} from ${playerItemFrom}
       where d.user_id = $1 and d.status = 'scheduled' order by s.schedule_at, d.id`,
      [userId],
    );
  }

  // --- rate limits ---

  /**
   * Counts one request in every window, unless one of them is used up. The counts live in memory (one event
   * loop: exact under concurrency) and are written to the database within milliseconds, and on stop, so they
   * survive a restart; a key's counts are read from the database when its windows are first used.
   */
  async consumeRequest(keyId: number, windows: RateWindow[]): Promise<{ allowed: boolean; used: number[] }> {
    if (this.memory.shared) return this.consumeRequestInDatabase(keyId, windows);
    for (;;) {
      // From reading the counts to counting this request nothing else runs: that is what makes it exact.
      const counts = this.liveRateCounts(keyId, windows);
      if (!counts) {
        await this.loadRateCounts(keyId, windows);
        continue;
      }
      const used = [...counts];
      if (windows.some((w, index) => used[index]! >= w.limit)) return { allowed: false, used };
      windows.forEach((w, index) => {
        counts[index]!++;
        const id = rateId(keyId, w.name, w.start.getTime());
        const pending = this.memory.rateDeltas.get(id);
        if (pending) pending.delta++;
        else this.memory.rateDeltas.set(id, { keyId, name: w.name, start: w.start, delta: 1 });
      });
      this.scheduleWrites();
      return { allowed: true, used: [...counts] };
    }
  }

  /** With other processes counting too: read and count in one statement (atomic), one round trip. */
  private async consumeRequestInDatabase(
    keyId: number,
    windows: RateWindow[],
  ): Promise<{ allowed: boolean; used: number[] }> {
    const rows = await this.db.query<{ name: string; count: number; allowed: boolean }>(
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
    const allowed = rows[0]?.allowed ?? true;
    const used = windows.map((w) => rows.find((row) => row.name === w.name)?.count ?? 0);
    return allowed ? { allowed, used: used.map((count) => count + 1) } : { allowed, used };
  }

  async rateUsage(keyId: number, windows: RateWindow[]): Promise<number[]> {
    if (this.memory.shared) return this.readRateCounts(keyId, windows);
    for (;;) {
      const counts = this.liveRateCounts(keyId, windows);
      if (counts) return [...counts];
      await this.loadRateCounts(keyId, windows);
    }
  }

  private liveRateCounts(keyId: number, windows: RateWindow[]): number[] | null {
    const known = this.memory.rates.get(keyId);
    return known?.starts.every((start, index) => start === windows[index]!.start.getTime())
      ? known.counts
      : null;
  }

  private async readRateCounts(keyId: number, windows: RateWindow[]): Promise<number[]> {
    const rows = await this.db.query<{ name: string; count: number }>(
      `select window_name as name, count from rate_counters
       where key_id = $1 and (window_name, window_start) in (select * from unnest($2::text[], $3::timestamptz[]))`,
      [keyId, windows.map((w) => w.name), windows.map((w) => w.start)],
    );
    return windows.map((w) => rows.find((row) => row.name === w.name)?.count ?? 0);
  }

  /** Reads a key's counts in these windows from the database, adding what is counted but not written yet. */
  private loadRateCounts(keyId: number, windows: RateWindow[]): Promise<void> {
    const memory = this.memory;
    const starts = windows.map((w) => w.start.getTime());
    const loadId = `${keyId}|${starts.join('|')}`;
    const loading = memory.rateLoads.get(loadId);
    if (loading) return loading;
    // Nothing counts in these windows until they are loaded, so the unwritten counts cannot change meanwhile;
    // and a write queued before this read is in what it reads.
    const unwritten = windows.map(
      (w, index) => memory.rateDeltas.get(rateId(keyId, w.name, starts[index]!))?.delta ?? 0,
    );
    const load = this.readRateCounts(keyId, windows)
      .then((stored) => {
        if (memory.rates.size >= apiKeyCacheSize) memory.rates.clear();
        memory.rates.set(keyId, { starts, counts: stored.map((count, index) => count + unwritten[index]!) });
      })
      .finally(() => memory.rateLoads.delete(loadId));
    memory.rateLoads.set(loadId, load);
    return load;
  }

  async forgetRateWindowsBefore(before: Date): Promise<void> {
    const memory = this.memory;
    for (const [keyId, known] of memory.rates) {
      if (known.starts.some((start) => start < before.getTime())) memory.rates.delete(keyId);
    }
    for (const [id, pending] of memory.rateDeltas) if (pending.start < before) memory.rateDeltas.delete(id);
    await this.db.query('delete from rate_counters where window_start < $1', [before]);
  }

  // --- usage logs ---

  /**
   * Queued and written with the others of the next few milliseconds in one statement; `listUsageLogs` writes
   * the queue first, so a log is readable as soon as its response was sent.
   */
  insertUsageLog(log: UsageLog): Promise<void> {
    this.memory.usageLogs.push(log);
    // Another process may be asked for the logs next: write before answering.
    if (this.memory.shared) return this.flushWrites();
    if (this.memory.usageLogs.length >= usageLogBatch) void this.flushWrites();
    else this.scheduleWrites();
    return Promise.resolve();
  }

  private scheduleWrites(): void {
    if (this.memory.writeTimer) return;
    this.memory.writeTimer = setTimeout(() => void this.flushWrites(), writeDelayMs);
  }

  /**
   * Writes the queued usage logs (in the order the responses were sent) and rate counts now. The statements
   * are queued on the connection at once, so anything asked of the database afterwards sees them.
   */
  flushWrites(): Promise<void> {
    const memory = this.memory;
    if (memory.writeTimer) clearTimeout(memory.writeTimer);
    memory.writeTimer = null;
    const writes: Promise<unknown>[] = [];
    const logs = memory.usageLogs;
    memory.usageLogs = [];
    if (logs.length > 0) {
      const column = <K extends keyof UsageLog>(name: K) => logs.map((log) => log[name]);
      writes.push(
        this.db.query(
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
        ),
      );
    }
    const deltas = [...memory.rateDeltas.values()];
    memory.rateDeltas = new Map();
    if (deltas.length > 0) {
      writes.push(
        this.db.query(
          `insert into rate_counters (key_id, window_name, window_start, count)
           select * from unnest($1::int[], $2::text[], $3::timestamptz[], $4::int[])
           on conflict (key_id, window_name, window_start) do update set count = rate_counters.count + excluded.count`,
          [
            deltas.map((d) => d.keyId),
            deltas.map((d) => d.name),
            deltas.map((d) => d.start),
            deltas.map((d) => d.delta),
          ],
        ),
      );
    }
    return Promise.all(writes).then(
      () => undefined,
      (error) => console.error('[musique-sandbox] usage logs or rate counts not written:', error),
    );
  }

  async listUsageLogs(
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
    await this.flushWrites();
    return this.db.query<UsageLogRecord>(
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

  // --- idempotency ---

  /** Claims a key for a request; an existing claim comes back instead (finished or still in flight). */
  async claimIdempotencyKey(
    scope: string,
    key: string,
    fingerprint: string,
    now: Date,
  ): Promise<
    { claimed: true } | { claimed: false; fingerprint: string; status: number | null; body: string | null }
  > {
    // Keys are kept 24 hours, as the contract says.
    await this.db.query('delete from idempotency_keys where scope = $1 and key = $2 and created_at < $3', [
      scope,
      key,
      new Date(now.getTime() - 24 * 3600_000),
    ]);
    const inserted = await this.db.query(
      `insert into idempotency_keys (scope, key, fingerprint, created_at) values ($1, $2, $3, $4)
       on conflict (scope, key) do nothing returning key`,
      [scope, key, fingerprint, now],
    );
    if (inserted.length > 0) return { claimed: true };
    const [row] = await this.db.query<{ fingerprint: string; status: number | null; body: string | null }>(
      'select fingerprint, status, body from idempotency_keys where scope = $1 and key = $2',
      [scope, key],
    );
    return { claimed: false, ...row! };
  }

  async saveIdempotentResponse(scope: string, key: string, status: number, body: string): Promise<void> {
    await this.db.query('update idempotency_keys set status = $3, body = $4 where scope = $1 and key = $2', [
      scope,
      key,
      status,
      body,
    ]);
  }

  /** At start nothing is in flight: claims left by a crash would otherwise block their keys for a day. */
  async forgetUnfinishedIdempotencyClaims(): Promise<void> {
    await this.db.query('delete from idempotency_keys where status is null');
  }

  async releaseIdempotencyKey(scope: string, key: string): Promise<void> {
    await this.db.query('delete from idempotency_keys where scope = $1 and key = $2 and status is null', [
      scope,
      key,
    ]);
  }

  // --- webhooks ---

  async insertWebhook(companyId: number, webhook: WebhookRecord): Promise<void> {
    await this.db.query(
      'insert into webhooks (id, company_id, url, events, secret, created_at) values ($1, $2, $3, $4, $5, $6)',
      [webhook.id, companyId, webhook.url, webhook.events, webhook.secret, webhook.createdAt],
    );
  }

  listWebhooks(companyId: number): Promise<WebhookRecord[]> {
    return this.db.query<WebhookRecord>(
      `select id, url, events, secret, created_at as "createdAt" from webhooks
       where company_id = $1 and deleted_at is null order by created_at, id`,
      [companyId],
    );
  }

  async deleteWebhook(companyId: number, webhookId: string, now: Date): Promise<boolean> {
    const rows = await this.db.query(
      `update webhooks set deleted_at = $3 where id = $2 and company_id = $1 and deleted_at is null returning id`,
      [companyId, webhookId, now],
    );
    return rows.length > 0;
  }

  /** Queues an event for every subscription that wants it (in the caller's transaction: an outbox). */
  async recordEvent(companyId: number, type: string, data: unknown, now: Date): Promise<number> {
    const body = JSON.stringify({ id: newId('evt'), type, createdAt: now.toISOString(), data });
    const rows = await this.db.query(
      `insert into webhook_deliveries (webhook_id, event_id, body, next_attempt_at, status)
       select id, $3, $4, $5, 'pending' from webhooks
       where company_id = $1 and deleted_at is null and $2 = any(events)
       returning id`,
      [companyId, type, JSON.parse(body).id, body, now],
    );
    return rows.length;
  }

  dueWebhookDeliveries(now: Date, limit: number) {
    return this.db.query<{ id: number; url: string; secret: string; body: string; attempts: number }>(
      `select d.id, w.url, w.secret, d.body, d.attempts from webhook_deliveries d join webhooks w on w.id = d.webhook_id
       where d.status = 'pending' and d.next_attempt_at <= $1 order by d.next_attempt_at, d.id limit $2`,
      [now, limit],
    );
  }

  async nextWebhookAttemptAt(): Promise<Date | null> {
    const [row] = await this.db.query<{ at: Date | null }>(
      `select min(next_attempt_at) as at from webhook_deliveries where status = 'pending'`,
    );
    return row?.at ?? null;
  }

  async markWebhookDelivered(id: number, now: Date): Promise<void> {
    await this.db.query(
      `update webhook_deliveries set status = 'delivered', attempts = attempts + 1, delivered_at = $2 where id = $1`,
      [id, now],
    );
  }

  async markWebhookAttemptFailed(id: number, error: string, nextAttemptAt: Date | null): Promise<void> {
    await this.db.query(
      `update webhook_deliveries set attempts = attempts + 1, last_error = $2,
         status = case when $3::timestamptz is null then 'failed' else 'pending' end,
         next_attempt_at = coalesce($3, next_attempt_at)
       where id = $1`,
      [id, error, nextAttemptAt],
    );
  }
}
