/**
 * Civil (wall-clock) time in an IANA time zone, from the platform's time-zone data (`Intl`): the one
 * implementation every edge and the read models use. England's zone is Europe/London: GMT in winter,
 * BST (UTC+1) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.
 *
 * A wall-clock time read back into an instant follows one rule everywhere:
 * - in the hour the clocks go back (01:00–01:59 on the last Sunday of October in London, lived twice)
 *   the EARLIER instant is taken, i.e. the summer-time reading (01:30 → 00:30Z);
 * - in the hour the clocks skip (01:00–01:59 on the last Sunday of March in London, never lived) the
 *   time is read with the offset in force before the change, so it moves forward by the gap
 *   (01:30 → 01:30Z, which is 02:30 BST).
 */

import { daysInMonth, utcClockMs } from './gregorian';

export { daysInMonth };

export const LONDON_TIME_ZONE = 'Europe/London';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A wall-clock reading: calendar fields as a clock and calendar in the zone show them (month 1–12). */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond?: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
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

/** Whether the platform knows this IANA time zone. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

/** The offset read from Intl at one instant (whole seconds; zones have never had sub-second offsets). */
function offsetFromIntl(instantMs: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(
    fields.year ?? 1970,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  );
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/**
 * Intl is slow, so offsets are cached per zone and UTC hour. An hour whose two ends disagree holds a
 * change of offset (one not on the hour, as in zones with half-hour offsets or in old local-mean-time
 * history); it is marked, and each instant in it is asked of Intl.
 */
const BUCKET_MS = 60 * MINUTE_MS;
const CACHE_LIMIT = 100_000;
const MIXED = Number.NaN;
const offsetCaches = new Map<string, Map<number, number>>();

/** The zone's offset from UTC at an instant, in ms (Europe/London: 0 in GMT, 3 600 000 in BST). */
export function zoneOffsetMs(instantMs: number, timeZone: string): number {
  let cache = offsetCaches.get(timeZone);
  if (cache === undefined) {
    cache = new Map();
    offsetCaches.set(timeZone, cache);
  }
  const bucket = Math.floor(instantMs / BUCKET_MS);
  let offset = cache.get(bucket);
  if (offset === undefined) {
    const start = bucket * BUCKET_MS;
    const atStart = offsetFromIntl(start, timeZone);
    offset = offsetFromIntl(start + BUCKET_MS - 1, timeZone) === atStart ? atStart : MIXED;
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(bucket, offset);
  }
  return Number.isNaN(offset) ? offsetFromIntl(instantMs, timeZone) : offset;
}

/** The wall-clock reading of an instant in a zone. */
export function wallTimeAt(instantMs: number, timeZone: string): Required<WallTime> {
  const local = new Date(instantMs + zoneOffsetMs(instantMs, timeZone));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    millisecond: local.getUTCMilliseconds(),
  };
}

/**
 * The instant of a wall-clock time given as ms since 1970-01-01T00:00 *on the zone's clock* (what
 * `Date.UTC(year, month − 1, day, hour, …)` returns for the wall fields; fields may overflow, e.g. hour 30
 * is 06:00 the next day). Repeated and skipped hours follow the rule at the top of this file.
 */
export function instantOfWallClock(wallClockMs: number, timeZone: string): number {
  // The offsets a day either side cover any change of offset near this wall time.
  const before = zoneOffsetMs(wallClockMs - DAY_MS, timeZone);
  const after = zoneOffsetMs(wallClockMs + DAY_MS, timeZone);
  // The larger offset gives the earlier instant: tried first, so a repeated hour reads as the first.
  for (const offset of before >= after ? [before, after] : [after, before]) {
    const instant = wallClockMs - offset;
    if (zoneOffsetMs(instant, timeZone) === offset) return instant;
  }
  // Neither reads back: the skipped hour. The offset before the change moves it forward by the gap.
  return wallClockMs - before;
}

/** The instant a wall-clock reading names in a zone (see `instantOfWallClock`). */
export const instantOfWallTime = (wall: WallTime, timeZone: string): number =>
  instantOfWallClock(utcClockMs(wall), timeZone);

/** Whether the fields name a real calendar day and a time of day (hour 0–23, no leap seconds). */
export const isValidWallTime = (wall: WallTime): boolean =>
  wall.month >= 1 &&
  wall.month <= 12 &&
  wall.day >= 1 &&
  wall.day <= daysInMonth(wall.year, wall.month) &&
  wall.hour >= 0 &&
  wall.hour <= 23 &&
  wall.minute >= 0 &&
  wall.minute <= 59 &&
  wall.second >= 0 &&
  wall.second <= 59;
