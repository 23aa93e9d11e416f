import type { DataQualityFlag } from '../generated/events';
import { startOfLocalDay } from '../read-models/london';

/**
 * Times of one source message that must come in order — admitted before discharged, declared ready after
 * admission, a package requested before it starts — checked the same way at every edge.
 *
 * Systems' clocks differ: a real trust message carries its discharge 52 s before its admission. So a
 * reversal up to the tolerance (HOMEFIRST_CLOCK_SKEW_TOLERANCE, default 5 minutes) is accepted as sent and
 * the event carries a CLOCK_SKEW data-quality flag; beyond it the message is refused with the rule. The
 * texts name fields and the size of the gap, never a date (a date can be patient data).
 */

/** Default tolerance for times of one message in the wrong order (clock differences between systems). */
export const DEFAULT_CLOCK_SKEW_TOLERANCE_MS = 5 * 60_000;

/** A time and the source field it came from (e.g. `PV1-45`, `Encounter.period.end`). */
export interface TimedField {
  readonly field: string;
  readonly at: Date;
}

/** A calendar day (YYYY-MM-DD, London) and its field: in order if the day ends at or after the other time. */
export interface DatedField {
  readonly field: string;
  readonly date: string;
}

export type OrderCheck =
  | { readonly kind: 'in-order' }
  | { readonly kind: 'skewed'; readonly flag: DataQualityFlag }
  | { readonly kind: 'reversed'; readonly field: string; readonly problem: string };

const DAY_MS = 86_400_000;

/** A duration for people: 52 s, 14 min, 5 h, 3 days. */
export const describeGap = (ms: number): string => {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
};

/** Whether `later` comes at or after `earlier`, within `toleranceMs` of clock difference. */
export function checkOrder(earlier: TimedField, later: TimedField, toleranceMs: number): OrderCheck {
  const gap = earlier.at.getTime() - later.at.getTime();
  if (gap <= 0) return { kind: 'in-order' };
  const tolerance = describeGap(toleranceMs);
  if (gap <= toleranceMs) {
    return {
      kind: 'skewed',
      flag: {
        code: 'CLOCK_SKEW',
        fields: [later.field, earlier.field],
        detail: `${later.field} is ${describeGap(gap)} before ${earlier.field}, within the ${tolerance} allowed for clock differences`,
      },
    };
  }
  return {
    kind: 'reversed',
    field: later.field,
    problem: `${later.field} is ${describeGap(gap)} before ${earlier.field}; more than the ${tolerance} allowed for clock differences`,
  };
}

/** Whether the London day `later` ends at or after `earlier` (a date cannot be before the day it follows). */
export function checkDateOrder(earlier: TimedField, later: DatedField, toleranceMs: number): OrderCheck {
  const endOfDay = startOfLocalDay(later.date) + DAY_MS - 1;
  return checkOrder(earlier, { field: later.field, at: new Date(endOfDay) }, toleranceMs);
}

/** The flags of several checks, or the first reversal. */
export function combineOrderChecks(
  checks: readonly OrderCheck[],
):
  | { readonly kind: 'ok'; readonly flags: readonly DataQualityFlag[] }
  | Extract<OrderCheck, { kind: 'reversed' }> {
  const flags: DataQualityFlag[] = [];
  for (const check of checks) {
    if (check.kind === 'reversed') return check;
    if (check.kind === 'skewed') flags.push(check.flag);
  }
  return { kind: 'ok', flags };
}

/** The flag of a leap second read as :59.999. */
export const leapSecondFlag = (field: string): DataQualityFlag => ({
  code: 'LEAP_SECOND',
  fields: [field],
  detail: `${field} was a leap second (…:60), carried as the millisecond before it`,
});
