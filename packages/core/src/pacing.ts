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

  /** Resolves when one more request fits in the window; callers go one at a time through this gate. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.waitForRoom());
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

  private async waitForRoom(): Promise<void> {
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
      await this.clock.sleep(Number.isFinite(state.resetAt) ? state.resetAt - now : 100);
    }
  }
}
