import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { canonicalJson, deriveIdempotencyKey } from '@musique/core';

const TTL_MS = 15 * 60_000;

interface Claims {
  /** The operation. */
  action: string;
  /** SHA-256 of the plan's canonical JSON: the exact arguments. */
  plan: string;
  /** Who asked: a hash of their key, or their sign-in subject. */
  person: string;
  expiresAt: number;
  /** Fixes the idempotency key: every redemption of this token is the same send. */
  nonce: string;
  /** What the action is on, such as the audio ID of a deletion: found again once it is gone. */
  subject?: string;
}

const digest = (value: unknown) => createHash('sha256').update(canonicalJson(value)).digest('base64url');

/**
 * Confirmation tokens for clients without elicitation: the first call plans and hands out a token, the second
 * echoes it with the same arguments. A token is signed (HMAC-SHA256 with MUSIQUE_MCP_SECRET) and carries what
 * it is for, so any instance sharing the secret redeems it and nothing is kept in memory. Its nonce fixes the
 * idempotency key, so a repeated second call replays the first answer instead of playing a promo twice.
 */
export class Confirmations {
  private readonly secret: Buffer;
  private readonly now: () => number;

  /** Without a secret, a random one: tokens are then good on this process only. */
  constructor(options: { secret?: string; now?: () => number } = {}) {
    this.secret = options.secret ? Buffer.from(options.secret, 'utf8') : randomBytes(32);
    this.now = options.now ?? Date.now;
  }

  issue(
    action: string,
    plan: unknown,
    person: string,
    subject?: string,
  ): { token: string; idempotencyKey: string } {
    const claims: Claims = {
      ...(subject ? { subject } : {}),
      action,
      plan: digest([action, plan]),
      person: digest(person),
      expiresAt: this.now() + TTL_MS,
      nonce: randomUUID(),
    };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { token: `confirm_${body}.${this.sign(body)}`, idempotencyKey: keyFor(claims) };
  }

  /** The idempotency key for a token issued for exactly this plan and person, or a sentence saying why not. */
  redeem(
    action: string,
    plan: unknown,
    token: string,
    person: string,
  ): { idempotencyKey: string } | { refusal: string } {
    const claims = this.verified(token);
    if (!claims)
      return {
        refusal: 'That confirmation token is not one this server gave; call again without it for a new one.',
      };
    if (claims.expiresAt < this.now())
      return {
        refusal:
          'That confirmation token has expired (they last 15 minutes); call again without it for a new one.',
      };
    if (claims.person !== digest(person))
      return { refusal: 'That confirmation token was given to someone else; call again without it.' };
    if (claims.action !== action || claims.plan !== digest([action, plan]))
      return {
        refusal:
          'That confirmation token was given for different arguments; call again without it to confirm these.',
      };
    return { idempotencyKey: keyFor(claims) };
  }

  /** The subject of a token this server signed, whatever it was for. */
  subjectOf(token: string): string | undefined {
    return this.verified(token)?.subject;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }

  private verified(token: string): Claims | undefined {
    const [body = '', signature = ''] = token.replace(/^confirm_/, '').split('.');
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Claims;
    } catch {
      return undefined;
    }
  }
}

const keyFor = (claims: Claims) =>
  deriveIdempotencyKey({ platform: 'mcp', action: claims.action, identity: { token: claims.nonce } });
