import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/**
 * An Idempotency-Key from what a platform knows of one run: a Zapier step (zap id and inputs), an n8n execution
 * (workflow, execution and item), a card click, an MCP confirmation. A retried or replayed run carries the same
 * identity, so it gets the same key and the API replays the first answer instead of playing a promo twice.
 */
export function deriveIdempotencyKey(run: {
  /** Short and stable: `zapier`, `n8n`, `teams`, `mcp`. */
  platform: string;
  /** The operation, such as `sendAudio`. */
  action: string;
  /** Whatever identifies the run on that platform; JSON-serialisable, key order does not matter. */
  identity: unknown;
}): string {
  // @noble/hashes, not node:crypto: the core runs anywhere, and n8n's bundle may require nothing from Node.
  const digest = bytesToHex(sha256(utf8ToBytes(canonicalJson([run.platform, run.action, run.identity]))));
  return `${run.platform}_${run.action}_${digest.slice(0, 48)}`;
}

/** JSON with object keys sorted, so the same identity always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
