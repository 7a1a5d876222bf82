/**
 * Times as people say them ("tomorrow 9:00", "friday at 9am", "at 17:30") and as workflows write them (ISO 8601),
 * read on the person's wall clock. One grammar for every surface: the bot finds it in a sentence, the CLI, MCP
 * and the forms take it as a field.
 */
import { ValidationError } from '../errors.js';
import { readTimeInZone, readWallTime, type WallTimeParts, wallTimeAt } from './time.js';
import { SEND_TIME_GRACE_MINUTES } from './time-to-play.js';

/** A time of day on a day named relative to today, in the person's zone. */
export interface SpokenTime {
  /** `today`, `tomorrow`, a weekday (0 = Sunday), a YYYY-MM-DD date, or the next time this hour comes round. */
  day: 'today' | 'tomorrow' | 'next' | { weekday: number } | { date: string };
  hour: number;
  minute: number;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

const DAY = String.raw`(today|tonight|tomorrow|(?:on\s+)?(?:${WEEKDAYS.join('|')})|(?:on\s+)?\d{4}-\d{2}-\d{2})`;
const TIME = String.raw`(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*(am|pm)?`;
// "tomorrow 9:00", "tomorrow at 9am", "on 2030-01-01 09:00", "today"
const DAY_THEN_TIME = new RegExp(String.raw`(?:^|\s)${DAY}(?:\s+${TIME})?(?=\s|$)`, 'i');
// "at 17:30", "at 9am friday"
const TIME_THEN_DAY = new RegExp(
  String.raw`(?:^|\s)at\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm)?(?:\s+${DAY})?(?=\s|$)`,
  'i',
);
const BARE_TIME = /(?:^|\s)(\d{1,2}):(\d{2})\s*(am|pm)?(?=\s|$)/i;
const ISO_START = /^\s*\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}|\s*$|T|(?:Z|[+-]\d))/i;

const refuse = (message: string, param = 'scheduleAt') =>
  new ValidationError({ code: 'invalid_format', param, type: 'validation_error', message });

/** Finds a spoken time in a sentence; returns it and the sentence without it. */
export function extractSpokenTime(text: string): { when?: SpokenTime; rest: string } {
  const dayFirst = DAY_THEN_TIME.exec(text);
  if (dayFirst) {
    const [, day = '', hour, minute, meridiem] = dayFirst;
    const when = spokenTime(day, hour ?? (day.toLowerCase() === 'tonight' ? '20' : '9'), minute, meridiem);
    return { when, rest: cut(text, dayFirst) };
  }
  const timeFirst = TIME_THEN_DAY.exec(text) ?? BARE_TIME.exec(text);
  if (timeFirst) {
    const [, hour = '', minute, meridiem, day] = timeFirst;
    return { when: spokenTime(day, hour, minute, meridiem), rest: cut(text, timeFirst) };
  }
  return { rest: text };
}

/**
 * The instant a time to play names: ISO 8601 with an offset as that instant, without one on the wall clock of
 * `timeZone`, or a spoken time ("tomorrow 9:00") counted from `now` in that zone. Whether it is still ahead is
 * the send plan's rule, not this reader's.
 */
export function readTimeToPlay(text: string, options: { now?: Date; timeZone?: string } = {}): Date {
  const timeZone = options.timeZone ?? 'UTC';
  if (ISO_START.test(text)) return readTimeInZone(text, timeZone);
  const { when, rest } = extractSpokenTime(text.trim());
  if (!when || rest !== '')
    throw refuse(
      `"${text}" is not a time I can read; write it as 2030-06-01T09:00 (read in ${timeZone}), with an offset (2030-06-01T09:00:00+02:00), or as "tomorrow 9:00".`,
    );
  return spokenTimeAt(when, options.now ?? new Date(), timeZone);
}

/** The instant a spoken time names in `timeZone`, counted from `now`'s wall clock there. */
export function spokenTimeAt(when: SpokenTime, now: Date, timeZone = 'UTC'): Date {
  const today = wallTimeAt(now, timeZone);
  return readWallTime({ ...dayOf(when, today), hour: when.hour, minute: when.minute }, timeZone);
}

function spokenTime(day: string | undefined, hourText: string, minuteText?: string, meridiem?: string) {
  let hour = Number(hourText);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  if (meridiem) {
    if (hour < 1 || hour > 12) throw refuse(`"${hourText}${meridiem}" is not a time.`);
    hour = (hour % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) throw refuse(`${hourText}:${minuteText ?? '00'} is not a time of day.`);
  return { day: parseDay(day), hour, minute } satisfies SpokenTime;
}

function parseDay(text: string | undefined): SpokenTime['day'] {
  const day = text?.toLowerCase().replace(/^on\s+/, '');
  if (!day) return 'next';
  if (day === 'today' || day === 'tonight') return 'today';
  if (day === 'tomorrow') return 'tomorrow';
  const weekday = WEEKDAYS.indexOf(day);
  if (weekday >= 0) return { weekday };
  const [year = 0, month = 0, date = 0] = day.split('-').map(Number);
  const real = new Date(Date.UTC(year, month - 1, date));
  if (year < 1 || real.getUTCMonth() !== month - 1 || real.getUTCDate() !== date)
    throw refuse(`${day} is not a real date; check the day and the month.`);
  return { date: day };
}

function cut(text: string, match: RegExpExecArray): string {
  return `${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}`
    .replace(/\s+/g, ' ')
    .trim();
}

/** The calendar day "tomorrow", "friday" or "next 9:00" names, counted from today's wall clock. */
function dayOf(when: SpokenTime, today: WallTimeParts): { year: number; month: number; day: number } {
  if (typeof when.day === 'object' && 'date' in when.day) {
    const [year = 0, month = 1, day = 1] = when.day.date.split('-').map(Number);
    return { year, month, day };
  }
  const weekday = new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay();
  let offset = 0;
  if (when.day === 'tomorrow') offset = 1;
  else if (typeof when.day === 'object') offset = (when.day.weekday - weekday + 7) % 7 || 7;
  // "at 9:00" said at 9:02 is this morning's, late within the grace (it plays now); at 9:30, tomorrow's.
  else if (
    when.day === 'next' &&
    when.hour * 60 + when.minute + SEND_TIME_GRACE_MINUTES <= today.hour * 60 + today.minute
  )
    offset = 1;
  const shifted = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}
