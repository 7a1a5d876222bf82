import type { SqlContext } from './cache.js';

/** Named values the sandbox keeps across restarts (the demo seed's progress). */
export class Settings {
  constructor(private readonly ctx: SqlContext) {}

  async get(name: string): Promise<string | null> {
    const [row] = await this.ctx.sql.query<{ value: string }>('select value from settings where name = $1', [
      name,
    ]);
    return row?.value ?? null;
  }

  async set(name: string, value: string): Promise<void> {
    await this.ctx.sql.query(
      'insert into settings (name, value) values ($1, $2) on conflict (name) do update set value = excluded.value',
      [name, value],
    );
  }
}
