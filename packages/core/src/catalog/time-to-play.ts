/** The one rule for when a send plays, and how a time is shown on the person's clock. */
import { ValidationError } from '../errors.js';

/** "Tue 2 Dec 2025, 09:00 (Europe/Paris)": an instant on the person's wall clock, with the zone named. */
export function formatInZone(at: Date, timeZone = 'UTC'): string {
  const wall = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  return `${wall} (${timeZone})`;
}

/**
 * How far in the past a time to play may be and still play (now). A person who says "at 14:30" at 14:31, a
 * confirmation clicked a minute later, a workflow step queued for a moment: each meant that time, and now is the
 * nearest it can be. A stale "tomorrow 9am" written yesterday, or a zap that ran an hour late, is more than a
 * promo slot away from what was meant, so it is refused, not played at the wrong time. Five minutes is longer
 * than a confirmation or a queued step takes, and shorter than any slot a promo is timed for.
 */
export const SEND_TIME_GRACE_MINUTES = 5;

/** When a send plays: now (none given), now though a little late (within the grace), or later. */
export type TimeToPlay =
  | { kind: 'now' }
  | { kind: 'late'; asked: Date; minutesLate: number }
  | { kind: 'scheduled'; at: Date };

/**
 * The one rule for a time to play, on every surface: ahead is scheduled; up to SEND_TIME_GRACE_MINUTES past
 * plays now, and the answer says so; further past is refused with both times on the person's clock and nothing
 * sent (the API would play it at once, which is not what a person who named that time meant).
 */
export function timeToPlay(
  at: Date | undefined,
  options: { timeZone?: string; now?: Date } = {},
): TimeToPlay {
  if (!at) return { kind: 'now' };
  const now = options.now ?? new Date();
  const late = now.getTime() - at.getTime();
  if (late <= 0) return { kind: 'scheduled', at };
  if (late <= SEND_TIME_GRACE_MINUTES * 60_000)
    return { kind: 'late', asked: at, minutesLate: Math.max(1, Math.round(late / 60_000)) };
  const timeZone = options.timeZone ?? 'UTC';
  throw new ValidationError({
    code: 'time_passed',
    param: 'scheduleAt',
    type: 'validation_error',
    message: `${formatInZone(at, timeZone)} has already passed: it is now ${formatInZone(now, timeZone)}. Nothing was sent. Give a time ahead, or none to play now (a time at most ${SEND_TIME_GRACE_MINUTES} minutes past also plays now).`,
  });
}

/** What the answer to a send says of a time within the grace. */
export function lateNote(timing: Extract<TimeToPlay, { kind: 'late' }>, timeZone = 'UTC'): string {
  const minutes = timing.minutesLate === 1 ? 'a minute' : `${timing.minutesLate} minutes`;
  return `${formatInZone(timing.asked, timeZone)} passed ${minutes} ago, within the ${SEND_TIME_GRACE_MINUTES}-minute grace, so it plays now.`;
}
