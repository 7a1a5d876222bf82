import { readWallTime, refusePastTime, ValidationError, type WallTimeParts, wallTimeAt } from '@musique/core';
/** A time of day as the user wrote it, in their own time zone; turned into an instant by `resolveWallTime`. */
export interface WallTime {
  /** `today`, `tomorrow`, a weekday (0 = Sunday), a YYYY-MM-DD date, or the next time this hour comes round. */
  day: 'today' | 'tomorrow' | 'next' | { weekday: number } | { date: string };
  hour: number;
  minute: number;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

const DAY = String.raw`(today|tonight|tomorrow|(?:on\s+)?(?:${WEEKDAYS.join('|')})|(?:on\s+)?\d{4}-\d{2}-\d{2})`;
const TIME = String.raw`(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*(am|pm)?`;
// "tomorrow 9:00", "tomorrow at 9am", "at 17:30", "on 2030-01-01 09:00", "9:00 tomorrow"
const DAY_THEN_TIME = new RegExp(String.raw`(?:^|\s)${DAY}(?:\s+${TIME})?(?=\s|$)`, 'i');
const TIME_THEN_DAY = new RegExp(
  String.raw`(?:^|\s)at\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm)?(?:\s+${DAY})?(?=\s|$)`,
  'i',
);
const BARE_TIME = /(?:^|\s)(\d{1,2}):(\d{2})\s*(am|pm)?(?=\s|$)/i;

export class ScheduleError extends Error {}

/** Finds a schedule in `text`; returns it and the text without it. */
export function extractWallTime(text: string): { when?: WallTime; rest: string } {
  const dayFirst = DAY_THEN_TIME.exec(text);
  if (dayFirst) {
    const [, day, hour, minute, meridiem] = dayFirst;
    const when = wallTime(day!, hour ?? (day!.toLowerCase() === 'tonight' ? '20' : '9'), minute, meridiem);
    return { when, rest: cut(text, dayFirst) };
  }
  const timeFirst = TIME_THEN_DAY.exec(text) ?? BARE_TIME.exec(text);
  if (timeFirst) {
    const [, hour, minute, meridiem, day] = timeFirst;
    return { when: wallTime(day, hour!, minute, meridiem), rest: cut(text, timeFirst) };
  }
  return { rest: text };
}

function wallTime(
  day: string | undefined,
  hourText: string,
  minuteText?: string,
  meridiem?: string,
): WallTime {
  let hour = Number(hourText);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  if (meridiem) {
    if (hour < 1 || hour > 12) throw new ScheduleError(`"${hourText}${meridiem}" is not a time.`);
    hour = (hour % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59)
    throw new ScheduleError(`${hourText}:${minuteText ?? '00'} is not a time of day.`);
  return { day: parseDay(day), hour, minute };
}

function parseDay(text: string | undefined): WallTime['day'] {
  const day = text?.toLowerCase().replace(/^on\s+/, '');
  if (!day) return 'next';
  if (day === 'today' || day === 'tonight') return 'today';
  if (day === 'tomorrow') return 'tomorrow';
  const weekday = WEEKDAYS.indexOf(day);
  if (weekday >= 0) return { weekday };
  const [year = 0, month = 0, date = 0] = day.split('-').map(Number);
  const real = new Date(Date.UTC(year, month - 1, date));
  if (year < 1 || real.getUTCMonth() !== month - 1 || real.getUTCDate() !== date)
    throw new ScheduleError(`${day} is not a real date; check the day and the month.`);
  return { date: day };
}

function cut(text: string, match: RegExpExecArray): string {
  return `${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}`
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The instant a wall time names in `timeZone` (an IANA name such as Teams sends as `localTimezone`), read by
 * the core's rule; a zone the platform does not know is refused, not read as UTC.
 * A time already past today is refused by the core's rule rather than silently moved: "today 9:00" at 10:00 is
 * a mistake.
 */
export function resolveWallTime(when: WallTime, now: Date, timeZone = 'UTC'): Date {
  const instant = asScheduleError(timeZone, () => {
    const today = wallTimeAt(now, timeZone);
    return readWallTime({ ...dayOf(when, today), hour: when.hour, minute: when.minute }, timeZone);
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

/** The calendar day "tomorrow", "friday" or "next 9:00" names, counted from today's wall clock. */
function dayOf(when: WallTime, today: WallTimeParts): { year: number; month: number; day: number } {
  if (typeof when.day === 'object' && 'date' in when.day) {
    const [year, month, day] = when.day.date.split('-').map(Number) as [number, number, number];
    return { year, month, day };
  }
  const weekday = new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay();
  let offset = 0;
  if (when.day === 'tomorrow') offset = 1;
  else if (typeof when.day === 'object') offset = (when.day.weekday - weekday + 7) % 7 || 7;
  else if (when.day === 'next' && when.hour * 60 + when.minute <= today.hour * 60 + today.minute) offset = 1;
  const shifted = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
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
