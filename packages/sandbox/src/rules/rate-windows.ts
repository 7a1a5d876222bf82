import type { RateWindow } from '../storage/records.js';
import { ApiError } from './api-error.js';

export interface RateLimits {
  perMinute: number;
  perHour: number;
  perDay: number;
}

export const defaultRateLimits: RateLimits = { perMinute: 100, perHour: 1000, perDay: 10000 };

/** The three windows' lengths; `scale` shrinks them all (1/30 makes the minute 2 s) to exercise limits fast. */
export interface RateWindowLengths {
  minute: number;
  hour: number;
  day: number;
}

const windowLengths = [
  { name: 'minute', key: 'perMinute', ms: 60_000 },
  { name: 'hour', key: 'perHour', ms: 3_600_000 },
  { name: 'day', key: 'perDay', ms: 86_400_000 },
] as const;

export interface WindowState extends RateWindow {
  key: keyof RateLimits;
  used: number;
  remaining: number;
  resetAt: Date;
}

/**
 * Window lengths scaled by `scale` (1 = the real minute, hour and day), rounded to whole seconds because
 * X-RateLimit-Reset is in seconds: a client waiting for the reset must not wake inside the old window.
 */
export function rateWindowLengths(scale = 1): RateWindowLengths {
  if (!(scale > 0 && scale <= 1)) throw new Error(`rateLimitWindowScale must be in (0, 1]; got ${scale}.`);
  const scaled = (ms: number) => Math.max(1000, Math.round((ms * scale) / 1000) * 1000);
  return { minute: scaled(60_000), hour: scaled(3_600_000), day: scaled(86_400_000) };
}

/** Fixed windows aligned on the UTC minute, hour and day (or their scaled lengths), as the docs' resetAt values show. */
export function currentWindows(
  now: Date,
  limits: RateLimits,
  lengths: RateWindowLengths = rateWindowLengths(),
): RateWindow[] {
  return windowLengths.map((w) => {
    const ms = lengths[w.name];
    return { name: w.name, start: new Date(Math.floor(now.getTime() / ms) * ms), limit: limits[w.key] };
  });
}

export function windowStates(
  windows: RateWindow[],
  used: number[],
  lengths: RateWindowLengths = rateWindowLengths(),
): WindowState[] {
  return windows.map((w, index) => {
    const spec = windowLengths[index]!;
    // Fields written out rather than spread: this runs on every request, and a spread costs more than the rest.
    return {
      name: w.name,
      start: w.start,
      limit: w.limit,
      key: spec.key,
      used: used[index]!,
      remaining: Math.max(0, w.limit - used[index]!),
      resetAt: new Date(w.start.getTime() + lengths[spec.name]),
    };
  });
}

/**
 * The headers describe the window with the fewest remaining requests (contract decision 15); on a tie the
 * longer window, so a client that waits for the reset does not walk into the next limit.
 */
export function headerWindow(states: WindowState[]): WindowState {
  return states.reduce((tightest, state) => (state.remaining <= tightest.remaining ? state : tightest));
}

export function rateLimitHeaders(window: WindowState): Record<string, string> {
  return {
    'x-ratelimit-limit': String(window.limit),
    'x-ratelimit-remaining': String(window.remaining),
    'x-ratelimit-reset': String(Math.floor(window.resetAt.getTime() / 1000)),
  };
}

/** The 429 for a refused request: the daily quota is `quota_exceeded`, shorter windows `rate_limit_exceeded`. */
export function limitExceeded(states: WindowState[], now: Date): { error: ApiError; window: WindowState } {
  const exhausted = states.filter((state) => state.used >= state.limit);
  const blocking = exhausted.reduce((latest, state) => (state.resetAt > latest.resetAt ? state : latest));
  const retryAfter = Math.max(1, Math.ceil((blocking.resetAt.getTime() - now.getTime()) / 1000));
  const daily = blocking.name === 'day';
  const message = daily
    ? `Daily quota of ${blocking.limit} requests used up. Please retry after ${retryAfter} seconds.`
    : `Rate limit exceeded (${blocking.limit} requests per ${blocking.name}). Please retry after ${retryAfter} seconds.`;
  return {
    error: new ApiError(daily ? 'quota_exceeded' : 'rate_limit_exceeded', message, { retryAfter }),
    window: { ...blocking, remaining: 0 },
  };
}
