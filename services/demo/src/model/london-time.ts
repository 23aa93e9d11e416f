import type { LocalDate } from '@homefirst/schemas';

/**
 * Wall-clock time in England. Wards, board rounds and brokerage work by the local clock, discharge ready
 * dates are local calendar days, and HL7 v2 timestamps are local time with their offset (GMT or BST).
 * The simulation keeps instants (`Date`, UTC) and asks here for the local view.
 */

const TIME_ZONE = 'Europe/London';
const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export interface LondonParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  /** Minutes east of UTC: 0 in GMT, 60 in BST. */
  readonly offsetMinutes: number;
}

/** Offsets change only on the hour (01:00 UTC), so one lookup per UTC hour is exact. */
const offsetByUtcHour = new Map<number, number>();

/** Minutes east of UTC in England at `instant`: 0 in GMT, 60 in BST. */
export function londonOffsetMinutes(instant: Date): number {
  const hourKey = Math.floor(instant.getTime() / HOUR_MS);
  const cached = offsetByUtcHour.get(hourKey);
  if (cached !== undefined) return cached;
  const values: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(hourKey * HOUR_MS))) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(
    values.year ?? 1970,
    (values.month ?? 1) - 1,
    values.day ?? 1,
    values.hour ?? 0,
    values.minute ?? 0,
    values.second ?? 0,
  );
  const offset = Math.round((asUtc - hourKey * HOUR_MS) / 60_000);
  if (offsetByUtcHour.size > 100_000) offsetByUtcHour.clear();
  offsetByUtcHour.set(hourKey, offset);
  return offset;
}

export function londonParts(instant: Date): LondonParts {
  const offsetMinutes = londonOffsetMinutes(instant);
  const local = new Date(instant.getTime() + offsetMinutes * 60_000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    millisecond: local.getUTCMilliseconds(),
    offsetMinutes,
  };
}

/** The local calendar day of an instant, `YYYY-MM-DD`. */
export function londonDate(instant: Date): LocalDate {
  const p = londonParts(instant);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** Hours since local midnight, fractional. */
export function londonHourOfDay(instant: Date): number {
  const p = londonParts(instant);
  return p.hour + p.minute / 60 + p.second / 3600;
}

/** The instant at `hours` after local midnight of `date` (hours may exceed 24). */
export function atLondonTime(date: LocalDate, hours: number): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d) + hours * HOUR_MS;
  // The offset at the guess, then once more in case the guess crossed a clock change.
  let instant = wall - londonOffsetMinutes(new Date(wall)) * 60_000;
  instant = wall - londonOffsetMinutes(new Date(instant)) * 60_000;
  return new Date(instant);
}

/** `date` plus `days` calendar days. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * The first instant at or after `instant` whose local hour is within [fromHour, toHour): e.g. a
 * brokerage team that works 08:00–18:00 picks up a 21:00 request at 08:00 next day.
 */
export function withinLocalHours(instant: Date, fromHour: number, toHour: number): Date {
  const hour = londonHourOfDay(instant);
  if (hour >= fromHour && hour < toHour) return instant;
  const date = londonDate(instant);
  return hour < fromHour ? atLondonTime(date, fromHour) : atLondonTime(addDays(date, 1), fromHour);
}

export const hours = (n: number): number => n * HOUR_MS;
export const days = (n: number): number => n * DAY_MS;
export const plus = (instant: Date, ms: number): Date => new Date(instant.getTime() + ms);

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}
