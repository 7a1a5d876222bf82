// Which input values the API can hold, whatever the transport: text PostgreSQL stores and JSON round-trips,
// instants `Date` and PostgreSQL can represent. The HTTP edge and the contract's checks both apply them.
import { invalidFormat } from './api-error.js';

// A NUL byte or a UTF-16 surrogate without its pair: text PostgreSQL refuses and JSON cannot round-trip.
const unsafeText = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Refuses a NUL or a lone surrogate anywhere in a value (strings, keys, arrays, objects). */
export function refuseUnsafeText(value: unknown, param: string): void {
  if (typeof value === 'string') {
    if (unsafeText.test(value)) {
      throw invalidFormat(
        param,
        `${param} contains a NUL byte or an unpaired UTF-16 surrogate. Send plain UTF-8 text without control characters.`,
      );
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value)) {
    const at = Array.isArray(value) ? `${param}[${key}]` : param === 'body' ? key : `${param}.${key}`;
    refuseUnsafeText(key, at);
    refuseUnsafeText(inner, at);
  }
}

export const containsUnsafeText = (text: string) => unsafeText.test(text);

/**
 * A date-time as a real instant: RFC 3339 lets through a leap second (`23:59:60`) and the year 0000, which
 * neither `Date` nor PostgreSQL can hold.
 */
export function isRealInstant(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(
    text,
  );
  if (!match) return false;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  if (year! < 1 || hour! > 23 || minute! > 59 || second! > 59) return false;
  const calendar = new Date(Date.UTC(2000, month! - 1, day!));
  calendar.setUTCFullYear(year!);
  return calendar.getUTCMonth() === month! - 1 && !Number.isNaN(Date.parse(text));
}
