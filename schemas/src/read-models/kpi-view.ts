import type { LocalDate } from '../avro/logical-types';
import { ascofView, type AscofView } from './ascof';
import type { Pathway } from '../generated/events';
import { addDays, daysBetween, localDateOf } from './london';
import type { KpiCounts, QueueEntry } from './model';
import { hashFields, nctrCensus } from './nctr-census';
import { DEFAULT_VIEW_CONFIG, round2, type PathwayTargets, type ViewConfig } from './view-common';

/* ───────────── flow KPIs ───────────── */

/**
 * The withdrawn 2020–21 planning assumption (COVID-19 Hospital Discharge Service Requirements): at least 50%
 * of discharges on P0 and 45% on P1, at most 4% on P2 and 1% on P3. Historical only: NOT a target — the
 * current guidance (Jan 2024) sets no percentages, and each system configures its own (ViewConfig
 * pathwayTargets). Kept so an analysis can name the old assumption it compares against.
 */
export const WITHDRAWN_2020_PLANNING_SPLIT: Readonly<Record<'P0' | 'P1' | 'P2' | 'P3', number>> = {
  P0: 0.5,
  P1: 0.45,
  P2: 0.04,
  P3: 0.01,
};

export interface KpiRange {
  /** First and last London day counted (inclusive); default: everything up to today. */
  readonly from?: LocalDate;
  readonly to?: LocalDate;
}

export interface KpiView {
  readonly now: string;
  readonly range: { readonly from: LocalDate | null; readonly to: LocalDate };
  /** People ready but not discharged, now. */
  readonly nctrNow: number;
  /** NCTR at each day's census (end of the London day), from the first day with data. */
  readonly nctrDaily: readonly { readonly date: LocalDate; readonly count: number }[];
  readonly dischargesByPathway: {
    readonly total: number;
    readonly rows: readonly {
      readonly pathway: Pathway;
      readonly count: number;
      readonly share: number | null;
      /** The system's own target share for the pathway (ViewConfig pathwayTargets); null when it set none. */
      readonly targetShare: number | null;
    }[];
  };
  readonly excessBedDays: {
    /** Of people discharged in the range. */
    readonly discharged: number;
    /** Of people still waiting now. */
    readonly waiting: number;
    readonly total: number;
    readonly costGbp: number;
    readonly dischargedByAttribution: Readonly<Record<string, number>>;
  };
  readonly reablement: {
    readonly ended: number;
    readonly noOngoingSupport: number;
    readonly shareNoOngoingSupport: number | null;
    readonly byOutcome: Readonly<Record<string, number>>;
  };
  /**
   * Historical: ASCOF 2B1 as published until 2023-24, at home 91 days after discharge into reablement
   * (discharges at least 91 days before today). Replaced from 2024-25 by ASCOF 2D (`ascof`).
   */
  readonly stillAtHome91: {
    readonly eligible: number;
    readonly atHome: number;
    readonly share: number | null;
  };
  /** Bed-based intermediate care stays that ended in the range. */
  readonly intermediateCare: { readonly stays: number; readonly meanLengthOfStayDays: number | null };
  /** ASCOF 2D and 2A, the current measures (read-models/ascof.ts). */
  readonly ascof: AscofView;
}

const inRange = (day: string, from: LocalDate | null, to: LocalDate): boolean =>
  (from === null || day >= from) && day <= to;

/** Totals per value of a hash's second dimension (`day|x|value` or `day|value`) over the days in range. */
function totalsInRange(
  hash: Readonly<Record<string, number>>,
  dimension: 1 | 2,
  from: LocalDate | null,
  to: LocalDate,
): { total: number; byValue: Record<string, number> } {
  const byValue: Record<string, number> = {};
  let total = 0;
  for (const [fields, count] of hashFields(hash)) {
    const day = fields[0] ?? '';
    const value = fields[dimension] ?? 'UNKNOWN';
    if (!inRange(day, from, to)) continue;
    total += count;
    byValue[value] = (byValue[value] ?? 0) + count;
  }
  return { total, byValue };
}

const PATHWAYS: readonly Pathway[] = ['P0', 'P1', 'P2', 'P3', 'UNKNOWN'];

function dischargesByPathway(
  discharges: Readonly<Record<string, number>>,
  from: LocalDate | null,
  to: LocalDate,
  targets: PathwayTargets,
): KpiView['dischargesByPathway'] {
  const byPathway = new Map<Pathway, number>();
  for (const [[day = '', , pathway = 'UNKNOWN'], count] of hashFields(discharges)) {
    if (inRange(day, from, to))
      byPathway.set(pathway as Pathway, (byPathway.get(pathway as Pathway) ?? 0) + count);
  }
  const known = (['P0', 'P1', 'P2', 'P3'] as const).reduce((sum, p) => sum + (byPathway.get(p) ?? 0), 0);
  return {
    total: PATHWAYS.reduce((sum, p) => sum + (byPathway.get(p) ?? 0), 0),
    rows: PATHWAYS.map((pathway) => ({
      pathway,
      count: byPathway.get(pathway) ?? 0,
      share: pathway === 'UNKNOWN' || known === 0 ? null : round2((byPathway.get(pathway) ?? 0) / known),
      targetShare: pathway === 'UNKNOWN' ? null : (targets[pathway] ?? null),
    })),
  };
}

export function kpiView(
  kpis: KpiCounts,
  queue: Iterable<QueueEntry>,
  now: Date,
  range: KpiRange = {},
  config: ViewConfig = DEFAULT_VIEW_CONFIG,
): KpiView {
  const today = localDateOf(now.getTime());
  const to = range.to !== undefined && range.to < today ? range.to : today;
  const from = range.from ?? null;
  const census = nctrCensus(kpis.nctr, to);
  const nctrDaily = [...census.entries()]
    .filter(([day]) => inRange(day, from, to))
    .map(([date, counts]) => ({ date, count: [...counts.values()].reduce((sum, n) => sum + n, 0) }));

  const excess = totalsInRange(kpis.excess, 2, from, to);
  let waitingExcess = 0;
  for (const entry of queue) waitingExcess += Math.max(0, daysBetween(entry.dischargeReadyDate, today));

  const reablement = totalsInRange(kpis.reablement, 2, from, to);
  const noOngoingSupport = reablement.byValue.NO_ONGOING_SUPPORT ?? 0;

  const lastEligibleDay = addDays(today, -91);
  const home91 = totalsInRange(kpis.home91, 1, from, lastEligibleDay < to ? lastEligibleDay : to).byValue;
  const eligible = home91.cohort ?? 0;
  const atHome = home91.atHome ?? 0;

  const icstay = totalsInRange(kpis.icstay, 1, from, to).byValue;
  const stays = icstay.stays ?? 0;
  const hours = icstay.hours ?? 0;

  return {
    now: now.toISOString(),
    range: { from, to },
    nctrNow: [...queue].length,
    nctrDaily,
    dischargesByPathway: dischargesByPathway(kpis.discharges, from, to, config.pathwayTargets),
    excessBedDays: {
      discharged: excess.total,
      waiting: waitingExcess,
      total: excess.total + waitingExcess,
      costGbp: (excess.total + waitingExcess) * config.bedDayCostGbp,
      dischargedByAttribution: excess.byValue,
    },
    reablement: {
      ended: reablement.total,
      noOngoingSupport,
      shareNoOngoingSupport: reablement.total === 0 ? null : round2(noOngoingSupport / reablement.total),
      byOutcome: reablement.byValue,
    },
    stillAtHome91: { eligible, atHome, share: eligible === 0 ? null : round2(atHome / eligible) },
    intermediateCare: { stays, meanLengthOfStayDays: stays === 0 ? null : round2(hours / 24 / stays) },
    ascof: ascofView(kpis, today, from, to),
  };
}
