import { readModels, type LocalDate, type WallTime } from '@homefirst/schemas';

/**
 * Wall-clock time in England. Wards, board rounds and brokerage work by the local clock, discharge ready
 * dates are local calendar days, and HL7 v2 timestamps are local time with their offset (GMT or BST).
 * The simulation keeps instants (`Date`, UTC) and asks the contract's London calendar for the local view.
 */

const HOUR_MS = readModels.HOUR_MS;
export const DAY_MS = readModels.DAY_MS;

/** A London wall-clock reading with its offset: minutes east of UTC, 0 in GMT, 60 in BST. */
export type LondonParts = Required<WallTime> & { readonly offsetMinutes: number };

/** Minutes east of UTC in England at `instant`: 0 in GMT, 60 in BST. */
export const londonOffsetMinutes = (instant: Date): number =>
  readModels.londonOffsetMs(instant.getTime()) / 60_000;

export const londonParts = (instant: Date): LondonParts => ({
  ...readModels.londonWallTimeOf(instant.getTime()),
  offsetMinutes: londonOffsetMinutes(instant),
});

/** The local calendar day of an instant, `YYYY-MM-DD`. */
export const londonDate = (instant: Date): LocalDate => readModels.localDateOf(instant.getTime());

/** Hours since local midnight, fractional. */
export function londonHourOfDay(instant: Date): number {
  const p = londonParts(instant);
  return p.hour + p.minute / 60 + p.second / 3600;
}

/**
 * The instant the local clock shows `hours` after midnight of `date` (hours may exceed 24). A time in
 * the hour the clocks go back is its first (BST) reading; one in the skipped hour moves forward by it.
 */
export const atLondonTime = (date: LocalDate, hours: number): Date =>
  new Date(readModels.instantOfLondonTime(date, hours));

/** `date` plus `days` calendar days. */
export const addDays = (date: LocalDate, days: number): LocalDate => readModels.addDays(date, days);

export const hours = (n: number): number => n * HOUR_MS;
export const days = (n: number): number => n * DAY_MS;
export const plus = (instant: Date, ms: number): Date => new Date(instant.getTime() + ms);
