// `@musique/core/webhooks`: for receivers of the sandbox's webhook deliveries (Node's crypto, nothing else).
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks `Musique-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` as the contract
 * documents it. Deliveries older than the tolerance are refused, so a captured request cannot be replayed.
 */
export function verifyWebhookSignature(
  secret: string,
  rawBody: string | Uint8Array,
  header: string | undefined,
  options: { nowSeconds?: number; toleranceSeconds?: number } = {},
): boolean {
  if (!header) return false;
  const values = new Map<string, string[]>();
  for (const part of header.split(',')) {
    const [key, value] = part.split('=', 2).map((text) => text.trim());
    if (key && value) values.set(key, [...(values.get(key) ?? []), value]);
  }
  const timestamp = Number(values.get('t')?.[0]);
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (!Number.isInteger(timestamp) || Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300))
    return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
  return (values.get('v1') ?? []).some((candidate) => {
    const given = Buffer.from(candidate, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
