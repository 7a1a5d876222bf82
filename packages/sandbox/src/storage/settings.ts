import { forgetWritten, type SqlContext } from './cache.js';

/** Named values the sandbox keeps across restarts (the demo seed's progress). */
export class Settings {
  constructor(private readonly ctx: SqlContext) {}

  get(name: string): Promise<string | null> {
    return this.ctx.cache.settings.read(
      name,
      async () => {
        const [row] = await this.ctx.sql.query<{ value: string }>(
          'select value from settings where name = $1',
          [name],
        );
        return row?.value ?? null;
      },
      !this.ctx.inTransaction,
    );
  }

  async set(name: string, value: string): Promise<void> {
    await this.ctx.sql.query(
      'insert into settings (name, value) values ($1, $2) on conflict (name) do update set value = excluded.value',
      [name, value],
    );
    await forgetWritten(this.ctx, this.ctx.cache.settings, [name]);
  }
}
