import { createHash } from 'node:crypto';
import { ApiError } from './api-error.js';
import type { SandboxContext } from './context.js';

export interface IdempotentResult {
  status: number;
  body: unknown;
}

/** A result, and whether it is the first response replayed (`Idempotent-Replayed: true`). */
export interface IdempotentOutcome extends IdempotentResult {
  replayed: boolean;
}

export const fingerprintOf = (...parts: unknown[]) =>
  createHash('sha256').update(JSON.stringify(parts)).digest('hex');

/**
 * Runs a POST at most once per Idempotency-Key: the same key and body replay the first response, a different
 * body is a conflict. Claims live in the database, so replays survive a restart.
 */
export async function idempotent(
  ctx: SandboxContext,
  key: string | undefined,
  scope: string,
  fingerprint: string,
  run: () => Promise<IdempotentResult>,
  options: { secretResponse?: boolean } = {},
): Promise<IdempotentOutcome> {
  if (key === undefined) return { ...(await run()), replayed: false };

  const claim = await claimOrWait(ctx, scope, key, fingerprint);
  if (!claim.claimed) {
    if (claim.fingerprint !== fingerprint) {
      throw new ApiError(
        'conflict',
        'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
        { param: 'Idempotency-Key' },
      );
    }
    if (claim.status === null) {
      throw new ApiError(
        'conflict',
        `A request with this Idempotency-Key has been in progress for over ${waitLimitMs / 1000} seconds. Retry later to get its response.`,
        { param: 'Idempotency-Key' },
      );
    }
    if (options.secretResponse) {
      throw new ApiError(
        'conflict',
        'This Idempotency-Key already issued a token. Tokens are shown once and stored only hashed, so it cannot be shown again; use a new key to issue another.',
        { param: 'Idempotency-Key' },
      );
    }
    return { status: claim.status, body: JSON.parse(claim.body!), replayed: true };
  }

  let result: IdempotentResult;
  try {
    result = await run();
  } catch (error) {
    // Only successes are remembered: a failed request may be retried with the same key.
    await ctx.db.idempotency.release(scope, key);
    throw error;
  }
  // A response carrying a secret is never stored: only that the key was used.
  const stored = options.secretResponse ? '{}' : JSON.stringify(result.body);
  await ctx.db.idempotency.saveResponse(scope, key, result.status, stored);
  return { ...result, replayed: false };
}

const waitLimitMs = 30_000;
const pollMs = 25;

/**
 * Claims the key; while the same request is still running under it, waits for its outcome, as the contract
 * promises a replay rather than a conflict. A first request that fails releases the key, so the waiter runs.
 */
async function claimOrWait(ctx: SandboxContext, scope: string, key: string, fingerprint: string) {
  const giveUpAt = Date.now() + waitLimitMs;
  for (;;) {
    const claim = await ctx.db.idempotency.claim(scope, key, fingerprint, ctx.clock());
    if (
      claim.claimed ||
      claim.status !== null ||
      claim.fingerprint !== fingerprint ||
      Date.now() > giveUpAt
    ) {
      return claim;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
