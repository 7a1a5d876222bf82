/**
 * The years an API date-time can hold: year 0000 parses in JavaScript (and Date.UTC reads 0-99 as 1900-1999),
 * but no real instant the API accepts lies outside 0001-9999.
 */
export const API_YEARS = { first: 1, last: 9999 } as const;

export function isApiYear(year: number): boolean {
  return year >= API_YEARS.first && year <= API_YEARS.last;
}

/** The refusal's words, the same wherever a date is read. */
export function outsideApiYears(text: string): string {
  return `"${text}" is outside the years 0001 to 9999; give a real date, such as 2030-06-01T09:00:00Z.`;
}
