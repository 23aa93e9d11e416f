import type { LocalDate } from '../avro/logical-types';
import type { ReablementSetting } from '../generated/events';
import { daysBetween } from './london';
import { hashFields } from './nctr-census';
import { round2 } from './view-common';

/*
 * Intermediate care (step-down reablement / rehabilitation), in the terms of two primary sources:
 * - NHS England, Intermediate Care Data Collection (replaced the community discharge sitrep on 29 July 2024):
 *   "numbers of patients received into services, access to rehabilitation and reablement, and length of stay
 *   in services" — https://www.england.nhs.uk/statistics/statistical-work-areas/intermediate-care/
 * - NICE quality standard QS173, statement 2 "Adults accepted for bed-based intermediate care start the
 *   service within 2 days of referral"; process measures a) from hospital and b) from the community —
 *   https://www.nice.org.uk/guidance/qs173/chapter/quality-statement-2-starting-bed-based-intermediate-care
 *
 * What the hub counts, and its choices where the sources are silent (docs/national-measures.md,
 * "Intermediate care"):
 * - Received: reablement periods started (ReablementStarted), by the London day of the start and setting —
 *   HOME is P1 reablement / rehabilitation at home, BED_BASED a P2 bed.
 * - Length of stay in services: periods that ended (ReablementEnded after a start), by the London day of the
 *   end; calendar days from the start date to the end date (a period started and ended on one day is 0).
 * - QS173: every bed-based start counts as "accepted" (the hub sees no acceptance that never started). Its
 *   "referral" is the request for the bed — the council's earliest PackageRequested for a bed-based service
 *   (REABLEMENT_BED) in the same referral, at or before the start; without one, the council referral itself
 *   (ReferralReceived). Days are calendar days in London from that date to the start date; "within 2 days"
 *   is at most 2. From hospital: route of access DISCHARGE_FROM_HOSPITAL; from the community: any other
 *   known route; a referral without a route of access is counted in neither part (but in the total).
 * - Everything is kept per council (ONS code of the referral), so a council sees its own people.
 */

export const INTERMEDIATE_CARE_SETTINGS: readonly ReablementSetting[] = ['HOME', 'BED_BASED'];
export type ReferralRoute = 'HOSPITAL' | 'COMMUNITY' | 'UNKNOWN';
export const REFERRAL_ROUTES: readonly ReferralRoute[] = ['HOSPITAL', 'COMMUNITY', 'UNKNOWN'];
/** NICE QS173 statement 2: at most this many days from referral to starting bed-based intermediate care. */
export const QS173_MAX_DAYS = 2;

/** One reablement / intermediate-care period, in London dates, as the `icare` KPI hash needs it. */
export interface IntermediateCarePeriod {
  readonly council: string;
  readonly setting: ReablementSetting;
  readonly startDay: LocalDate;
  /** null while the period goes on. */
  readonly endDay: LocalDate | null;
  /** The day of the referral for a bed (see above); only read for bed-based periods. */
  readonly referralDay: LocalDate | null;
  readonly route: ReferralRoute;
}

/** What one period adds to the `icare` KPI hash: [field, amount] pairs. */
export function intermediateCareContribution(period: IntermediateCarePeriod): [string, number][] {
  const { council, setting, startDay, endDay } = period;
  const fields: [string, number][] = [[`${startDay}|${council}|received|${setting}`, 1]];
  if (endDay !== null)
    fields.push([`${endDay}|${council}|los|${setting}|${Math.max(0, daysBetween(startDay, endDay))}`, 1]);
  if (setting === 'BED_BASED' && period.referralDay !== null) {
    const wait = Math.max(0, daysBetween(period.referralDay, startDay));
    fields.push([`${startDay}|${council}|qs173|${period.route}|${wait}`, 1]);
  }
  return fields;
}

export interface LengthOfStayFigure {
  readonly setting: ReablementSetting;
  /** Periods that ended in the range. */
  readonly ended: number;
  readonly meanDays: number | null;
  readonly medianDays: number | null;
}

export interface Qs173Figure {
  /** Bed-based starts in the range with a known referral date. */
  readonly started: number;
  readonly within2Days: number;
  readonly share: number | null;
}

export interface IntermediateCareView {
  readonly range: { readonly from: LocalDate | null; readonly to: LocalDate | null };
  /** The council counted; null: every council. */
  readonly council: string | null;
  readonly received: {
    readonly total: number;
    readonly bySetting: readonly { readonly setting: ReablementSetting; readonly count: number }[];
  };
  readonly lengthOfStay: readonly LengthOfStayFigure[];
  readonly bedBasedStartWithin2Days: Qs173Figure & {
    readonly medianDaysFromReferral: number | null;
    readonly byRoute: readonly (Qs173Figure & { readonly route: ReferralRoute })[];
  };
}

/** The median of a histogram (value → count); the mean of the two middle values when the count is even. */
function medianOf(histogram: ReadonlyMap<number, number>): number | null {
  const total = [...histogram.values()].reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const sorted = [...histogram.entries()].sort(([a], [b]) => a - b);
  const valueAt = (rank: number): number => {
    let seen = 0;
    for (const [value, count] of sorted) {
      seen += count;
      if (rank < seen) return value;
    }
    return sorted.at(-1)?.[0] ?? 0;
  };
  return round2((valueAt(Math.floor((total - 1) / 2)) + valueAt(Math.floor(total / 2))) / 2);
}

const addTo = (histogram: Map<number, number>, value: number, count: number): void => {
  histogram.set(value, (histogram.get(value) ?? 0) + count);
};

const qs173Of = (histogram: ReadonlyMap<number, number>): Qs173Figure => {
  let started = 0;
  let within = 0;
  for (const [days, count] of histogram) {
    started += count;
    if (days <= QS173_MAX_DAYS) within += count;
  }
  return { started, within2Days: within, share: started === 0 ? null : round2(within / started) };
};

/** The intermediate-care measures from the `icare` KPI hash, days `from`..`to` (inclusive; open when absent). */
export function intermediateCareView(
  hash: Readonly<Record<string, number>>,
  range: { readonly from?: LocalDate; readonly to?: LocalDate },
  council: string | null = null,
): IntermediateCareView {
  const received = new Map<string, number>();
  const stays = new Map<string, Map<number, number>>(INTERMEDIATE_CARE_SETTINGS.map((s) => [s, new Map()]));
  const waits = new Map<string, Map<number, number>>(REFERRAL_ROUTES.map((r) => [r, new Map()]));
  for (const [[day = '', code = '', kind = '', key = '', value = ''], count] of hashFields(hash)) {
    if ((range.from !== undefined && day < range.from) || (range.to !== undefined && day > range.to))
      continue;
    if (council !== null && code !== council) continue;
    if (kind === 'received') received.set(key, (received.get(key) ?? 0) + count);
    else if (kind === 'los') {
      const histogram = stays.get(key);
      if (histogram !== undefined) addTo(histogram, Number(value), count);
    } else if (kind === 'qs173') {
      const histogram = waits.get(key);
      if (histogram !== undefined) addTo(histogram, Number(value), count);
    }
  }
  const allWaits = new Map<number, number>();
  for (const histogram of waits.values()) for (const [days, count] of histogram) addTo(allWaits, days, count);
  const bySetting = INTERMEDIATE_CARE_SETTINGS.map((setting) => ({
    setting,
    count: received.get(setting) ?? 0,
  }));
  return {
    range: { from: range.from ?? null, to: range.to ?? null },
    council,
    received: { total: bySetting.reduce((sum, s) => sum + s.count, 0), bySetting },
    lengthOfStay: INTERMEDIATE_CARE_SETTINGS.map((setting) => {
      const histogram = stays.get(setting) ?? new Map<number, number>();
      let ended = 0;
      let days = 0;
      for (const [value, count] of histogram) {
        ended += count;
        days += value * count;
      }
      return {
        setting,
        ended,
        meanDays: ended === 0 ? null : round2(days / ended),
        medianDays: medianOf(histogram),
      };
    }),
    bedBasedStartWithin2Days: {
      ...qs173Of(allWaits),
      medianDaysFromReferral: medianOf(allWaits),
      byRoute: REFERRAL_ROUTES.map((route) => ({ route, ...qs173Of(waits.get(route) ?? new Map()) })),
    },
  };
}
