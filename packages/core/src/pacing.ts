import { RateLimitError } from './errors.js';

/** What the last response said about the tightest rate-limit window, with our own in-flight requests counted. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** When the window resets, in milliseconds since the epoch. */
  resetAt: number;
}

/**
 * Paces requests on the X-RateLimit-* headers so that one busy client never meets a 429: it spends what the
 * window has left, then waits for the reset instead of asking and being refused.
 */
export class Pacer {
  private state: RateLimitState | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly clock: { now: () => number; sleep: (ms: number) => Promise<void> },
    private readonly onChange?: (state: RateLimitState) => void,
  ) {}

  get current(): RateLimitState | undefined {
    return this.state ? { ...this.state } : undefined;
  }

  /**
   * Resolves when one more request fits in the window; callers go one at a time through this gate. A wait
   * longer than `maxWaitMs` (an hourly limit used up, say) is refused at once with the time it would take.
   */
  acquire(maxWaitMs = Number.POSITIVE_INFINITY): Promise<void> {
    const turn = this.queue.then(() => this.waitForRoom(maxWaitMs));
    this.queue = turn.catch(() => {});
    return turn;
  }

  /** Takes in the headers of any response (a 429's too). */
  observe(headers: Record<string, string>): void {
    const limit = Number(headers['x-ratelimit-limit']);
    const remaining = Number(headers['x-ratelimit-remaining']);
    const reset = Number(headers['x-ratelimit-reset']);
    if (![limit, remaining, reset].every(Number.isFinite) || headers['x-ratelimit-limit'] === undefined)
      return;
    const resetAt = reset * 1000;
    // Responses can arrive out of order; within one window the lowest count is the truest.
    if (this.state && this.state.resetAt === resetAt && this.state.limit === limit) {
      this.state.remaining = Math.min(this.state.remaining, remaining);
    } else {
      this.state = { limit, remaining, resetAt };
    }
    this.onChange?.({ ...this.state });
  }

  private async waitForRoom(maxWaitMs: number): Promise<void> {
    for (;;) {
      const state = this.state;
      if (!state) return;
      const now = this.clock.now();
      // A new window whose end we learn from the next response; until then it holds `limit` requests.
      if (now >= state.resetAt)
        Object.assign(state, { remaining: state.limit, resetAt: Number.POSITIVE_INFINITY });
      if (state.remaining > 0) {
        state.remaining -= 1;
        return;
      }
      const wait = Number.isFinite(state.resetAt) ? state.resetAt - now : 100;
      if (wait > maxWaitMs) throw new RateLimitError(pausedFor(wait, state.limit));
      await this.clock.sleep(wait);
    }
  }
}

function pausedFor(waitMs: number, limit: number): ConstructorParameters<typeof RateLimitError>[0] {
  const retryAfter = Math.ceil(waitMs / 1000);
  return {
    code: 'rate_limit_exceeded',
    type: 'rate_limit_error',
    retryAfter,
    message: `All ${limit} requests of the current rate-limit window are used; not sending until it resets in ${retryAfter} s. Try again then.`,
  };
}
