import type { LocalDate } from '../avro/logical-types';
import {
  LONDON_TIME_ZONE,
  instantOfWallClock,
  wallTimeAt,
  zoneOffsetMs,
  type WallTime,
} from '../time/zoned-time';

/**
 * Calendar arithmetic in England's civil time (Europe/London, GMT/BST) on the platform's time-zone data
 * (see time/zoned-time.ts for the rule in the repeated and the skipped hour). Discharge ready dates,
 * census days and bed days are English calendar days, so a patient ready at 23:30 BST on 1 July is ready
 * on 1 July, not on the UTC date.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Offset of London time from UTC at an instant, in ms (0 or one hour). */
export const londonOffsetMs = (instantMs: number): number => zoneOffsetMs(instantMs, LONDON_TIME_ZONE);

/** The London wall-clock reading of an instant. */
export const londonWallTimeOf = (instantMs: number): Required<WallTime> =>
  wallTimeAt(instantMs, LONDON_TIME_ZONE);

/** The UTC hour of the last localDateOf, and its answer. */
let lastHour = Number.NaN;
let lastDate = '';

/**
 * The London calendar day of an instant, as YYYY-MM-DD. London's offset is whole hours and changes only on the
 * hour (01:00 UTC), so its local midnight is on a UTC hour too: every instant of one UTC hour has the same London
 * day, and the last hour's answer is kept (the API asks on every request, the projector for every event).
 */
export const localDateOf = (instantMs: number): LocalDate => {
  const hour = Math.floor(instantMs / HOUR_MS);
  if (hour !== lastHour) {
    const start = hour * HOUR_MS;
    lastDate = new Date(start + londonOffsetMs(start)).toISOString().slice(0, 10);
    lastHour = hour;
  }
  return lastDate;
};

const utcMidnightOf = (date: LocalDate): number => Date.parse(`${date}T00:00:00.000Z`);

/**
 * The instant London's clocks show `hours` after the midnight that starts `date` (fractional, and past
 * 24 into the following days): 9 on 7 July is 08:00Z. A reading in the repeated or skipped hour follows
 * time/zoned-time.ts.
 */
export const instantOfLondonTime = (date: LocalDate, hours: number): number =>
  instantOfWallClock(utcMidnightOf(date) + hours * HOUR_MS, LONDON_TIME_ZONE);

/** The instant London's day `date` starts (local midnight). Midnight is never skipped or repeated in the UK. */
export const startOfLocalDay = (date: LocalDate): number => instantOfLondonTime(date, 0);

/** `date` plus `days` calendar days. */
export const addDays = (date: LocalDate, days: number): LocalDate =>
  new Date(utcMidnightOf(date) + days * DAY_MS).toISOString().slice(0, 10);

/** A date as a whole day number: days since 1970-01-01 (1970-01-02 → 1). */
export const dayNumberOf = (date: LocalDate): number => Math.round(utcMidnightOf(date) / DAY_MS);

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: LocalDate, to: LocalDate): number =>
  Math.round((utcMidnightOf(to) - utcMidnightOf(from)) / DAY_MS);

/** The Monday of the (ISO) week `date` is in. */
export const weekStartOf = (date: LocalDate): LocalDate => {
  const weekday = new Date(utcMidnightOf(date)).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
};

export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));
