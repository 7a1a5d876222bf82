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
  private inFlight = 0;
  /** Resolved (and replaced) each time an answer comes in: what waits for news of the window waits on it. */
  private answered = deferred();
  /** Some answer has come in; an API whose answers carry no rate-limit headers is then not paced at all. */
  private heardBack = false;

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
   * Every acquire must be followed by `settle` once its answer (or failure) is in.
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
    // Requests still out besides this one may be counted in this window too.
    const unanswered = Math.max(0, this.inFlight - 1);
    // Responses can arrive out of order; within one window the lowest count is the truest.
    if (this.state && this.state.resetAt === resetAt && this.state.limit === limit) {
      this.state.remaining = Math.min(this.state.remaining, remaining);
    } else {
      this.state = { limit, remaining: Math.max(0, remaining - unanswered), resetAt };
    }
    this.onChange?.({ ...this.state });
  }

  /** A request's answer (or failure) is in, and `observe` has seen its headers. */
  settle(): void {
    this.inFlight -= 1;
    this.heardBack = true;
    const answered = this.answered;
    this.answered = deferred();
    answered.resolve();
  }

  private async waitForRoom(maxWaitMs: number): Promise<void> {
    for (;;) {
      const state = this.state;
      const now = this.clock.now();
      if (state && now >= state.resetAt) {
        // Requests still out may yet be counted in the new window: hear them first.
        if (this.inFlight > 0) {
          await this.answered.promise;
          continue;
        }
        // A new window, whose end the next answer will tell; until then it holds `limit` requests.
        Object.assign(state, { remaining: state.limit, resetAt: Number.POSITIVE_INFINITY });
      }
      // Nothing known yet: the first request goes alone and the others wait for what its answer says.
      const mayGo = state ? state.remaining > 0 : this.inFlight === 0 || this.heardBack;
      if (mayGo) {
        if (state) state.remaining -= 1;
        this.inFlight += 1;
        return;
      }
      if (state && Number.isFinite(state.resetAt)) {
        // Answers still out may tell of a window that has moved on; hear them before sleeping.
        if (this.inFlight > 0) {
          await this.answered.promise;
          continue;
        }
        const wait = state.resetAt - now;
        if (wait > maxWaitMs) throw new RateLimitError(pausedFor(wait, state.limit));
        await this.clock.sleep(wait);
      } else if (this.inFlight > 0) {
        await this.answered.promise;
      } else {
        // The window's requests all came back without saying when it ends: start again from nothing.
        this.state = undefined;
        this.heardBack = false;
      }
    }
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
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
