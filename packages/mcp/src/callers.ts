/**
 * What an HTTP caller must prove and may use: a Musique key is checked against the API before any work (and
 * remembered briefly, so a conversation costs one check), and each caller gets a share of the server.
 */
import { createHash } from 'node:crypto';
import { PermissionError } from '@musique/core';
import { MusiqueClient } from '@musique/core/node';

/** A checked key is trusted this long; a revoked key is refused within it. */
const KEY_PROOF_MS = 60_000;
/** Requests one caller may have in flight at once: each can fetch a file or call the API several times. */
export const MAX_IN_FLIGHT = 4;
/** Requests one caller may make in a minute. */
export const MAX_PER_MINUTE = 120;

/** A short, stable name for a key that is not the key: for logs and limits. */
export const keyId = (key: string) => `key:${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;

export class KeyProofs {
  private readonly proven = new Map<string, number>();
  constructor(private readonly baseUrl: string | undefined) {}

  /** Resolves when the API accepts the key; rejects with the core's AuthenticationError when it does not. */
  async prove(key: string): Promise<void> {
    const id = keyId(key);
    if ((this.proven.get(id) ?? 0) > Date.now()) return;
    const client = new MusiqueClient({ apiKey: key, ...(this.baseUrl ? { baseUrl: this.baseUrl } : {}) });
    try {
      await client.system.limits();
    } catch (error) {
      // A key that may not read limits is still a key the API knows.
      if (!(error instanceof PermissionError)) throw error;
    }
    if (this.proven.size > 10_000) this.proven.clear();
    this.proven.set(id, Date.now() + KEY_PROOF_MS);
  }
}

/** Per-caller admission: at most MAX_IN_FLIGHT at once and MAX_PER_MINUTE a minute; else seconds to wait. */
export class CallerLimits {
  private readonly inFlight = new Map<string, number>();
  private readonly minute = new Map<string, { start: number; count: number }>();

  /** A release function, or the seconds to wait before trying again. */
  admit(caller: string): (() => void) | number {
    const now = Date.now();
    const window = this.minute.get(caller);
    const current = window && now - window.start < 60_000 ? window : { start: now, count: 0 };
    if (current.count >= MAX_PER_MINUTE) return Math.ceil((current.start + 60_000 - now) / 1000);
    const running = this.inFlight.get(caller) ?? 0;
    if (running >= MAX_IN_FLIGHT) return 1;
    current.count += 1;
    this.minute.set(caller, current);
    this.inFlight.set(caller, running + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(caller) ?? 1) - 1;
      if (left > 0) this.inFlight.set(caller, left);
      else this.inFlight.delete(caller);
    };
  }
}
