import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../../rules/api-error.js';
import type { SandboxContext } from '../../rules/context.js';
import { hashesEqual, hashSecret, looksLikeApiKey } from '../../rules/secrets.js';
import type { ApiKeyRecord } from '../../storage/records.js';

/** Operations that require an API key get the request's key (X-API-Key) or answer 401. */
export const authentication = fp<{ ctx: SandboxContext }>(async (app, { ctx }) => {
  app.addHook('onRequest', async (request) => {
    if (!request.musique.operation?.requiresApiKey) return;
    request.musique.key = await authenticate(ctx, request);
  });
});

async function authenticate(ctx: SandboxContext, request: FastifyRequest): Promise<ApiKeyRecord> {
  const presented = request.headers['x-api-key'];
  if (typeof presented !== 'string' || presented === '') {
    throw new ApiError('invalid_token', 'The X-API-Key header is missing. Send your API key in X-API-Key.');
  }
  if (!looksLikeApiKey(presented)) {
    throw new ApiError(
      'invalid_token',
      'The X-API-Key header is not an API key: keys look like msk_prod_<letters and digits>. Check for a copy-paste slip.',
    );
  }
  const hash = hashSecret(presented);
  const key = await ctx.db.keys.findByHash(hash);
  // The lookup is by hash; comparing the hashes in constant time keeps timing from telling anything more.
  if (!key || !hashesEqual(key.keyHash, hash) || key.revokedAt) {
    throw new ApiError(
      'invalid_token',
      'The API key is not valid or has been revoked. Check X-API-Key or generate a new token.',
    );
  }
  if (key.expiresAt && key.expiresAt <= ctx.clock()) {
    throw new ApiError('expired_token', 'The API key has expired. Generate a new token with POST /auth.');
  }
  return key;
}
