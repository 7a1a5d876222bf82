import { type Permission, permissions } from '../storage/records.js';
import { notFound } from './api-error.js';
import type { SandboxContext } from './context.js';
import { hashSecret, newApiKey } from './secrets.js';

/** Issues a key for one of the company's locations; the plaintext is returned once and stored only hashed. */
export async function issueApiKey(
  ctx: SandboxContext,
  company: { id: number; keyPrefix: string },
  externalId: string,
  options: { permissions?: Permission[]; expiresAt?: Date | null } = {},
): Promise<{ token: string; expiresAt: Date | null }> {
  const [location] = await ctx.db.keys.findLocations(company.id, [externalId]);
  if (!location) {
    throw notFound(`${externalId} is not a location of this company. Use one of its external IDs.`);
  }
  const token = newApiKey(company.keyPrefix);
  const expiresAt = options.expiresAt ?? null;
  await ctx.db.keys.insert({
    companyId: company.id,
    userId: location.userId,
    keyHash: hashSecret(token),
    permissions: options.permissions ?? [...permissions],
    createdAt: ctx.clock(),
    expiresAt,
  });
  return { token, expiresAt };
}
