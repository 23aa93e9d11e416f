import type { DelayReason, Pathway } from '../generated/events';
import {
  CURRENT_DELAY_REASONS,
  DELAY_FAMILIES,
  currentDelayReasonOf,
  type DelayFamily,
} from '../vocabulary/delay-family';
import { daysBetween, localDateOf } from './london';
import type { QueueEntry } from './model';

/**
 * Delay reasons of the people still in hospital who no longer meet the criteria to reside, counted by the
 * current acute return's families and reasons for those with a length of stay of 7+ and of 14+ days — the
 * acute discharge sitrep's metric groups "Delay reason LOS 7+" and "Delay reason LOS 14+" since 27 May 2024.
 * Source: https://www.england.nhs.uk/statistics/statistical-work-areas/discharge-delays/ (acute discharge
 * sitrep, monthly long-format CSV). docs/delay-reasons.md.
 *
 * Choices where the source is silent here (docs/delay-reasons.md, "The measure"):
 * - Length of stay is calendar days from the admission date to `now`'s date, both in London (the NHS's
 *   spell length: a person admitted on Monday has a stay of 7 days the next Monday). 7+ includes the 14+.
 * - A person without an admission time is in neither cohort; they are counted in lengthOfStayUnknown.
 * - Each person counts once, under the current reason of their queue reason (currentQueueReasonOf).
 */

/** The length-of-stay cohorts of the return, in days. */
export const LENGTH_OF_STAY_COHORTS = [7, 14] as const;
export type LengthOfStayCohort = (typeof LENGTH_OF_STAY_COHORTS)[number];

export interface DelayReasonCount {
  readonly reason: DelayReason;
  readonly family: DelayFamily;
  readonly pathway: Exclude<Pathway, 'UNKNOWN'> | null;
  readonly label: string;
  readonly count: number;
}

export interface DelayCohortCounts {
  /** 7 or 14; 0 in allWaiting (every delayed person, whatever the length of stay, known or not). */
  readonly minLengthOfStayDays: LengthOfStayCohort | 0;
  readonly total: number;
  /** Every family, in the return's order (zeros included). */
  readonly byFamily: readonly { readonly family: DelayFamily; readonly count: number }[];
  /** Every current reason, family by family (zeros included). */
  readonly byReason: readonly DelayReasonCount[];
  /** People whose reason has no family (UNKNOWN): in total, in no family. */
  readonly unknownReason: number;
}

export interface DelayReasonCountsView {
  readonly now: string;
  /** `now`'s date in London: the day lengths of stay are counted to. */
  readonly date: string;
  readonly cohorts: readonly DelayCohortCounts[];
  /** Delayed people with no admission time, in neither cohort. */
  readonly lengthOfStayUnknown: number;
  /**
   * Everyone delayed, whatever their length of stay (those without an admission time included): the rule of
   * NHS England's Intermediate Care Data Collection, whose delay reasons are "for all patients, regardless of
   * their length of stay" (https://www.england.nhs.uk/statistics/statistical-work-areas/intermediate-care/).
   */
  readonly allWaiting: DelayCohortCounts;
}

/**
 * The current reason a queue entry counts under. A trust's reason (or a Table 5 code the hub derived) counts
 * through currentDelayReasonOf. The two hub-only queue reasons count by what they are in the current
 * return's terms: AWAITING_ASSESSMENT — the hub confirming needs and pathway (Care transfer hub process);
 * AWAITING_PACKAGE_START — a provider sourced, arrangements still underway (Interface process, by pathway;
 * P1 as rehabilitation/reablement, Discharge to Assess's usual P1 service; no pathway yet: as its sitrep reason).
 */
export function currentQueueReasonOf(
  entry: Pick<QueueEntry, 'delayReason' | 'sitrepReason' | 'pathway'>,
  overrides: ReadonlyMap<DelayReason, DelayReason> = new Map(),
): DelayReason {
  if (entry.delayReason === 'AWAITING_ASSESSMENT') return 'AWAITING_CONFIRMATION_OF_CARE_NEEDS_AND_PATHWAY';
  if (entry.delayReason === 'AWAITING_PACKAGE_START') {
    switch (entry.pathway) {
      case 'P0':
        return 'RESTART_OF_EXISTING_CARE_UNDERWAY';
      case 'P1':
        return 'P1_HOME_REHAB_ARRANGEMENTS_UNDERWAY';
      case 'P2':
        return 'P2_BED_ARRANGEMENTS_UNDERWAY';
      case 'P3':
        return 'P3_CARE_HOME_ARRANGEMENTS_UNDERWAY';
      case 'UNKNOWN':
        break; // no pathway yet: counted as the hub confirming it (below, through its sitrep reason)
    }
  }
  return currentDelayReasonOf(entry.sitrepReason, overrides);
}

/** Calendar days from the admission date to `today` (London), or null without an admission time. */
export const lengthOfStayDays = (admittedAt: string | null, today: string): number | null =>
  admittedAt === null ? null : daysBetween(localDateOf(Date.parse(admittedAt)), today);

/** The counts by family and reason, LoS 7+ and 14+ and of everyone (allWaiting), of these queue entries at `now`. */
export function delayReasonCounts(
  entries: Iterable<Pick<QueueEntry, 'delayReason' | 'sitrepReason' | 'pathway' | 'admittedAt'>>,
  now: Date,
  overrides: ReadonlyMap<DelayReason, DelayReason> = new Map(),
): DelayReasonCountsView {
  const today = localDateOf(now.getTime());
  const counts = LENGTH_OF_STAY_COHORTS.map(() => new Map<DelayReason, number>());
  const totals = LENGTH_OF_STAY_COHORTS.map(() => 0);
  const everyone = new Map<DelayReason, number>();
  let waiting = 0;
  let lengthOfStayUnknown = 0;
  for (const entry of entries) {
    const reason = currentQueueReasonOf(entry, overrides);
    everyone.set(reason, (everyone.get(reason) ?? 0) + 1);
    waiting += 1;
    const days = lengthOfStayDays(entry.admittedAt, today);
    if (days === null) {
      lengthOfStayUnknown += 1;
      continue;
    }
    LENGTH_OF_STAY_COHORTS.forEach((minimum, i) => {
      if (days < minimum) return;
      const byReason = counts[i] ?? new Map<DelayReason, number>();
      byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
      totals[i] = (totals[i] ?? 0) + 1;
    });
  }
  return {
    now: now.toISOString(),
    date: today,
    cohorts: LENGTH_OF_STAY_COHORTS.map((minimum, i) => cohortOf(minimum, counts[i], totals[i] ?? 0)),
    lengthOfStayUnknown,
    allWaiting: cohortOf(0, everyone, waiting),
  };
}

function cohortOf(
  minimum: LengthOfStayCohort | 0,
  counts: ReadonlyMap<DelayReason, number> | undefined,
  total: number,
): DelayCohortCounts {
  const byReason = CURRENT_DELAY_REASONS.map(({ code, family, pathway, label }) => ({
    reason: code,
    family,
    pathway,
    label,
    count: counts?.get(code) ?? 0,
  }));
  const byFamily = DELAY_FAMILIES.map((family) => ({
    family,
    count: byReason.filter((r) => r.family === family).reduce((sum, r) => sum + r.count, 0),
  }));
  const placed = byFamily.reduce((sum, f) => sum + f.count, 0);
  return { minLengthOfStayDays: minimum, total, byFamily, byReason, unknownReason: total - placed };
}
