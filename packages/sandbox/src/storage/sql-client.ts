/** The little of a PostgreSQL client the store needs; PGlite here, a `pg` pool on a shared server. */
export interface SqlClient {
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
}

export interface Database extends SqlClient {
  exec(sql: string): Promise<void>;
  /** Runs work while no other process on this database runs serialized work (startup seeding). */
  serialize<T>(work: () => Promise<T>): Promise<T>;
  /** The whole database as a tarball, to start another one from (migrated templates). */
  dump(): Promise<Uint8Array>;
  close(): Promise<void>;
  /** Round trips made to the database so far (statements, begin and commit included), for benchmarks. */
  roundTrips(): number;
}
