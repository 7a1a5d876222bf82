import {
  extractSpokenTime,
  refusePastTime,
  type SpokenTime,
  spokenTimeAt,
  ValidationError,
  wallTimeAt,
} from '@musique/core';
/** A time of day as the user wrote it, in their own time zone; turned into an instant by `resolveWallTime`. */
export type WallTime = SpokenTime;

export class ScheduleError extends Error {}

/** Finds a schedule in `text` by the core's grammar; returns it and the text without it. */
export function extractWallTime(text: string): { when?: WallTime; rest: string } {
  try {
    return extractSpokenTime(text);
  } catch (error) {
    if (error instanceof ValidationError) throw new ScheduleError(error.message);
    throw error;
  }
}

/**
 * The instant a wall time names in `timeZone` (an IANA name such as Teams sends as `localTimezone`), read by
 * the core's rule; a zone the platform does not know is refused, not read as UTC.
 * A time already past today is refused by the core's rule rather than silently moved: "today 9:00" at 10:00 is
 * a mistake.
 */
export function resolveWallTime(when: WallTime, now: Date, timeZone = 'UTC'): Date {
  const instant = asScheduleError(timeZone, () => {
    wallTimeAt(now, timeZone);
    return spokenTimeAt(when, now, timeZone);
  });
  try {
    refusePastTime(instant, { timeZone, now });
  } catch (error) {
    // The core's words name both times on the user's own clock.
    if (error instanceof ValidationError) throw new ScheduleError(`${error.message} Nothing was sent.`);
    throw error;
  }
  return instant;
}

/** The core's refusals in chat words: the wall clock is read in the user's zone, which Teams sends. */
function asScheduleError<T>(timeZone: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // wallTimeAt reads the zone first, so an unknown zone is refused before any date is read.
    if (error.param === 'timeZone')
      throw new ScheduleError(
        `Your Teams time zone "${timeZone}" is not one I know, so I cannot tell when that is; nothing was sent. Send without a time, or ask the bot admin.`,
      );
    throw new ScheduleError('That date does not exist.');
  }
}

/** How cards show an instant to the user; a zone Intl does not know is shown as UTC, labelled so. */
export function formatInstant(instant: Date, timeZone = 'UTC'): string {
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone }).format(instant);
  } catch {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(instant);
  }
}
