import { verifyWebhookSignature } from '@musique/core/webhooks';
import type { Bundle, ZObject } from 'zapier-platform-core';

/**
 * Refuses a hook delivery that Musique did not sign with this subscription's secret (or signed more than five
 * minutes ago), so someone who learns the hook URL cannot start the zap.
 */
export function checkWebhookSignature(
  z: ZObject,
  secret: string,
  rawRequest: NonNullable<Bundle['rawRequest']>,
): void {
  const header = headerValue(rawRequest.headers ?? {}, 'musique-signature');
  if (!verifyWebhookSignature(secret, rawRequest.content ?? '', header)) {
    throw new z.errors.Error(
      header
        ? 'This hook delivery is not signed by Musique (or is too old), so it was ignored.'
        : 'This hook delivery carries no Musique signature, so it was ignored.',
      header ? 'bad_webhook_signature' : 'unsigned_webhook',
      401,
    );
  }
}

/** Zapier hands raw request headers over as `Http-Musique-Signature`; plain names are accepted too. */
function headerValue(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    const normalised = key.toLowerCase().replace(/^http-/, '');
    if (normalised === name) return value;
  }
  return undefined;
}
