import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Database, SqlClient } from './sql-client.js';

export type { Database, SqlClient } from './sql-client.js';

// PGlite runs in a worker thread: its WebAssembly loader uses dynamic import(), which Jest's module sandbox
// refuses, so in-process use from any package's tests needs it outside; it also keeps queries off the event loop.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglite);
const { pg_trgm } = require(workerData.pgTrgm);
(async () => {
  let db;
  try {
    const loadDataDir = workerData.snapshot ? new Blob([workerData.snapshot]) : undefined;
    db = new PGlite({ dataDir: workerData.directory, loadDataDir, extensions: { pg_trgm } });
    await db.waitReady;
  } catch (error) {
    parentPort.postMessage({ id: 0, error: { message: String((error && error.stack) || error) } });
    return;
  }
  parentPort.postMessage({ id: 0 });
  parentPort.on('message', async (message) => {
    try {
      let result;
      if (message.type === 'query') result = (await db.query(message.sql, message.params)).rows;
      else if (message.type === 'exec') await db.exec(message.sql);
      else if (message.type === 'dump') result = new Uint8Array(await (await db.dumpDataDir('none')).arrayBuffer());
      else if (message.type === 'close') await db.close();
      parentPort.postMessage({ id: message.id, result });
    } catch (error) {
      parentPort.postMessage({ id: message.id, error: { message: error.message, code: error.code, detail: error.detail } });
    }
  });
})();
`;

const pgliteEntry = () => createRequire(__filename).resolve('@electric-sql/pglite');
// The trigram extension behind the audio name search (migration 2).
const pgTrgmEntry = () => createRequire(__filename).resolve('@electric-sql/pglite/contrib/pg_trgm');

export function pgliteVersion(): string {
  const manifest = path.join(path.dirname(pgliteEntry()), '..', 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

type Reply = { id: number; result?: unknown; error?: { message: string; code?: string; detail?: string } };

/** PostgreSQL in WebAssembly: in memory, or persisted in a directory; optionally started from a snapshot. */
export async function openPglite(options: { directory?: string; snapshot?: Uint8Array }): Promise<Database> {
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: {
      pglite: pgliteEntry(),
      pgTrgm: pgTrgmEntry(),
      directory: options.directory,
      snapshot: options.snapshot,
    },
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let failure: Error | null = null;

  const ready = new Promise<void>((resolve, reject) => {
    pending.set(0, { resolve: () => resolve(), reject });
  });
  worker.on('message', (reply: Reply) => {
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.error) waiting?.reject(Object.assign(new Error(reply.error.message), reply.error));
    else waiting?.resolve(reply.result);
  });
  worker.on('error', (error) => {
    failure = error;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  });
  await ready;

  let roundTrips = 0;
  const call = (message: Record<string, unknown>) =>
    new Promise<unknown>((resolve, reject) => {
      roundTrips++;
      if (failure) return reject(failure);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });

  // One connection: a transaction holds it, and other work waits its turn (as PGlite itself does).
  let turn: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const result = turn.then(work);
    turn = result.catch(() => undefined);
    return result;
  };

  const direct = <Row>(sql: string, params: unknown[] = []) =>
    call({ type: 'query', sql, params }) as Promise<Row[]>;
  const inTransaction: SqlClient = { query: direct, transaction: (work) => work(inTransaction) };

  return {
    query: (sql, params) => exclusive(() => direct(sql, params)),
    transaction: (work) =>
      exclusive(async () => {
        await direct('begin');
        try {
          const result = await work(inTransaction);
          await direct('commit');
          return result;
        } catch (error) {
          await direct('rollback');
          throw error;
        }
      }),
    // One process per PGlite database (the data directory is locked), so there is nobody to wait for.
    serialize: (work) => work(),
    exec: (sql) => exclusive(async () => void (await call({ type: 'exec', sql }))),
    dump: () => exclusive(() => call({ type: 'dump' }) as Promise<Uint8Array>),
    roundTrips: () => roundTrips,
    close: async () => {
      await exclusive(() => call({ type: 'close' })).catch(() => undefined);
      await worker.terminate();
    },
  };
}
