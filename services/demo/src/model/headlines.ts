import type { Pathway, ReablementOutcome, ServiceType } from '@homefirst/schemas';
import type { Fact } from './facts';
import { DAY_MS, addDays, atLondonTime, londonDate } from './london-time';

/**
 * The figures a discharge hub manager would look at first, computed from the facts of a simulation
 * (pure): what the dry run prints and what the seeded-week test holds against the parameters. Counts
 * are of facts inside [start, end); censuses are taken at each local midnight inside it.
 */
export interface HeadlineFigures {
  readonly days: number;
  readonly admissions: {
    /** Admissions from the community (not readmissions), including those cancelled as keyed in error. */
    readonly index: number;
    readonly readmissions: number;
    readonly cancelledInError: number;
  };
  readonly discharges: {
    /** Discharges alive, by the pathway the person actually left on. */
    readonly byPathway: Readonly<Record<Exclude<Pathway, 'UNKNOWN'>, number>>;
    readonly withPathway: number;
    readonly diedInHospital: number;
  };
  readonly readiness: {
    readonly declared: number;
    readonly withdrawn: number;
    /** Of people discharged in the span after a declaration: hours from (last) ready to discharge. */
    readonly readyToDischargeHours: Quantiles;
    readonly dischargedWithin48hShare: number | null;
  };
  readonly census: {
    /** Mean occupied beds at local midnight. */
    readonly meanOccupiedBeds: number;
    /** Mean people ready for discharge but still in hospital (NCTR) at local midnight. */
    readonly meanNctr: number;
  };
  readonly council: {
    readonly referrals: number;
    readonly referralsCancelled: number;
    readonly packagesRequested: Readonly<Partial<Record<ServiceType, number>>>;
    readonly providerDeclines: number;
    readonly reablementStarted: number;
    readonly reablementEnded: Readonly<Partial<Record<ReablementOutcome, number>>>;
    readonly reablementEndedTotal: number;
    readonly noOngoingSupportShare: number | null;
    /** Home-care packages requested in the span and sourced: days from request to sourced. */
    readonly homeCareBrokerageDays: Quantiles;
  };
}

export interface Quantiles {
  readonly n: number;
  readonly median: number | null;
  readonly p90: number | null;
  readonly p95: number | null;
}

export function headlineFigures(simulation: {
  readonly facts: readonly Fact[];
  readonly start: Date;
  readonly end: Date;
}): HeadlineFigures {
  const startMs = simulation.start.getTime();
  const endMs = simulation.end.getTime();
  const counts = countFactsInSpan(simulation.facts, startMs, endMs);
  const census = censusIntervals(simulation.facts);
  const midnights = localMidnights(startMs, endMs);
  const meanAt = (intervals: readonly Interval[]): number => {
    if (midnights.length === 0) return 0;
    const total = midnights.reduce(
      (sum, midnight) => sum + intervals.filter((i) => i.from <= midnight && midnight < i.to).length,
      0,
    );
    return total / midnights.length;
  };

  const { tally, byPathway, readyToDischarge, reablementEnded } = counts;
  const endedTotal = Object.values(reablementEnded).reduce((sum, n) => sum + n, 0);
  const withPathway = byPathway.P0 + byPathway.P1 + byPathway.P2 + byPathway.P3;
  return {
    days: (endMs - startMs) / DAY_MS,
    admissions: counts.admissions,
    discharges: { byPathway, withPathway, diedInHospital: counts.diedInHospital },
    readiness: {
      declared: tally.declared,
      withdrawn: tally.withdrawn,
      readyToDischargeHours: quantiles(readyToDischarge),
      dischargedWithin48hShare:
        readyToDischarge.length === 0
          ? null
          : readyToDischarge.filter((h) => h <= 48).length / readyToDischarge.length,
    },
    census: { meanOccupiedBeds: meanAt(census.stays), meanNctr: meanAt(census.nctr) },
    council: {
      referrals: tally.referrals,
      referralsCancelled: tally.referralsCancelled,
      packagesRequested: counts.packagesRequested,
      providerDeclines: tally.providerDeclines,
      reablementStarted: tally.reablementStarted,
      reablementEnded,
      reablementEndedTotal: endedTotal,
      noOngoingSupportShare: endedTotal === 0 ? null : (reablementEnded.NO_ONGOING_SUPPORT ?? 0) / endedTotal,
      homeCareBrokerageDays: quantiles(counts.homeCareBrokerage),
    },
  };
}

/** Facts that only add one to a figure when they happen inside the span, and the figure they add to. */
const TALLIED = {
  ReadyDeclared: 'declared',
  ReadinessWithdrawn: 'withdrawn',
  ReferralReceived: 'referrals',
  ReferralCancelled: 'referralsCancelled',
  ProviderDeclined: 'providerDeclines',
  ReablementStarted: 'reablementStarted',
} as const satisfies Partial<Record<Fact['kind'], string>>;

type Tally = Record<(typeof TALLIED)[keyof typeof TALLIED], number>;

const talliedFigure = (kind: Fact['kind']): keyof Tally | undefined =>
  kind in TALLIED ? TALLIED[kind as keyof typeof TALLIED] : undefined;

/** The counts and durations of facts inside [startMs, endMs). */
function countFactsInSpan(facts: readonly Fact[], startMs: number, endMs: number) {
  const tally: Tally = {
    declared: 0,
    withdrawn: 0,
    referrals: 0,
    referralsCancelled: 0,
    providerDeclines: 0,
    reablementStarted: 0,
  };
  const admissions = { index: 0, readmissions: 0, cancelledInError: 0 };
  const byPathway = { P0: 0, P1: 0, P2: 0, P3: 0 };
  let diedInHospital = 0;
  const packagesRequested: Partial<Record<ServiceType, number>> = {};
  const reablementEnded: Partial<Record<ReablementOutcome, number>> = {};
  const readyToDischarge: number[] = [];
  const lastReadyAt = new Map<string, number>();
  const homeCareRequested = new Map<string, number>();
  const homeCareBrokerage: number[] = [];

  for (const fact of facts) {
    const at = fact.at.getTime();
    const counted = at >= startMs && at < endMs;
    const figure = talliedFigure(fact.kind);
    if (counted && figure !== undefined) tally[figure] += 1;
    switch (fact.kind) {
      case 'Admitted':
        if (counted) admissions[fact.readmissionOf === null ? 'index' : 'readmissions'] += 1;
        break;
      case 'AdmissionCancelled':
        if (counted) admissions.cancelledInError += 1;
        break;
      case 'ReadyDeclared':
        lastReadyAt.set(fact.journeyId, fact.dischargeReadyAt.getTime());
        break;
      case 'Discharged': {
        if (!counted) break;
        if (fact.died) diedInHospital += 1;
        else if (fact.actualPathway !== 'UNKNOWN') byPathway[fact.actualPathway] += 1;
        const readyAt = lastReadyAt.get(fact.journeyId);
        if (readyAt !== undefined && !fact.died) readyToDischarge.push((at - readyAt) / 3_600_000);
        break;
      }
      case 'PackageRequested':
        if (!counted) break;
        packagesRequested[fact.serviceType] = (packagesRequested[fact.serviceType] ?? 0) + 1;
        if (fact.serviceType === 'HOME_CARE') homeCareRequested.set(fact.packageId, at);
        break;
      case 'PackageSourced': {
        const requestedAt = homeCareRequested.get(fact.packageId);
        if (requestedAt !== undefined && counted) homeCareBrokerage.push((at - requestedAt) / DAY_MS);
        break;
      }
      case 'ReablementEnded':
        if (counted) reablementEnded[fact.outcome] = (reablementEnded[fact.outcome] ?? 0) + 1;
        break;
      case 'ReadinessWithdrawn':
      case 'ReferralReceived':
      case 'ReferralCancelled':
      case 'ProviderDeclined':
      case 'ReablementStarted':
      case 'Transferred':
      case 'ExpectedDischargeDateSet':
      case 'AssessmentScheduled':
      case 'AssessmentCompleted':
      case 'ProviderOffered':
      case 'PackageStarted':
        break;
      default:
        fact satisfies never;
    }
  }
  return {
    tally,
    admissions,
    byPathway,
    diedInHospital,
    packagesRequested,
    reablementEnded,
    readyToDischarge,
    homeCareBrokerage,
  };
}

interface Interval {
  readonly from: number;
  to: number;
}

/** Per spell, [admitted, left) and the intervals ready for discharge but still in, for the midnight censuses. */
function censusIntervals(facts: readonly Fact[]): { stays: Interval[]; nctr: Interval[] } {
  const stays = new Map<string, Interval>();
  const nctr: Interval[] = [];
  const openNctr = new Map<string, number>();
  const closeStay = (journeyId: string, at: number): void => {
    const stay = stays.get(journeyId);
    if (stay) stay.to = Math.min(stay.to, at);
  };
  const closeNctr = (journeyId: string, at: number): void => {
    const from = openNctr.get(journeyId);
    if (from === undefined) return;
    nctr.push({ from, to: at });
    openNctr.delete(journeyId);
  };
  for (const fact of facts) {
    const at = fact.at.getTime();
    if (fact.kind === 'Admitted') stays.set(fact.journeyId, { from: at, to: Infinity });
    else if (fact.kind === 'AdmissionCancelled') closeStay(fact.journeyId, at);
    else if (fact.kind === 'ReadyDeclared') openNctr.set(fact.journeyId, at);
    else if (fact.kind === 'ReadinessWithdrawn') closeNctr(fact.journeyId, at);
    else if (fact.kind === 'Discharged') {
      closeStay(fact.journeyId, at);
      closeNctr(fact.journeyId, at);
    }
  }
  for (const [, from] of openNctr) nctr.push({ from, to: Infinity });
  return { stays: [...stays.values()], nctr };
}

/** Empirical quantiles (nearest rank). */
export function quantiles(values: readonly number[]): Quantiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number | null =>
    sorted.length === 0
      ? null
      : (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? null);
  return { n: sorted.length, median: at(0.5), p90: at(0.9), p95: at(0.95) };
}

function localMidnights(startMs: number, endMs: number): number[] {
  const result: number[] = [];
  for (let date = londonDate(new Date(startMs)); ; date = addDays(date, 1)) {
    const midnight = atLondonTime(date, 0).getTime();
    if (midnight >= endMs) return result;
    if (midnight >= startMs) result.push(midnight);
  }
}
