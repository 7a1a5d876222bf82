import { isApiYear, outsideApiYears } from '../api-years.js';
import { ValidationError } from '../errors.js';

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A time as a person or a platform gives it. An ISO time with an offset (`Z`, `+01:00`) means that instant;
 * one without ("2030-06-01T09:00", "2030-06-01 09:00", "2030-06-01") is read on the wall clock of `timeZone`,
 * an IANA zone such as Europe/Paris (UTC when none is given), through Intl, so no time-zone data ships with us.
 */
export function readTimeInZone(text: string, timeZone = 'UTC', param = 'scheduleAt'): Date {
  const trimmed = text.trim();
  const fail = (why: string) =>
    new ValidationError({ code: 'invalid_format', param, type: 'validation_error', message: why });
  if (OFFSET.test(trimmed)) {
    const at = new Date(trimmed);
    if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(trimmed))
      throw fail(`"${text}" is not a date and time; use ISO 8601, such as 2030-06-01T09:00:00+02:00.`);
    return withinYears(at, text, fail);
  }
  const parts = LOCAL_TIME.exec(trimmed);
  if (!parts)
    throw fail(
      `"${text}" is not a date and time; write it as 2030-06-01T09:00 (read in ${timeZone}) or with an offset, such as 2030-06-01T09:00:00+02:00.`,
    );
  const [year, month, day, hour, minute, second] = parts.slice(1).map((part) => Number(part ?? 0));
  return readWallTime(
    {
      year: year ?? 0,
      month: month ?? 1,
      day: day ?? 1,
      hour: hour ?? 0,
      minute: minute ?? 0,
      second: second ?? 0,
    },
    timeZone,
    { param, text },
  );
}

/** A time as a wall clock shows it: the calendar day and the time of day, with no zone. */
export interface WallTimeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

/**
 * The instant a wall clock in `timeZone` (an IANA zone) shows `parts`. An unknown zone, a day that does not
 * exist (31 June) or a year outside 0001-9999 is refused with a ValidationError, never moved or read as UTC.
 */
export function readWallTime(
  parts: WallTimeParts,
  timeZone: string,
  context: { param?: string; text?: string } = {},
): Date {
  const { year, month, day, hour, minute, second = 0 } = parts;
  const text = context.text ?? wallText(parts);
  const fail = (why: string) =>
    new ValidationError({
      code: 'invalid_format',
      param: context.param ?? 'scheduleAt',
      type: 'validation_error',
      message: why,
    });
  // Date.UTC reads years 0-99 as 1900-1999: a year 0000 must be refused here, not moved.
  if (!isApiYear(year)) throw fail(outsideApiYears(text));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    throw fail(`"${text}" names no real day or hour; check the date.`);
  const offset = zoneOffset(timeZone, fail);
  // The zone's offset at the wall time, then again at the instant found: they differ only across a DST change.
  const first = wall - offset(wall);
  return withinYears(new Date(wall - offset(first)), text, fail);
}

/** What a wall clock in `timeZone` shows at `instant`; an unknown zone is refused. */
export function wallTimeAt(instant: Date, timeZone: string): Required<WallTimeParts> {
  const fields = fieldsAt(
    zoneFormat(
      timeZone,
      (why) =>
        new ValidationError({
          code: 'invalid_format',
          param: 'timeZone',
          type: 'validation_error',
          message: why,
        }),
    ),
    instant.getTime(),
  );
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
  return { year, month, day, hour, minute, second };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const wallText = (p: WallTimeParts) =>
  `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;

function withinYears(at: Date, text: string, fail: (why: string) => ValidationError): Date {
  if (!isApiYear(at.getUTCFullYear())) throw fail(outsideApiYears(text));
  return at;
}

/** Milliseconds a zone is ahead of UTC at an instant. */
function zoneOffset(timeZone: string, fail: (why: string) => ValidationError): (at: number) => number {
  const format = zoneFormat(timeZone, fail);
  return (at) => {
    const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fieldsAt(format, at);
    return Date.UTC(year, month - 1, day, hour, minute, second) - Math.floor(at / 1000) * 1000;
  };
}

/** Intl knows every IANA zone the platform ships; anything else is refused, never read as UTC. */
function zoneFormat(timeZone: string, fail: (why: string) => ValidationError): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw fail(
      `"${timeZone}" is not a time zone; use an IANA name such as Europe/Paris or America/New_York.`,
    );
  }
}

function fieldsAt(format: Intl.DateTimeFormat, at: number): Record<string, number> {
  const fields: Record<string, number> = {};
  for (const part of format.formatToParts(at)) fields[part.type] = Number(part.value);
  return fields;
}
