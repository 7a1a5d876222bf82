import { forgetWritten, type SqlContext } from './cache.js';
import type { ApiKeyRecord, Company, Location, Permission } from './records.js';

/** Companies, their locations (the stores) and the API keys issued for them. */
export class Keys {
  constructor(private readonly ctx: SqlContext) {}

  async createCompany(name: string, tokenHash: string, now: Date): Promise<Company> {
    const [row] = await this.ctx.sql.query<Company>(
      `insert into companies (name, token_hash, created_at) values ($1, $2, $3)
       returning id, name, key_prefix as "keyPrefix"`,
      [name, tokenHash, now],
    );
    return row!;
  }

  async findCompanyByName(name: string): Promise<(Company & { tokenHash: string }) | null> {
    const [row] = await this.ctx.sql.query<Company & { tokenHash: string }>(
      `select id, name, key_prefix as "keyPrefix", token_hash as "tokenHash" from companies
       where name = $1 order by id limit 1`,
      [name],
    );
    return row ?? null;
  }

  async findCompanyByTokenHash(tokenHash: string): Promise<(Company & { tokenHash: string }) | null> {
    const [row] = await this.ctx.sql.query<Company & { tokenHash: string }>(
      `select id, name, key_prefix as "keyPrefix", token_hash as "tokenHash" from companies where token_hash = $1`,
      [tokenHash],
    );
    return row ?? null;
  }

  async setCompanyTokenHash(companyId: number, tokenHash: string): Promise<void> {
    await this.ctx.sql.query('update companies set token_hash = $2 where id = $1', [companyId, tokenHash]);
  }

  async addLocations(
    companyId: number,
    locations: Array<{ externalId: string; name: string }>,
  ): Promise<void> {
    await this.ctx.sql.query(
      `insert into locations (company_id, external_id, name)
       select $1, e, n from unnest($2::text[], $3::text[]) as t(e, n)
       on conflict (company_id, external_id) do nothing`,
      [companyId, locations.map((l) => l.externalId), locations.map((l) => l.name)],
    );
  }

  listLocations(companyId: number): Promise<Location[]> {
    return this.ctx.sql.query<Location>(
      `select user_id as "userId", external_id as "externalId", name from locations
       where company_id = $1 order by external_id`,
      [companyId],
    );
  }

  findLocations(companyId: number, externalIds: string[]): Promise<Location[]> {
    return this.ctx.sql.query<Location>(
      `select user_id as "userId", external_id as "externalId", name from locations
       where company_id = $1 and external_id = any($2::text[])`,
      [companyId, externalIds],
    );
  }

  async insert(key: {
    companyId: number;
    userId: number;
    keyHash: string;
    permissions: Permission[];
    createdAt: Date;
    expiresAt: Date | null;
  }): Promise<number> {
    const [row] = await this.ctx.sql.query<{ id: number }>(
      `insert into api_keys (company_id, user_id, key_hash, permissions, created_at, expires_at)
       values ($1, $2, $3, $4, $5, $6) returning id`,
      [key.companyId, key.userId, key.keyHash, key.permissions, key.createdAt, key.expiresAt],
    );
    return row!.id;
  }

  /** Remembered by hash; a revocation forgets it at once, and expiry is checked by the caller on every use. */
  findByHash(keyHash: string): Promise<ApiKeyRecord | null> {
    const { cache, inTransaction } = this.ctx;
    return cache.apiKeys.read(keyHash, () => this.readByHash(keyHash), !inTransaction);
  }

  private async readByHash(keyHash: string): Promise<ApiKeyRecord | null> {
    const [row] = await this.ctx.sql.query<ApiKeyRecord>(
      `select k.id, k.company_id as "companyId", k.user_id as "userId", l.external_id as "externalId",
              k.key_hash as "keyHash", k.permissions, k.created_at as "createdAt",
              k.expires_at as "expiresAt", k.revoked_at as "revokedAt"
       from api_keys k join locations l on l.user_id = k.user_id where k.key_hash = $1`,
      [keyHash],
    );
    return row ?? null;
  }

  /** Revokes a key; once this resolves, no process remembers it as valid. */
  async revoke(id: number, now: Date): Promise<void> {
    await this.ctx.sql.query('update api_keys set revoked_at = $2 where id = $1 and revoked_at is null', [
      id,
      now,
    ]);
    await forgetWritten(this.ctx, this.ctx.cache.apiKeys, [String(id)]);
  }
}
