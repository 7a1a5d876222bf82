import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { randomHex } from '../storage/ids.js';

// `{companyPrefix}_{environment}_{hash}`: G2's prod/dev and G1's live/test all parse (contract decision 4).
const apiKeyPattern = /^[a-z0-9]+_(prod|dev|live|test)_[A-Za-z0-9]{16,}$/;

export const looksLikeApiKey = (key: string) => apiKeyPattern.test(key);

/** The sandbox issues development keys: `msk_dev_<32 hex>`. */
export const newApiKey = (companyPrefix: string) => `${companyPrefix}_dev_${randomHex(16)}`;

export const newCompanyToken = () => `comp_${randomHex(16)}`;

/** Keys and company tokens are stored only as SHA-256 hashes. */
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Compares two hex hashes without leaking, through timing, how much of them matched. */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A key derived from the data directory's local secret, so the demo key survives restarts unstored. */
export function deriveSecret(localSecret: string, purpose: string, prefix: string): string {
  return `${prefix}${createHmac('sha256', localSecret).update(purpose).digest('hex').slice(0, 32)}`;
}
