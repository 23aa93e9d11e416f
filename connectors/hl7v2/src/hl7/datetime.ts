import type { LocalDate } from '@homefirst/schemas';

/**
 * HL7 v2 date/times (DTM / TS: `YYYY[MM[DD[HHMM[SS[.S[S[S[S]]]]]]]][+/-ZZZZ]`).
 *
 * A time without an offset is local time at the sender; English trusts send UK civil time, so it is
 * read in the configured time zone (default Europe/London, GMT/BST). In the hour the clocks go back
 * the first (BST) reading wins; a time inside the skipped spring hour moves forward by the gap.
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
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Parses an HL7 date/time, or returns undefined for a malformed or impossible value. Needs at least a day. */
export function parseHl7DateTime(text: string, timeZone: string): Hl7DateTime | undefined {
  const match = DTM.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, frac, offset] = match;
  if (y === undefined || mo === undefined || d === undefined) return undefined;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const millis = frac === undefined ? 0 : Math.round(Number(`0.${frac}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  let at: number;
  if (offset !== undefined) {
    const sign = offset.startsWith('-') ? -1 : 1;
    const oh = Number(offset.slice(1, 3));
    const om = Number(offset.slice(3, 5));
    if (oh > 14 || om > 59) return undefined;
    at = wall - sign * (oh * 60 + om) * 60_000;
  } else {
    at = zonedWallTimeToUtc(wall, timeZone);
  }
  return { at: new Date(at), localDate: `${y}-${pad(month)}-${pad(day)}`, hasTime: h !== undefined };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const QUARTER_HOUR_MS = 900_000;
const offsetCache = new Map<string, number>();

/**
 * Offset of the zone from UTC at an instant, in ms (Europe/London: 0 in winter, +3 600 000 in summer).
 * Zones change offset only on a quarter hour, so the answer is cached per zone and quarter hour (Intl is slow).
 */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const bucket = Math.floor(instant / QUARTER_HOUR_MS);
  const key = `${timeZone}|${bucket}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const offset = computeZoneOffsetMs(bucket * QUARTER_HOUR_MS, timeZone);
  if (offsetCache.size > 10_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

function computeZoneOffsetMs(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The UTC instant of a wall-clock time in a zone. */
function zonedWallTimeToUtc(wall: number, timeZone: string): number {
  // The offsets half a day either side cover any change of offset near this wall time.
  const before = wall - zoneOffsetMs(wall - 43_200_000, timeZone);
  const after = wall - zoneOffsetMs(wall + 43_200_000, timeZone);
  if (before === after) return before;
  const readsBack = (utc: number): boolean => utc + zoneOffsetMs(utc, timeZone) === wall;
  const valid = [before, after].filter(readsBack);
  // Autumn: both read back, the earlier (summer time) wins. Spring gap: neither does, and applying the
  // earlier (winter) offset moves the time forward by the gap.
  return valid.length > 0 ? Math.min(...valid) : before;
}

/** Whether the runtime knows this IANA time zone. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** An instant as an HL7 DTM in UTC with an explicit offset: `YYYYMMDDHHMMSS+0000`. */
export function formatHl7Utc(at: Date): string {
  return (
    `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}` +
    `${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}+0000`
  );
}
