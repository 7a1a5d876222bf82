import type { AfterResponseMiddleware } from 'zapier-platform-core';

/**
 * A 429 becomes a ThrottledError carrying the server's Retry-After, so Zapier reschedules the step instead of
 * failing it; the message is the API's own (with its request id) when the answer is the API's error body.
 * Only the API's requests get here with a 429: they opt out of the platform's earlier, generic throttle check.
 */
const throwThrottledWithServerDelay: AfterResponseMiddleware = (response, z) => {
  if (response.status !== 429) return response;
  const retryAfter = Number.parseInt(response.getHeader('retry-after') ?? '', 10);
  const error = (response.data as { error?: { message?: string; requestId?: string } } | undefined)?.error;
  const requestId = error?.requestId ?? response.getHeader('x-request-id');
  const message = error?.message ?? 'Musique is rate limiting this account.';
  throw new z.errors.ThrottledError(
    requestId ? `${message} (request ${requestId})` : message,
    Number.isFinite(retryAfter) ? retryAfter : 60,
  );
};

export const afters = [throwThrottledWithServerDelay];
