import { type Handler, keyOf } from '../app.js';
import type { SandboxContext } from '../context.js';
import { ApiError, notFound } from '../errors.js';
import { fingerprintOf, idempotent } from '../idempotency.js';
import { hashesEqual, hashSecret, newApiKey, type Permission, permissions } from '../tokens.js';

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

const generateToken: Handler = async (ctx, request, reply) => {
  const body = request.body as { externalId: string; companyToken: string; permissions?: Permission[] };
  const tokenHash = hashSecret(body.companyToken);
  const company = await ctx.db.keys.findCompanyByTokenHash(tokenHash);
  if (!company || !hashesEqual(company.tokenHash, tokenHash)) {
    throw new ApiError(
      'invalid_token',
      'The company token is not valid. Use the one Musique gave you at onboarding.',
      {
        param: 'companyToken',
      },
    );
  }
  const fingerprint = fingerprintOf(body.externalId, body.permissions ?? null);
  return idempotent(
    ctx,
    request,
    reply,
    `company:${company.id}:auth`,
    fingerprint,
    async () => {
      const issued = await issueApiKey(ctx, company, body.externalId, { permissions: body.permissions });
      return {
        status: 201,
        body: { token: issued.token, expires_at: issued.expiresAt?.toISOString() ?? null },
      };
    },
    { secretResponse: true },
  );
};

const testToken: Handler = async (_ctx, request) => {
  const key = keyOf(request);
  return {
    valid: true,
    externalId: key.externalId,
    userId: key.userId,
    permissions: permissions.filter((permission) => key.permissions.includes(permission)),
  };
};

const revokeToken: Handler = async (ctx, request) => {
  await ctx.db.keys.revoke(keyOf(request).id, ctx.clock());
  return { revoked: true, message: 'API token successfully revoked' };
};

export const tokenHandlers: Record<string, Handler> = { generateToken, testToken, revokeToken };
