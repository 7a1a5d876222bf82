import { randomUUID } from 'node:crypto';
import { canonicalJson, deriveIdempotencyKey } from '@musique/core';

const TTL_MS = 15 * 60_000;

/**
 * Confirmation tokens for clients without elicitation: the first call plans and hands out a token, the second
 * echoes it with the same arguments. The token fixes the idempotency key, so a repeated second call replays
 * the first answer instead of playing a promo twice.
 */
export class Confirmations {
  private readonly pending = new Map<string, { plan: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(action: string, plan: unknown): { token: string; idempotencyKey: string } {
    this.forgetExpired();
    const token = `confirm_${randomUUID().replaceAll('-', '')}`;
    this.pending.set(token, { plan: canonicalJson([action, plan]), expiresAt: this.now() + TTL_MS });
    return { token, idempotencyKey: keyFor(action, token) };
  }

  /** The idempotency key for a token issued for exactly this plan, or a sentence saying why not. */
  redeem(action: string, plan: unknown, token: string): { idempotencyKey: string } | { refusal: string } {
    this.forgetExpired();
    const entry = this.pending.get(token);
    if (!entry)
      return {
        refusal:
          'That confirmation token is unknown or expired (they last 15 minutes); call again without it for a new one.',
      };
    if (entry.plan !== canonicalJson([action, plan]))
      return {
        refusal:
          'That confirmation token was given for different arguments; call again without it to confirm these.',
      };
    return { idempotencyKey: keyFor(action, token) };
  }

  private forgetExpired() {
    for (const [token, entry] of this.pending) if (entry.expiresAt < this.now()) this.pending.delete(token);
  }
}

const keyFor = (action: string, token: string) =>
  deriveIdempotencyKey({ platform: 'mcp', action, identity: { token } });
