import { createHash } from 'node:crypto';
import { link, mkdir, mkdtemp, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from './http/app.js';
import type { SandboxContext } from './rules/context.js';
import { type Contract, loadContract } from './rules/contract.js';
import { DeliveryLoop } from './rules/delivery-loop.js';
import { seedDemoAudio, seedDemoCompany } from './rules/demo-seed.js';
import { issueApiKey } from './rules/key-issuing.js';
import { PlayerChanges } from './rules/player-changes.js';
import { type PlayerState, readPlayer } from './rules/player-state.js';
import { defaultRateLimits, type RateLimits, rateWindowLengths } from './rules/rate-windows.js';
import { hashSecret, newCompanyToken } from './rules/secrets.js';
import { defaultWebhookRetry, type WebhookRetry } from './rules/webhook-events.js';
import { AudioFiles } from './storage/audio-files.js';
import { Db } from './storage/db.js';
import { randomHex } from './storage/ids.js';
import { migrate } from './storage/migrate.js';
import { migrations } from './storage/migrations/index.js';
import { type Database, openPglite, pgliteVersion } from './storage/pglite.js';
import { openPostgres } from './storage/postgres.js';
import type { Permission } from './storage/records.js';
import { SharedInvalidations } from './storage/shared-invalidations.js';

export interface SandboxOptions {
  /** 4010 by default; 0 picks a free port. */
  port?: number;
  host?: string;
  /** Data directory (database, audio files, local secret); `.musique` by default. */
  data?: string;
  /** Keep everything in memory and in a temporary directory removed on stop. */
  memory?: boolean;
  /**
   * A PostgreSQL server (`postgres://user@host:port/db`) instead of the embedded PGlite: several sandbox
   * processes on one server share keys, rate limits, idempotency keys, sends, deliveries and the players feed.
   * Their audio bytes must be in one directory they all reach (`files`), and their data directories hold the
   * same local secret (one shared `data`, or copies), so they print the same demo key.
   */
  database?: string;
  /** Where audio bytes are kept; `<data>/audio` by default. Shared by every process on one `database`. */
  files?: string;
  /** `demo` adds a few real promo MP3s; the demo company and its 50 stores are always there. */
  seed?: 'demo' | 'none';
  rateLimits?: Partial<RateLimits>;
  /**
   * Shrinks the rate-limit windows (1/30 makes the minute 2 s, the hour 2 min, the day 48 min) so pacing can be
   * exercised in seconds; lengths round to whole seconds. 1 (the real windows) by default.
   */
  rateLimitWindowScale?: number;
  /** 10 MB by default. */
  maxUploadBytes?: number;
  webhookRetry?: Partial<WebhookRetry>;
  /** Injected time, so tests can move the players and schedules forward without sleeping. */
  clock?: () => Date;
  /** Check every response against the contract; drift answers 500. */
  checkResponses?: boolean;
  /** How often the delivery loop looks for due sends when nothing wakes it (1 s by default). */
  deliveryIntervalMs?: number;
}

export interface Sandbox {
  /** Origin, `http://127.0.0.1:PORT`. */
  url: string;
  /** `url` + `/api/v1/integration`. */
  baseUrl: string;
  /** A key of the demo company with all four permissions. */
  apiKey: string;
  companyToken: string;
  dataDir: string;
  /** Issues another key of the demo company (for store_001 unless told otherwise). */
  createApiKey(options?: {
    permissions?: Permission[];
    externalId?: string;
    expiresAt?: Date;
  }): Promise<string>;
  /** Another tenant, to prove one company never sees another's audio. */
  createCompany(options: {
    name: string;
    externalIds: string[];
  }): Promise<{ companyToken: string; apiKey: string }>;
  player(externalId: string): Promise<PlayerState>;
  /**
   * Adds `count` audio records copied from one of the demo company's audio files (named "<name> 1" …, created
   * 1 ms apart up to now), all sharing its file, in one statement: a library of 100,000 files in a second, for load tests. Deleting any
   * copy removes the shared file.
   */
  copyAudio(audioId: string, count: number): Promise<number>;
  /** Round trips this process has made to its database so far (begin and commit count): for benchmarks. */
  databaseRoundTrips(): number;
  stop(): Promise<void>;
}

let contract: Contract | null = null;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  contract ??= loadContract();
  const memory = options.memory ?? false;
  if (memory && options.database)
    throw new Error(
      '--memory and --database exclude each other: a PostgreSQL server keeps what it is given.',
    );
  const dataDir = memory
    ? await mkdtemp(path.join(os.tmpdir(), 'musique-sandbox-'))
    : path.resolve(options.data ?? '.musique');
  await mkdir(dataDir, { recursive: true });
  // PGlite serves one process; a PostgreSQL server serves many, which share the data directory's secret.
  const releaseLock = memory || options.database ? async () => {} : await lockDataDir(dataDir);

  // Memory mode's directory is temporary; a data directory is kept and only unlocked.
  const cleanUp = () => (memory ? rm(dataDir, { recursive: true, force: true }) : releaseLock());
  const postgres = options.database
    ? await openPostgres(options.database).catch(async (error) => {
        await cleanUp();
        throw error;
      })
    : null;
  const database = await (postgres
    ? Promise.resolve(postgres)
    : memory
      ? openMigratedInMemory()
      : openPglite({ directory: path.join(dataDir, 'db') })
  ).catch(async (error) => {
    await cleanUp();
    throw error;
  });
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    await cleanUp();
    throw error;
  }
  const files = new AudioFiles(path.resolve(options.files ?? path.join(dataDir, 'audio')));
  await files.prepare(postgres !== null);
  // On a shared server every process remembers too, and each write is forgotten by all before it answers.
  const invalidations = postgres ? new SharedInvalidations(postgres) : undefined;
  const db = new Db(database, { shared: postgres !== null, invalidations });
  if (invalidations) {
    invalidations.flushOnRequest(() => db.flushWrites());
    db.flushElsewhere(() => invalidations.flushedElsewhere());
    await invalidations.connect();
  }
  // Alone, nothing can be in flight at start; on a shared server another process's claims may well be.
  if (!postgres) await db.idempotency.forgetUnfinishedClaims();
  const playerChanges = new PlayerChanges(
    postgres
      ? {
          publish: (message) => postgres.notify('musique_player_changes', message),
          subscribe: (onMessage) => postgres.listen('musique_player_changes', onMessage),
        }
      : undefined,
  );
  await playerChanges.connect();

  const host = options.host ?? '127.0.0.1';
  let origin = '';
  const retry = { ...defaultWebhookRetry, ...options.webhookRetry };
  const ctx: SandboxContext = {
    db,
    files,
    contract,
    clock: options.clock ?? (() => new Date()),
    rateLimits: { ...defaultRateLimits, ...options.rateLimits },
    rateWindows: rateWindowLengths(options.rateLimitWindowScale),
    maxUploadBytes: options.maxUploadBytes ?? 10 * 1024 * 1024,
    checkResponses: options.checkResponses ?? false,
    origin: () => origin,
    wakeDeliveries: () => loop.wake(),
    deliveriesAlive: () => loop.alive(),
    playerChanges,
    version: contract.version,
  };
  const loop = new DeliveryLoop(ctx, retry, options.deliveryIntervalMs ?? 1000);

  const app = buildApp(ctx);
  const stop = async () => {
    await app.close();
    await loop.stop();
    await db.flushWrites();
    await database.close();
    await cleanUp();
  };

  try {
    await app.listen({ port: options.port ?? 4010, host });
    const { port } = app.server.address() as AddressInfo;
    origin = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;
    const localSecret = memory ? randomHex(32) : await readLocalSecret(dataDir);
    // Processes starting together on one server seed one after the other: the second finds the first's.
    const demo = await database.serialize(async () => {
      const seeded = await seedDemoCompany(ctx, localSecret);
      if (options.seed === 'demo') await seedDemoAudio(ctx, seeded.companyId);
      return seeded;
    });
    // Plan queries from what is stored now, not from the statistics of an empty template.
    await db.refreshStatistics(true);
    await loop.start();

    const company = { id: demo.companyId, keyPrefix: demo.keyPrefix };
    return {
      url: origin,
      baseUrl: `${origin}${contract.basePath}`,
      apiKey: demo.apiKey,
      companyToken: demo.companyToken,
      dataDir,
      createApiKey: async (keyOptions = {}) =>
        (await issueApiKey(ctx, company, keyOptions.externalId ?? 'store_001', keyOptions)).token,
      createCompany: async ({ name, externalIds }) => {
        const companyToken = newCompanyToken();
        const created = await ctx.db.keys.createCompany(name, hashSecret(companyToken), ctx.clock());
        await ctx.db.keys.addLocations(
          created.id,
          externalIds.map((externalId) => ({ externalId, name: externalId })),
        );
        const apiKey = (await issueApiKey(ctx, created, externalIds[0]!)).token;
        return { companyToken, apiKey };
      },
      player: (externalId) => readPlayer(ctx, demo.companyId, externalId),
      copyAudio: (audioId, count) => ctx.db.audio.copy(demo.companyId, audioId, count, ctx.clock()),
      databaseRoundTrips: () => database.roundTrips(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

let template: Promise<Uint8Array> | null = null;

/**
 * In-memory sandboxes start from a migrated template (kept in this process and in the temp directory), so
 * only the first start of a machine pays for initdb and the migrations.
 */
async function openMigratedInMemory(): Promise<Database> {
  const cacheFile = path.join(os.tmpdir(), `musique-sandbox-template-${templateVersion()}.tar`);
  template ??= readFile(cacheFile).then(
    (bytes) => new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length),
  );
  const snapshot = await template.catch(() => null);
  if (snapshot) return openPglite({ snapshot });
  const db = await openPglite({});
  await migrate(db);
  const dump = await db.dump();
  const partial = `${cacheFile}.${randomHex(6)}`;
  await writeFile(partial, dump)
    .then(() => rename(partial, cacheFile))
    .catch(() => rm(partial, { force: true }));
  template = Promise.resolve(dump);
  return db;
}

/** Changes whenever the migrations or PGlite change, so a stale template is never used. */
function templateVersion(): string {
  return createHash('sha256')
    .update(pgliteVersion())
    .update(JSON.stringify(migrations))
    .digest('hex')
    .slice(0, 16);
}

/** PGlite serves one process: a second sandbox on the same data directory is refused, not allowed to corrupt it. */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockFile = path.join(dataDir, 'sandbox.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lockFile, String(process.pid), { flag: 'wx' });
      return () => rm(lockFile, { force: true });
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      const owner = Number(await readFile(lockFile, 'utf8').catch(() => ''));
      if (owner && isRunning(owner)) {
        throw new Error(
          `The data directory ${dataDir} is in use by another sandbox (process ${owner}). Stop it, or pass another --data.`,
        );
      }
      // Left by a sandbox whose process is gone: take it over.
      await rm(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock the data directory ${dataDir}.`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** The data directory's own secret, from which the demo credentials are derived (never stored in the database). */
async function readLocalSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'local-secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    // Written whole under another name, then linked into place: a process starting at the same moment on
    // the same data directory reads the winner's complete secret, never a half-written file.
    const draft = `${file}.${process.pid}.${randomHex(4)}`;
    await writeFile(draft, `${randomHex(32)}\n`, { mode: 0o600 });
    await link(draft, file).catch(() => undefined);
    await unlink(draft);
    return (await readFile(file, 'utf8')).trim();
  }
}
