import { createHmac, timingSafeEqual } from 'node:crypto';

// Stale deliveries older than this are refused, so a captured request cannot be replayed later.
const TOLERANCE_SECONDS = 300;

/**
 * Checks `Musique-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` as the contract
 * documents it. Kept here until @musique/core offers a verifier (every webhook receiver needs one).
 */
export function isSignatureValid(
  secret: string,
  rawBody: string,
  header: string | undefined,
  nowSeconds: number,
): boolean {
  if (!header) return false;
  const parts = new Map<string, string[]>();
  for (const part of header.split(',')) {
    const [key, value] = part.split('=', 2).map((text) => text.trim());
    if (key && value) parts.set(key, [...(parts.get(key) ?? []), value]);
  }
  const timestamp = Number(parts.get('t')?.[0]);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > TOLERANCE_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest();
  return (parts.get('v1') ?? []).some((candidate) => {
    const given = Buffer.from(candidate, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
