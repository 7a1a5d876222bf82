import { deriveIdempotencyKey } from '@musique/core';
import type { Bundle } from 'zapier-platform-core';

/**
 * An Idempotency-Key for one zap step's work: the zap, the action and every input that shapes the request.
 * Zapier gives no id per run, but a retried or replayed step carries the same inputs, so it gets the same key
 * and the API replays the first answer instead of doing the work twice.
 */
export function stepIdempotencyKey(bundle: Bundle, action: string, inputs: unknown): string {
  const zap = String(bundle.meta?.zap?.id ?? 'editor');
  return deriveIdempotencyKey({ platform: 'zapier', action, identity: { zap, inputs } });
}

/** A zap step's retry identity for the core's send plan: the zap, and what the user mapped to tell runs apart. */
export function stepRetry(bundle: Bundle, inputs: unknown): { platform: string; identity: unknown } {
  return { platform: 'zapier', identity: { zap: String(bundle.meta?.zap?.id ?? 'editor'), inputs } };
}
