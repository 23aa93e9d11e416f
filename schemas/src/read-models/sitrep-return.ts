import type { LocalDate } from '../avro/logical-types';
import { addDays, daysBetween } from './london';
import { hashFields } from './nctr-census';
import { DEFAULT_VIEW_CONFIG, byString, round2, type ViewConfig } from './view-common';

/*
 * The acute discharge sitrep as NHS England publishes it each month in long format (one line per period,
 * organisation and metric): "Acute discharge situation report",
 * https://www.england.nhs.uk/statistics/statistical-work-areas/discharge-delays/acute-discharge-situation-report/
 * (collection: "Acute discharge situation report: technical specification", 30 April 2024,
 * https://www.england.nhs.uk/publication/acute-discharge-situation-report-technical-specification/).
 *
 * Per day and provider: the people who no longer meet the criteria to reside (NCTR), those of them discharged
 * that day, and those remaining in hospital at the end of the day. The published figures satisfy
 * NCTR = discharged + remaining, which this view keeps by construction. Weekly: additional bed days of the
 * people remaining NCTR with a length of stay of 7, 14 and 21 days or over. Monthly (published since August
 * 2025): delayed bed days in the month, their cost and the daily average remaining.
 *
 * The hub's choices where the published material is silent (docs/national-measures.md, "Acute discharge
 * sitrep export"):
 * - NCTR from the time the hub learnt of it (the readiness episode's readyAt, a London date), as the NCTR
 *   census; a person whose episode ends without discharge (criteria met again, withdrawn, died) leaves the
 *   census that day and is in no daily figure of that day.
 * - Additional bed days: a snapshot at the end of each Sunday, published against the week commencing the
 *   Monday before; each person remaining NCTR then adds the calendar days from their DRD to the Sunday,
 *   when their length of stay (calendar days from the admission date) is at least 7, 14 or 21 days. A person
 *   with no admission time is in no length-of-stay group.
 * - Delayed bed days in a month: the sum over its days of the people remaining NCTR at the end of the day
 *   (a person discharged 3 days after their DRD adds 3); the cost is that times the configured bed-day cost
 *   (HOMEFIRST_BED_DAY_COST_GBP, default £400), not NHS England's own unit cost. Only whole months inside
 *   the requested range get monthly lines.
 */

/** The published metric names. */
export const SITREP_METRICS = {
  nctr: 'Number of patients who no longer meet the criteria to reside',
  discharged: 'Number of patients discharged',
  remaining: 'Number of patients remaining in hospital who no longer meet the criteria to reside',
  additional7: 'Number of additional bed days, patients with length of stay of 7 days or over',
  additional14: 'Number of additional bed days, patients with length of stay of 14 days or over',
  additional21: 'Number of additional bed days, patients with length of stay of 21 days or over',
  delayedBedDays: 'Total number of delayed bed days in the month',
  delayedCost: 'Total cost of delayed bed days in the month',
  dailyAverageRemaining:
    'Daily Average - Number of patients remaining in hospital who no longer meet the criteria to reside',
} as const;
export type SitrepMetricKey = keyof typeof SITREP_METRICS;

/** Metric Type and Metric Group of each metric (as third-party parsers of the files name them: see the docs). */
const METRIC_KIND: Record<SitrepMetricKey, { readonly type: string; readonly group: string }> = {
  nctr: { type: 'Daily metric', group: 'NCTR' },
  discharged: { type: 'Daily metric', group: 'Discharges' },
  remaining: { type: 'Daily metric', group: 'NCTR not discharged' },
  additional7: { type: 'Weekly snapshot metric', group: 'Additional bed days lost' },
  additional14: { type: 'Weekly snapshot metric', group: 'Additional bed days lost' },
  additional21: { type: 'Weekly snapshot metric', group: 'Additional bed days lost' },
  delayedBedDays: { type: 'Monthly metric', group: 'Delayed bed days' },
  delayedCost: { type: 'Monthly metric', group: 'Delayed bed days' },
  dailyAverageRemaining: { type: 'Monthly metric', group: 'Delayed bed days' },
};

/** The longest range one request may ask for, in days. */
export const SITREP_MAX_DAYS = 366;

/** The length-of-stay thresholds of the weekly additional bed days. */
const LOS_THRESHOLDS = [
  [7, 'additional7'],
  [14, 'additional14'],
  [21, 'additional21'],
] as const;

/** How a readiness episode ended, for the `sitrep` KPI hash: still open, discharged, or anything else. */
export type SitrepOutcome = 'open' | 'discharged' | 'ended';

/**
 * What one readiness episode adds to the `sitrep` KPI hash: [field, amount] pairs. The field is
 * `readyDay|trust|endDay|outcome|drd|admittedDay` (endDay and admittedDay empty when unknown), so the view
 * can place the person on every day of the return. An episode that began and ended the same day without a
 * discharge is in no figure and adds nothing.
 */
export function sitrepContribution(episode: {
  /** London date the hub learnt the person no longer met the criteria (the census starts here). */
  readonly readyDay: LocalDate;
  readonly trust: string;
  /** London date the episode ended; null while open. */
  readonly endDay: LocalDate | null;
  readonly outcome: SitrepOutcome;
  readonly dischargeReadyDate: LocalDate;
  /** London date of admission; null when unknown. */
  readonly admittedDay: LocalDate | null;
}): [string, number][] {
  const end = episode.outcome === 'open' ? null : episode.endDay;
  if (end !== null && end <= episode.readyDay && episode.outcome !== 'discharged') return [];
  const field = [
    episode.readyDay,
    episode.trust,
    end ?? '',
    episode.outcome,
    episode.dischargeReadyDate,
    episode.admittedDay ?? '',
  ].join('|');
  return [[field, 1]];
}

export interface SitrepLine {
  /** YYYY-MM-DD: the day, the Monday of the week (week commencing) or the first of the month. */
  readonly period: LocalDate;
  /** The provider (trust) code. */
  readonly orgCode: string;
  readonly metric: string;
  readonly metricType: string;
  readonly metricGroup: string;
  readonly value: number;
}

export interface SitrepReturnView {
  readonly range: { readonly from: LocalDate; readonly to: LocalDate };
  readonly bedDayCostGbp: number;
  /** Daily lines, then weekly, then monthly; each by period then provider. */
  readonly lines: readonly SitrepLine[];
}

interface Tally {
  readonly remaining: Map<LocalDate, number>;
  readonly discharged: Map<LocalDate, number>;
  /** By snapshot Sunday: the additional bed days per length-of-stay threshold. */
  readonly additional: Map<LocalDate, Map<SitrepMetricKey, number>>;
}

const add = <K>(map: Map<K, number>, key: K, amount: number): void => {
  map.set(key, (map.get(key) ?? 0) + amount);
};

/** Is this London date a Sunday (the weekly snapshot)? */
const isSunday = (day: LocalDate): boolean => new Date(`${day}T00:00:00Z`).getUTCDay() === 0;

/** Tallies per provider from the `sitrep` KPI hash, over the days from `from` to `to`. */
function tally(hash: Readonly<Record<string, number>>, from: LocalDate, to: LocalDate): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const [
    [readyDay = '', trust = '', endDay = '', outcome = '', drd = '', admitted = ''],
    count,
  ] of hashFields(hash)) {
    if (count === 0 || readyDay === '' || trust === '') continue;
    let t = tallies.get(trust);
    if (t === undefined)
      tallies.set(trust, (t = { remaining: new Map(), discharged: new Map(), additional: new Map() }));
    if (outcome === 'discharged' && endDay >= from && endDay <= to) add(t.discharged, endDay, count);
    // Remaining at the end of each day from readyDay up to the day before it ended (or `to` while open).
    const last = outcome === 'open' || endDay === '' ? to : addDays(endDay, -1);
    for (let day = readyDay < from ? from : readyDay; day <= last && day <= to; day = addDays(day, 1)) {
      add(t.remaining, day, count);
      if (!isSunday(day) || admitted === '') continue;
      const stay = daysBetween(admitted, day);
      const extra = Math.max(0, daysBetween(drd, day)) * count;
      let week = t.additional.get(day);
      if (week === undefined) t.additional.set(day, (week = new Map<SitrepMetricKey, number>()));
      for (const [threshold, key] of LOS_THRESHOLDS) if (stay >= threshold) add(week, key, extra);
    }
  }
  return tallies;
}

/** The days from `from` to `to` (inclusive). */
const daysOf = (from: LocalDate, to: LocalDate): LocalDate[] => {
  const days: LocalDate[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
};

/** The sitrep return from the `sitrep` KPI hash, for the days from `from` to `to` (inclusive, London). */
export function sitrepReturnView(
  hash: Readonly<Record<string, number>>,
  range: { readonly from: LocalDate; readonly to: LocalDate },
  config: Pick<ViewConfig, 'bedDayCostGbp'> = DEFAULT_VIEW_CONFIG,
): SitrepReturnView {
  const { from, to } = range;
  const tallies = tally(hash, from, to);
  const trusts = [...tallies.keys()].sort(byString);
  const days = daysOf(from, to);
  const line = (period: LocalDate, orgCode: string, key: SitrepMetricKey, value: number): SitrepLine => ({
    period,
    orgCode,
    metric: SITREP_METRICS[key],
    metricType: METRIC_KIND[key].type,
    metricGroup: METRIC_KIND[key].group,
    value,
  });
  const daily: SitrepLine[] = [];
  const weekly: SitrepLine[] = [];
  for (const day of days)
    for (const trust of trusts) {
      const t = tallies.get(trust) as Tally; // a key of tallies
      const remaining = t.remaining.get(day) ?? 0;
      const discharged = t.discharged.get(day) ?? 0;
      daily.push(
        line(day, trust, 'nctr', remaining + discharged),
        line(day, trust, 'discharged', discharged),
        line(day, trust, 'remaining', remaining),
      );
      if (isSunday(day))
        for (const [, key] of LOS_THRESHOLDS)
          weekly.push(line(addDays(day, -6), trust, key, t.additional.get(day)?.get(key) ?? 0));
    }
  const monthly: SitrepLine[] = [];
  for (const first of days.filter((day) => day.endsWith('-01'))) {
    const monthDays = days.filter((day) => day.startsWith(first.slice(0, 7)));
    if (addDays(monthDays.at(-1) ?? first, 1).slice(0, 7) === first.slice(0, 7)) continue; // not whole
    for (const trust of trusts) {
      const t = tallies.get(trust) as Tally; // a key of tallies
      const bedDays = monthDays.reduce((sum, day) => sum + (t.remaining.get(day) ?? 0), 0);
      monthly.push(
        line(first, trust, 'delayedBedDays', bedDays),
        line(first, trust, 'delayedCost', round2(bedDays * config.bedDayCostGbp)),
        line(first, trust, 'dailyAverageRemaining', round2(bedDays / monthDays.length)),
      );
    }
  }
  return {
    range: { from, to },
    bedDayCostGbp: config.bedDayCostGbp,
    lines: [...daily, ...weekly, ...monthly],
  };
}

/** The published file's columns, in its order. */
export const SITREP_CSV_COLUMNS = [
  'Period',
  'Level',
  'Region',
  'ICB',
  'Org Code',
  'Org Name',
  'Metric',
  'Metric Type',
  'Metric Group',
  'Value',
] as const;

const csvCell = (value: string | number): string => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * The return as CSV in the published long format: Level PROVIDER, Org Code the trust; Region, ICB and Org
 * Name empty (the hub does not hold them; a reconciliation joins on Org Code).
 */
export function sitrepReturnCsv(view: SitrepReturnView): string {
  const rows = view.lines.map((l) =>
    [l.period, 'PROVIDER', '', '', l.orgCode, '', l.metric, l.metricType, l.metricGroup, l.value]
      .map(csvCell)
      .join(','),
  );
  return `${[SITREP_CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
