import { daysInMonth, utcClockMs } from './gregorian';
import { instantOfWallClock, type WallTime } from './zoned-time';

/**
 * Calendar facts every edge checks the same way before a date or time becomes part of an event: the day
 * exists, the time of day exists, the year is one a hospital or council record can hold, and a leap second
 * is read the way FHIR's `dateTime`/`instant` and ISO 8601 allow it.
 *
 * Nothing here rewrites a value: `Date.UTC` reads years 0–99 as 1900–1999 and rolls 30 February over to
 * 2 March; these functions refuse such values instead, saying which rule failed. Problems never quote the
 * value (a date of birth is patient data); callers add the field's name.
 */

/** Years a date in a feed may carry (births from 1900; plans and reviews to 2199). Outside: refused. */
export const PLAUSIBLE_YEARS = { first: 1900, last: 2199 } as const;

const MINUTE_MS = 60_000;

/** Why year-month-day is not a day a feed may name, or undefined when it is. */
export function calendarDateProblem(year: number, month: number, day: number): string | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day))
    return 'is not a calendar date';
  if (month < 1 || month > 12) return 'has a month outside 1–12';
  if (day < 1 || day > daysInMonth(year, month)) return 'names a day that does not exist in its month';
  if (year < PLAUSIBLE_YEARS.first || year > PLAUSIBLE_YEARS.last)
    return `has a year outside ${PLAUSIBLE_YEARS.first}–${PLAUSIBLE_YEARS.last}`;
  return undefined;
}

/** Why the time of day is not one (second 60 is allowed here; `instantOf…` decide whether it is a leap second). */
function timeOfDayProblem(wall: WallTime): string | undefined {
  const { hour, minute, second, millisecond = 0 } = wall;
  if (![hour, minute, second, millisecond].every(Number.isInteger)) return 'is not a time of day';
  if (hour < 0 || hour > 23) return 'has an hour outside 00–23';
  if (minute < 0 || minute > 59) return 'has a minute outside 00–59';
  if (second < 0 || second > 60) return 'has a second outside 00–59 (60 only for a leap second)';
  if (millisecond < 0 || millisecond > 999) return 'has a fraction of a second outside 0–999 ms';
  return undefined;
}

/** Why the fields are not a real calendar day and time of day, or undefined when they are. */
export function wallTimeProblem(wall: WallTime): string | undefined {
  return calendarDateProblem(wall.year, wall.month, wall.day) ?? timeOfDayProblem(wall);
}

/** An instant, or why the text or fields do not name one. */
export type InstantReading =
  | {
      readonly ok: true;
      /** Milliseconds since the epoch. */
      readonly ms: number;
      /** The value was a leap second (…:60); it is read as the last millisecond before it, …:59.999. */
      readonly leapSecond: boolean;
    }
  | { readonly ok: false; readonly problem: string };

const LEAP_SECOND_RULE =
  'has second 60, which only a leap second has (23:59:60 UTC on the last day of a month)';

/**
 * The instant of wall fields in force at `toUtc` (the wall clock's reading of UTC, ms → ms). Second 60 is
 * a leap second only when it falls at 23:59:60 UTC on the last day of a month (where the IERS inserts
 * them); it is read as 23:59:59.999 UTC, so order and calendar day stay right. Any other second 60 is
 * refused.
 */
function instantOf(wall: WallTime, toUtc: (wallClockMs: number) => number): InstantReading {
  const problem = wallTimeProblem(wall);
  if (problem !== undefined) return { ok: false, problem };
  if (wall.second !== 60) return { ok: true, ms: toUtc(utcClockMs(wall)), leapSecond: false };
  const ms = toUtc(utcClockMs({ ...wall, second: 59, millisecond: 999 }));
  const utc = new Date(ms);
  const lastDay = daysInMonth(utc.getUTCFullYear(), utc.getUTCMonth() + 1);
  const isLeap = utc.getUTCHours() === 23 && utc.getUTCMinutes() === 59 && utc.getUTCDate() === lastDay;
  return isLeap ? { ok: true, ms, leapSecond: true } : { ok: false, problem: LEAP_SECOND_RULE };
}

/** The instant of wall fields written with a fixed UTC offset (minutes east of UTC; −14:00 to +14:00). */
export function instantAtOffset(wall: WallTime, offsetMinutes: number): InstantReading {
  if (!Number.isInteger(offsetMinutes) || Math.abs(offsetMinutes) > 14 * 60)
    return { ok: false, problem: 'has a UTC offset outside −14:00 to +14:00' };
  return instantOf(wall, (wallClockMs) => wallClockMs - offsetMinutes * MINUTE_MS);
}

/** The instant of wall fields read on a zone's clock (see zoned-time.ts for repeated and skipped hours). */
export function instantInZone(wall: WallTime, timeZone: string): InstantReading {
  return instantOf(wall, (wallClockMs) => instantOfWallClock(wallClockMs, timeZone));
}

/**
 * The wall fields of a date-time a pattern split into digit groups: year, month, day, then hour, minute,
 * second and fraction where written (00 where not; a fraction of 1–9 digits is cut to the millisecond).
 * Digits only: whether the fields name a real day and time is for `instantAtOffset` / `instantInZone`.
 */
export function wallTimeOfDigits(groups: readonly (string | undefined)[]): WallTime {
  const [year, month, day, hour = '0', minute = '0', second = '0', fraction = '0'] = groups;
  return {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
    millisecond: Math.floor(Number(`0.${fraction}`) * 1000),
  };
}

/**
 * Minutes east of UTC of a zone designator a pattern matched: `Z`, `±hh:mm` or `±hhmm`; undefined when its
 * minutes are outside 00–59.
 */
export function offsetMinutesOf(zone: string): number | undefined {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(3, 5));
  if (minutes > 59) return undefined;
  return (digits.startsWith('-') ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + minutes);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** ISO 8601 extended date-time with a zone designator; fixed-width fields, no nested quantifiers. */
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/** A calendar date `YYYY-MM-DD` that exists and is plausible, or why not. */
export function readIsoDate(text: string): { ok: true; date: string } | { ok: false; problem: string } {
  const match = text.length === 10 ? ISO_DATE.exec(text) : null;
  if (match === null) return { ok: false, problem: 'is not a date of the form YYYY-MM-DD' };
  const problem = calendarDateProblem(Number(match[1]), Number(match[2]), Number(match[3]));
  return problem === undefined ? { ok: true, date: text } : { ok: false, problem };
}

/**
 * An ISO 8601 / FHIR date-time with seconds optional and a zone (`Z` or `±hh:mm`), as an instant: the
 * calendar day and time must exist, second 60 only as a leap second (see `instantOf`).
 */
export function readIsoDateTime(text: string): InstantReading {
  const match = text.length <= 40 ? ISO_DATE_TIME.exec(text) : null;
  if (match === null)
    return { ok: false, problem: 'is not a date-time of the form YYYY-MM-DDThh:mm[:ss[.fff]] with a zone' };
  const offsetMinutes = offsetMinutesOf(match[8] ?? 'Z');
  if (offsetMinutes === undefined)
    return { ok: false, problem: 'has a UTC offset with minutes outside 00–59' };
  return instantAtOffset(wallTimeOfDigits(match.slice(1, 8)), offsetMinutes);
}
