import pg from 'pg';
import type { Database, SqlClient } from './sql-client.js';

/** A shared server also carries messages between the sandbox processes on it (LISTEN/NOTIFY). */
export interface PostgresDatabase extends Database {
  notify(channel: string, payload: string): Promise<void>;
  /** Calls `onMessage` for every notification on the channel, from any process, this one included. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<void>;
  /** How many sandbox processes listen on this database now, this one included. */
  listeningProcesses(): Promise<number>;
}

// The name of each process's listening connection, by which the processes are counted.
const listenerName = 'musique-sandbox-listener';

/**
 * A PostgreSQL server shared by several sandbox processes, through a `pg` pool: the same SQL as PGlite, with
 * real concurrency, so every multi-step write runs in a transaction and rows that two processes may claim at
 * once are taken with `for update skip locked` or a conditional update.
 */
export async function openPostgres(connectionString: string): Promise<PostgresDatabase> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // A server that is down or refuses us should fail the start, with its reason, not the first request.
  try {
    (await pool.connect()).release();
  } catch (error) {
    await pool.end();
    throw new Error(`Cannot reach the PostgreSQL server: ${(error as Error).message}`, { cause: error });
  }
  let listener: Promise<pg.Client> | null = null;
  const connectListener = async () => {
    const client = new pg.Client({ connectionString, application_name: listenerName });
    await client.connect();
    return client;
  };
  let roundTrips = 0;
  const query = async <Row>(client: pg.Pool | pg.PoolClient, sql: string, params: unknown[] = []) => {
    roundTrips++;
    return (await client.query(sql, params)).rows as Row[];
  };

  return {
    query: (sql, params) => query(pool, sql, params),
    transaction: async (work) => {
      const connection = await pool.connect();
      const tx: SqlClient = {
        query: (sql, params) => query(connection, sql, params),
        transaction: (inner) => inner(tx),
      };
      try {
        await query(connection, 'begin');
        const result = await work(tx);
        await query(connection, 'commit');
        return result;
      } catch (error) {
        await query(connection, 'rollback').catch(() => undefined);
        throw error;
      } finally {
        connection.release();
      }
    },
    serialize: async (work) => {
      // A session lock on a connection of its own: other processes wait while this one seeds, say.
      const connection = await pool.connect();
      try {
        await connection.query('select pg_advisory_lock(20260302)');
        return await work();
      } finally {
        await connection.query('select pg_advisory_unlock(20260302)').catch(() => undefined);
        connection.release();
      }
    },
    exec: async (sql) => void (await query(pool, sql)),
    dump: () =>
      Promise.reject(new Error('A PostgreSQL server is not dumped: start another sandbox on it instead.')),
    notify: async (channel, payload) =>
      void (await query(pool, 'select pg_notify($1, $2)', [channel, payload])),
    listen: async (channel, onMessage) => {
      listener ??= connectListener();
      const client = await listener;
      client.on('notification', (message) => {
        if (message.channel === channel) onMessage(message.payload ?? '');
      });
      await client.query(`listen "${channel.replace(/"/g, '""')}"`);
    },
    listeningProcesses: async () => {
      const [row] = await query<{ n: number }>(
        pool,
        `select count(*)::int as n from pg_stat_activity where application_name = $1 and datname = current_database()`,
        [listenerName],
      );
      return row!.n;
    },
    roundTrips: () => roundTrips,
    close: async () => {
      await listener?.then((client) => client.end()).catch(() => undefined);
      await pool.end();
    },
  };
}
