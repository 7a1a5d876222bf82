import { ConnectionError, type MusiqueError, RateLimitError, ServerError } from './errors.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** No retry starts once this much time has passed since the first attempt, nor waits beyond it. */
  maxElapsedMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 3,
  maxElapsedMs: 60_000,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
};

/**
 * How long to wait before attempt `attempt + 1`, or null to give up. The server's word comes first
 * (Retry-After, then the reset time); otherwise capped exponential backoff with full jitter.
 */
export function retryDelay(
  error: unknown,
  attempt: number,
  policy: RetryPolicy,
  context: { elapsedMs: number; now: number; random: () => number; canRepeat: boolean },
): number | null {
  if (attempt >= policy.maxAttempts) return null;
  if (!isRetryable(error, context.canRepeat)) return null;
  const delay = serverDelay(error as MusiqueError, context.now) ?? backoff(attempt, policy, context.random);
  if (context.elapsedMs + delay > policy.maxElapsedMs) return null;
  return delay;
}

/**
 * A 429 was refused before anything happened, so it may always be repeated; a 5xx or a lost connection may have
 * done the work, so a POST is repeated only when an idempotency key makes the repeat harmless.
 */
function isRetryable(error: unknown, canRepeat: boolean): boolean {
  if (error instanceof RateLimitError) return error.code !== 'quota_exceeded';
  // 501: the server does not implement the operation, and will not on the next attempt either.
  if (error instanceof ServerError) return canRepeat && error.status !== 501;
  if (error instanceof ConnectionError) return canRepeat;
  return false;
}

function serverDelay(error: MusiqueError, now: number): number | undefined {
  if (error.retryAfter !== undefined) return Math.max(0, error.retryAfter * 1000);
  const reset = Number(error.headers['x-ratelimit-reset']);
  if (error instanceof RateLimitError && Number.isFinite(reset) && reset > 0)
    return Math.max(0, reset * 1000 - now);
  return undefined;
}

function backoff(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
