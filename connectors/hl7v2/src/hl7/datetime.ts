import {
  instantAtOffset,
  instantInZone,
  offsetMinutesOf,
  wallTimeOfDigits,
  type LocalDate,
} from '@homefirst/schemas';

/**
 * HL7 v2 date/times (DTM / TS: `YYYY[MM[DD[HHMM[SS[.S[S[S[S]]]]]]]][+/-ZZZZ]`).
 *
 * A time without an offset is local time at the sender; English trusts send UK civil time, so it is
 * read in the configured time zone (default Europe/London, GMT/BST) by the contract's zoned time: in the
 * hour the clocks go back the first (BST) reading wins; a time inside the skipped spring hour moves
 * forward by the gap. Every value is checked by the contract's calendar (schemas time/calendar.ts): the
 * day and time exist, the year is plausible (1900–2199; never 0–99 read as 19xx), and second 60 is only
 * a leap second.
 */

const DTM =
  /^(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d{1,4}))?)?)?)?)?)?([+-]\d{4})?$/;

export interface Hl7DateTime {
  /** The instant. */
  readonly at: Date;
  /** The calendar day as written by the sender (no time zone shift). */
  readonly localDate: LocalDate;
  /** Whether the sender gave a time of day (not just a date). */
  readonly hasTime: boolean;
  /** The sender wrote a leap second (…235960 UTC on a month's last day), read as …235959.999. */
  readonly leapSecond: boolean;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Parses an HL7 date/time, or returns undefined for a malformed or impossible value. Needs at least a day. */
export function parseHl7DateTime(text: string, timeZone: string): Hl7DateTime | undefined {
  const match = DTM.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, , , , offset] = match;
  if (y === undefined || mo === undefined || d === undefined) return undefined;
  const wall = wallTimeOfDigits(match.slice(1, 8));
  const offsetMinutes = offset === undefined ? undefined : offsetMinutesOf(offset);
  if (offset !== undefined && offsetMinutes === undefined) return undefined;
  const reading =
    offsetMinutes === undefined ? instantInZone(wall, timeZone) : instantAtOffset(wall, offsetMinutes);
  if (!reading.ok) return undefined;
  return {
    at: new Date(reading.ms),
    localDate: `${y}-${pad(wall.month)}-${pad(wall.day)}`,
    hasTime: h !== undefined,
    leapSecond: reading.leapSecond,
  };
}

/** An instant as an HL7 DTM in UTC with an explicit offset: `YYYYMMDDHHMMSS+0000`. */
export function formatHl7Utc(at: Date): string {
  return (
    `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}` +
    `${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}+0000`
  );
}
