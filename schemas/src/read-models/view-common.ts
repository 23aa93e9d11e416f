import { hospitalProcessCodes } from '../vocabulary/delay-family';

/**
 * What every query-time view shares: its configuration, the page it returns, and the rounding and
 * ordering it uses. Views are pure (stored facts + `now` → what a board shows); shared by the projector
 * (which writes the facts) and the API (which reads them back from the Redis keys of keys.ts).
 */

/**
 * A system's own targets for the share of discharges on each pathway (0–1), as its winter or operating plan
 * sets them: current statutory guidance (Hospital discharge and community support guidance, Jan 2024)
 * defines the pathways without percentages, so there is no national target to default to. A pathway
 * without a target is left out.
 */
export type PathwayTargets = Readonly<Partial<Record<'P0' | 'P1' | 'P2' | 'P3', number>>>;

export interface ViewConfig {
  /** £ per excess bed day (default 400: the seed material, King's Fund range £395–£562). */
  readonly bedDayCostGbp: number;
  /** An open episode with fewer hours than this left and no provider sourced is at risk (default 12). */
  readonly atRiskHours: number;
  /** The system's local pathway targets (default none: see PathwayTargets). */
  readonly pathwayTargets: PathwayTargets;
  /** Days past the DRD from which a person is in the long-delay cohort (default 21: NHS England 2025/26). */
  readonly longDelayDays: number;
  /**
   * The delay reasons that are *internal* (the hospital's own process), flagged when one has lasted over 48
   * hours (default INTERNAL_DELAY_REASONS, docs/delay-attribution.md).
   */
  readonly internalReasons: readonly string[];
}

/**
 * The hospital-process reasons: NHS England names eliminating internal delays over 48 hours a 2025/26
 * priority (Urgent and emergency care plan 2025/26) without defining "internal"; the hub counts the reasons
 * of the acute return's Hospital process family — the ward's and the trust's own steps — and the Table 5
 * codes that count under them (docs/delay-reasons.md).
 */
export const INTERNAL_DELAY_REASONS: readonly string[] = hospitalProcessCodes();

export const DEFAULT_VIEW_CONFIG: ViewConfig = {
  bedDayCostGbp: 400,
  atRiskHours: 12,
  pathwayTargets: {},
  longDelayDays: 21,
  internalReasons: INTERNAL_DELAY_REASONS,
};

export interface PageRequest {
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
}

export const FIRST_PAGE: PageRequest = { page: 1, pageSize: 50 };

/** One page of the matching items at `now`, with the total before paging. */
export const pageAt = <T, I>(
  now: Date,
  matching: readonly T[],
  page: PageRequest,
  toItem: (entry: T) => I,
): { now: string; total: number; page: number; pageSize: number; items: readonly I[] } => {
  const start = (page.page - 1) * page.pageSize;
  return {
    now: now.toISOString(),
    total: matching.length,
    page: page.page,
    pageSize: page.pageSize,
    items: matching.slice(start, start + page.pageSize).map(toItem),
  };
};

export const round2 = (value: number): number => Math.round(value * 100) / 100;
export const roundOrNull = (value: number | null): number | null => (value === null ? null : round2(value));
/** Epoch milliseconds of a stored ISO instant. */
export const ms = (isoTime: string): number => Date.parse(isoTime);
export const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
