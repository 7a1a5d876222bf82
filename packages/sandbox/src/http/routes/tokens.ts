import { ApiError } from '../../rules/api-error.js';
import { fingerprintOf } from '../../rules/idempotent-requests.js';
import { issueApiKey } from '../../rules/key-issuing.js';
import { hashesEqual, hashSecret } from '../../rules/secrets.js';
import { type Permission, permissions } from '../../storage/records.js';
import { answerIdempotently, authenticatedKey, type Handler } from '../request.js';

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
  return answerIdempotently(
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
  const key = authenticatedKey(request);
  return {
    valid: true,
    externalId: key.externalId,
    userId: key.userId,
    permissions: permissions.filter((permission) => key.permissions.includes(permission)),
  };
};

const revokeToken: Handler = async (ctx, request) => {
  const keyId = authenticatedKey(request).id;
  await ctx.db.keys.revoke(keyId, ctx.clock());
  // Its open players streams end, here and in every other process, before the revocation is confirmed.
  await ctx.playerChanges.revoked(keyId);
  return { revoked: true, message: 'API token successfully revoked' };
};

export const tokenHandlers: Record<string, Handler> = { generateToken, testToken, revokeToken };
