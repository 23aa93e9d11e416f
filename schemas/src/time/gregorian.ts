import type { WallTime } from './zoned-time';

/** The proleptic Gregorian calendar for every year 0–9999, without `Date.UTC`'s reading of 0–99 as 19xx. */

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Days in a month of the proleptic Gregorian calendar (month 1–12), for any year 0–9999. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Milliseconds since 1970-01-01T00:00Z of the wall fields read as if they were UTC, for every year 0–9999
 * (unlike `Date.UTC`, which reads 0–99 as 1900–1999). Fields are taken as given; check them first.
 */
export function utcClockMs(wall: WallTime): number {
  const date = new Date(0);
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  date.setUTCHours(wall.hour, wall.minute, wall.second, wall.millisecond ?? 0);
  return date.getTime();
}
