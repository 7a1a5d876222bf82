import { isApiYear, outsideApiYears } from '../api-years.js';
import { ValidationError } from '../errors.js';

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A time as a person or a platform gives it. An ISO time with an offset (`Z`, `+01:00`) means that instant;
 * one without ("2026-12-01T09:00", "2026-12-01 09:00", "2026-12-01") is read on the wall clock of `timeZone`,
 * an IANA zone such as Europe/Paris (UTC when none is given), through Intl, so no time-zone data ships with us.
 */
export function readTimeInZone(text: string, timeZone = 'UTC', param = 'scheduleAt'): Date {
  const trimmed = text.trim();
  const fail = (why: string) =>
    new ValidationError({ code: 'invalid_format', param, type: 'validation_error', message: why });
  if (OFFSET.test(trimmed)) {
    const at = new Date(trimmed);
    if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(trimmed))
      throw fail(`"${text}" is not a date and time; use ISO 8601, such as 2026-12-01T09:00:00+01:00.`);
    return withinYears(at, text, fail);
  }
  const parts = LOCAL_TIME.exec(trimmed);
  if (!parts)
    throw fail(
      `"${text}" is not a date and time; write it as 2026-12-01T09:00 (read in ${timeZone}) or with an offset, such as 2026-12-01T09:00:00+01:00.`,
    );
  const [year, month, day, hour, minute, second] = parts.slice(1).map((part) => Number(part ?? 0));
  // Date.UTC reads years 0-99 as 1900-1999: a year 0000 must be refused here, not moved.
  if (!isApiYear(year ?? 0)) throw fail(outsideApiYears(text));
  const wall = Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour ?? 0, minute ?? 0, second ?? 0);
  const check = new Date(wall);
  if (check.getUTCMonth() !== (month ?? 1) - 1 || check.getUTCDate() !== day || (hour ?? 0) > 23)
    throw fail(`"${text}" names no real day or hour; check the date.`);
  let offset: (at: number) => number;
  try {
    offset = zoneOffset(timeZone);
  } catch {
    throw fail(
      `"${timeZone}" is not a time zone; use an IANA name such as Europe/Paris or America/New_York.`,
    );
  }
  // The zone's offset at the wall time, then again at the instant found: they differ only across a DST change.
  const first = wall - offset(wall);
  return withinYears(new Date(wall - offset(first)), text, fail);
}

function withinYears(at: Date, text: string, fail: (why: string) => ValidationError): Date {
  if (!isApiYear(at.getUTCFullYear())) throw fail(outsideApiYears(text));
  return at;
}

/** Milliseconds a zone is ahead of UTC at an instant. */
function zoneOffset(timeZone: string): (at: number) => number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  return (at) => {
    const fields: Record<string, number> = {};
    for (const part of format.formatToParts(at)) fields[part.type] = Number(part.value);
    const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
    return Date.UTC(year, month - 1, day, hour, minute, second) - Math.floor(at / 1000) * 1000;
  };
}
