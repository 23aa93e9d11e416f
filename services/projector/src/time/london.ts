import type { LocalDate } from '@homefirst/schemas';

/**
 * Calendar arithmetic in England's civil time (Europe/London), without ICU: GMT in winter, BST (UTC+1)
 * from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October (the UK rule
 * since 1996). Discharge ready dates, census days and bed days are English calendar days, so a
 * patient ready at 23:30 BST on 1 July is ready on 1 July, not on the UTC date.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const lastSundayAt0100Utc = (year: number, month: number): number => {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  const sunday = lastDay.getUTCDate() - lastDay.getUTCDay();
  return Date.UTC(year, month, sunday, 1);
};

const bstCache = new Map<number, readonly [number, number]>();
const bstOf = (year: number): readonly [number, number] => {
  let range = bstCache.get(year);
  if (range === undefined) {
    range = [lastSundayAt0100Utc(year, 2), lastSundayAt0100Utc(year, 9)];
    bstCache.set(year, range);
  }
  return range;
};

/** Offset of London time from UTC at an instant, in ms (0 or one hour). */
export const londonOffsetMs = (instantMs: number): number => {
  const [start, end] = bstOf(new Date(instantMs).getUTCFullYear());
  return instantMs >= start && instantMs < end ? HOUR_MS : 0;
};

/** The London calendar day of an instant, as YYYY-MM-DD. */
export const localDateOf = (instantMs: number): LocalDate =>
  new Date(instantMs + londonOffsetMs(instantMs)).toISOString().slice(0, 10);

const utcMidnightOf = (date: LocalDate): number => Date.parse(`${date}T00:00:00.000Z`);

/** The instant London's day `date` starts (local midnight). Midnight is never skipped or repeated in the UK. */
export const startOfLocalDay = (date: LocalDate): number => {
  const utcMidnight = utcMidnightOf(date);
  const bstCandidate = utcMidnight - HOUR_MS;
  return londonOffsetMs(bstCandidate) === HOUR_MS ? bstCandidate : utcMidnight;
};

/** `date` plus `days` calendar days. */
export const addDays = (date: LocalDate, days: number): LocalDate =>
  new Date(utcMidnightOf(date) + days * DAY_MS).toISOString().slice(0, 10);

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
