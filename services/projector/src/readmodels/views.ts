import {
  delayAttributionOf,
  type DelayAttribution,
  type DelayReason,
  type LocalDate,
  type Pathway,
} from '@homefirst/schemas';
import { DAY_MS, HOUR_MS, addDays, daysBetween, localDateOf } from '../time/london';
import { SITREP_REASONS, type QueueReason } from './delay-reason';
import type { Journey, KpiCounts, QueueEntry, TrackerEpisode, WeeklyDischarge } from './model';

/**
 * Query-time views: stored facts + `now` → what a board shows. Pure; the API reimplements these over
 * the same Redis keys (README.md), or moves them into a shared package.
 */

export interface ViewConfig {
  /** £ per excess bed day (default 400: the seed material, King's Fund range £395–£562). */
  readonly bedDayCostGbp: number;
  /** An open episode with fewer hours than this left and no provider sourced is at risk (default 12). */
  readonly atRiskHours: number;
}

export const DEFAULT_VIEW_CONFIG: ViewConfig = { bedDayCostGbp: 400, atRiskHours: 12 };

export interface PageRequest {
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;
const ms = (isoTime: string): number => Date.parse(isoTime);
const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/* ───────────── 48-hour tracker ───────────── */

export type TrackerStatus = 'on_track' | 'at_risk' | 'breached' | 'met' | 'withdrawn';
export const TRACKER_STATUSES: readonly TrackerStatus[] = [
  'on_track',
  'at_risk',
  'breached',
  'met',
  'withdrawn',
];

/**
 * Status of a readiness episode at `now`. Ended by `now`: met (discharged by the deadline), breached
 * (discharged later), withdrawn (criteria to reside met again, or died). Open at `now`: breached past the
 * deadline; at risk with fewer than `atRiskHours` left and no provider sourced by `now`; else on track.
 */
export function trackerStatus(
  episode: Pick<TrackerEpisode, 'deadline' | 'endedAt' | 'ending' | 'providerSourcedAt'>,
  now: Date,
  config: Pick<ViewConfig, 'atRiskHours'> = DEFAULT_VIEW_CONFIG,
): TrackerStatus {
  const t = now.getTime();
  const deadline = ms(episode.deadline);
  if (episode.endedAt !== null && ms(episode.endedAt) <= t) {
    if (episode.ending === 'DISCHARGED') return ms(episode.endedAt) <= deadline ? 'met' : 'breached';
    return 'withdrawn';
  }
  if (t >= deadline) return 'breached';
  const sourced = episode.providerSourcedAt !== null && ms(episode.providerSourcedAt) <= t;
  if (deadline - t < config.atRiskHours * HOUR_MS && !sourced) return 'at_risk';
  return 'on_track';
}

export interface TrackerItem extends TrackerEpisode {
  readonly status: TrackerStatus;
  /** Hours to the deadline (negative once past); null once ended. */
  readonly hoursLeft: number | null;
  readonly providerSourced: boolean;
}

export interface TrackerFilters {
  readonly statuses?: readonly TrackerStatus[];
  readonly site?: string;
  readonly pathway?: Pathway;
}

export interface TrackerView {
  readonly now: string;
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly items: readonly TrackerItem[];
  readonly counts: Readonly<Record<TrackerStatus, number>>;
}

export function trackerItem(
  episode: TrackerEpisode,
  now: Date,
  config: ViewConfig = DEFAULT_VIEW_CONFIG,
): TrackerItem {
  const status = trackerStatus(episode, now, config);
  const ended = episode.endedAt !== null && ms(episode.endedAt) <= now.getTime();
  return {
    ...episode,
    status,
    hoursLeft: ended ? null : round2((ms(episode.deadline) - now.getTime()) / HOUR_MS),
    providerSourced: episode.providerSourcedAt !== null && ms(episode.providerSourcedAt) <= now.getTime(),
  };
}

/** Episodes at `now`, filtered, soonest deadline first; counts are over the filtered set, before paging. */
export function trackerView(
  episodes: Iterable<TrackerEpisode>,
  now: Date,
  filters: TrackerFilters = {},
  page: PageRequest = { page: 1, pageSize: 50 },
  config: ViewConfig = DEFAULT_VIEW_CONFIG,
): TrackerView {
  const counts: Record<TrackerStatus, number> = {
    on_track: 0,
    at_risk: 0,
    breached: 0,
    met: 0,
    withdrawn: 0,
  };
  const matching: TrackerItem[] = [];
  for (const episode of episodes) {
    if (filters.site !== undefined && episode.site !== filters.site) continue;
    if (filters.pathway !== undefined && episode.pathway !== filters.pathway) continue;
    const item = trackerItem(episode, now, config);
    if (filters.statuses !== undefined && !filters.statuses.includes(item.status)) continue;
    counts[item.status] += 1;
    matching.push(item);
  }
  matching.sort((a, b) => byString(a.deadline, b.deadline) || byString(a.episodeId, b.episodeId));
  const start = (page.page - 1) * page.pageSize;
  return {
    now: now.toISOString(),
    total: matching.length,
    page: page.page,
    pageSize: page.pageSize,
    items: matching.slice(start, start + page.pageSize),
    counts,
  };
}

export interface WeeklyRow {
  readonly weekStart: LocalDate;
  readonly pathway: Pathway | 'ALL';
  readonly site: string;
  /** Readiness episodes that ended in discharge that week. */
  readonly discharged: number;
  readonly within48h: number;
  readonly shareWithin48h: number | null;
  /** Median hours from ready to discharge (mean of the middle two for an even count). */
  readonly medianHours: number | null;
  /** 90th percentile, nearest rank. */
  readonly p90Hours: number | null;
}

const roundOrNull = (value: number | null): number | null => (value === null ? null : round2(value));
const median = (sorted: readonly number[]): number | null => {
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? null)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const nearestRank = (sorted: readonly number[], p: number): number | null =>
  sorted.length === 0 ? null : (sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? null);

/** Weekly 48-hour figures by pathway and site, with ALL rows; weeks as stored (Monday of the discharge week). */
export function weeklyFigures(weeks: ReadonlyMap<LocalDate, Iterable<WeeklyDischarge>>): WeeklyRow[] {
  const rows: WeeklyRow[] = [];
  for (const [weekStart, figures] of [...weeks.entries()].sort(([a], [b]) => byString(a, b))) {
    const groups = new Map<string, { pathway: Pathway | 'ALL'; site: string; hours: number[] }>();
    for (const figure of figures) {
      for (const pathway of ['ALL', figure.pathway] as const) {
        for (const site of ['ALL', figure.site]) {
          const key = `${pathway}|${site}`;
          let group = groups.get(key);
          if (group === undefined) {
            group = { pathway, site, hours: [] };
            groups.set(key, group);
          }
          group.hours.push(figure.hours);
        }
      }
    }
    for (const key of [...groups.keys()].sort(byString)) {
      const group = groups.get(key);
      if (group === undefined) continue;
      const sorted = [...group.hours].sort((a, b) => a - b);
      const within48h = sorted.filter((hours) => hours <= 48).length;
      rows.push({
        weekStart,
        pathway: group.pathway,
        site: group.site,
        discharged: sorted.length,
        within48h,
        shareWithin48h: round2(within48h / sorted.length),
        medianHours: roundOrNull(median(sorted)),
        p90Hours: roundOrNull(nearestRank(sorted, 0.9)),
      });
    }
  }
  return rows;
}

/* ───────────── delayed-transfer queue ───────────── */

export interface QueueFilters {
  readonly site?: string;
  readonly ward?: string;
  readonly pathway?: Pathway;
  /** A queue reason (incl. AWAITING_ASSESSMENT / AWAITING_PACKAGE_START) or a sitrep reason. */
  readonly reason?: QueueReason;
  readonly council?: string;
}

export interface QueueItem extends QueueEntry {
  readonly hoursWaiting: number;
  readonly daysWaiting: number;
  /** Calendar days from the DRD to today (NHS England's "days from DRD to discharge", so far). */
  readonly excessBedDays: number;
  readonly costGbp: number;
  readonly status: TrackerStatus;
}

export interface ReasonCount {
  readonly reason: DelayReason;
  /** The hub's default attribution of the reason. */
  readonly attribution: DelayAttribution;
  readonly count: number;
}

export interface QueueView {
  readonly now: string;
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly items: readonly QueueItem[];
  /** Over the filtered queue, every sitrep reason in Table 5 order (zeros included). */
  readonly countsByReason: readonly ReasonCount[];
  readonly countsByAttribution: Readonly<Record<DelayAttribution, number>>;
  readonly excessBedDays: number;
  readonly costGbp: number;
}

export const matchesQueueFilters = (entry: QueueEntry, filters: QueueFilters): boolean =>
  (filters.site === undefined || entry.site === filters.site) &&
  (filters.ward === undefined || entry.ward === filters.ward) &&
  (filters.pathway === undefined || entry.pathway === filters.pathway) &&
  (filters.reason === undefined ||
    entry.delayReason === filters.reason ||
    entry.sitrepReason === filters.reason) &&
  (filters.council === undefined || entry.council === filters.council);

export function queueItem(entry: QueueEntry, now: Date, config: ViewConfig = DEFAULT_VIEW_CONFIG): QueueItem {
  const hours = Math.max(0, (now.getTime() - ms(entry.readySince)) / HOUR_MS);
  const excessBedDays = Math.max(0, daysBetween(entry.dischargeReadyDate, localDateOf(now.getTime())));
  return {
    ...entry,
    hoursWaiting: round2(hours),
    daysWaiting: round2(hours / 24),
    excessBedDays,
    costGbp: excessBedDays * config.bedDayCostGbp,
    status: trackerStatus(
      { deadline: entry.deadline, endedAt: null, ending: null, providerSourcedAt: entry.providerSourcedAt },
      now,
      config,
    ),
  };
}

/** Orders queue entries longest wait first (then personKey, for a stable page order). */
export const compareQueueEntries = (a: QueueEntry, b: QueueEntry): number =>
  byString(a.readySince, b.readySince) || byString(a.personKey, b.personKey);

/** The delayed-transfer queue at `now`: filtered, longest wait first, one page, with Table 5 counts. */
export function queueView(
  entries: Iterable<QueueEntry>,
  now: Date,
  filters: QueueFilters = {},
  page: PageRequest = { page: 1, pageSize: 50 },
  config: ViewConfig = DEFAULT_VIEW_CONFIG,
): QueueView {
  const matching = [...entries]
    .filter((entry) => matchesQueueFilters(entry, filters))
    .sort(compareQueueEntries);
  const byReason = new Map<DelayReason, number>();
  const byAttribution: Record<DelayAttribution, number> = { NHS: 0, SOCIAL_CARE: 0, BOTH: 0, UNKNOWN: 0 };
  let excessBedDays = 0;
  const today = localDateOf(now.getTime());
  for (const entry of matching) {
    byReason.set(entry.sitrepReason, (byReason.get(entry.sitrepReason) ?? 0) + 1);
    byAttribution[entry.attribution] += 1;
    excessBedDays += Math.max(0, daysBetween(entry.dischargeReadyDate, today));
  }
  const start = (page.page - 1) * page.pageSize;
  return {
    now: now.toISOString(),
    total: matching.length,
    page: page.page,
    pageSize: page.pageSize,
    items: matching.slice(start, start + page.pageSize).map((entry) => queueItem(entry, now, config)),
    countsByReason: SITREP_REASONS.map((reason) => ({
      reason,
      attribution: delayAttributionOf(reason),
      count: byReason.get(reason) ?? 0,
    })),
    countsByAttribution: byAttribution,
    excessBedDays,
    costGbp: excessBedDays * config.bedDayCostGbp,
  };
}

/* ───────────── journeys ───────────── */

export interface JourneyView extends Journey {
  /** Admission to back home over every stay, intermediate-care beds included; open periods count to now. */
  readonly daysAwayFromHome: number;
}

export function journeyView(journey: Journey, now: Date): JourneyView {
  let awayMs = 0;
  for (const period of journey.awayPeriods) {
    const to = period.to === null ? now.getTime() : ms(period.to);
    awayMs += Math.max(0, to - ms(period.from));
  }
  return { ...journey, daysAwayFromHome: round2(awayMs / DAY_MS) };
}

/* ───────────── flow KPIs ───────────── */

/** NHS planning assumption for discharges of people 65+ (DHSC guidance): P0 50%, P1 45%, P2 4%, P3 1%. */
export const PLANNING_SPLIT: Readonly<Record<'P0' | 'P1' | 'P2' | 'P3', number>> = {
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
      readonly plannedShare: number | null;
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
  /** ASCOF 2B1: at home 91 days after discharge into reablement (discharges at least 91 days before today). */
  readonly stillAtHome91: {
    readonly eligible: number;
    readonly atHome: number;
    readonly share: number | null;
  };
  /** Bed-based intermediate care stays that ended in the range. */
  readonly intermediateCare: { readonly stays: number; readonly meanLengthOfStayDays: number | null };
}

const fieldsOf = (hash: Readonly<Record<string, number>>): [string[], number][] =>
  Object.entries(hash).map(([field, value]) => [field.split('|'), value]);

/** Census counts per (site, reason) at the end of each day, from the NCTR delta hash. */
export function nctrCensus(
  nctr: Readonly<Record<string, number>>,
  until: LocalDate,
): Map<LocalDate, Map<string, number>> {
  const deltas = fieldsOf(nctr)
    .map(([[day = '', site = '', reason = ''], value]) => ({ day, key: `${site}|${reason}`, value }))
    .filter((delta) => delta.day <= until)
    .sort((a, b) => byString(a.day, b.day));
  const census = new Map<LocalDate, Map<string, number>>();
  const running = new Map<string, number>();
  const first = deltas[0]?.day;
  if (first === undefined) return census;
  let index = 0;
  for (let day = first; day <= until; day = addDays(day, 1)) {
    for (; index < deltas.length && deltas[index]?.day === day; index += 1) {
      const delta = deltas[index];
      if (delta !== undefined) running.set(delta.key, (running.get(delta.key) ?? 0) + delta.value);
    }
    census.set(day, new Map([...running.entries()].filter(([, count]) => count !== 0)));
  }
  return census;
}

const inRange = (day: string, from: LocalDate | null, to: LocalDate): boolean =>
  (from === null || day >= from) && day <= to;

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

  const byPathway = new Map<Pathway, number>();
  for (const [[day = '', , pathway = 'UNKNOWN'], count] of fieldsOf(kpis.discharges)) {
    if (inRange(day, from, to))
      byPathway.set(pathway as Pathway, (byPathway.get(pathway as Pathway) ?? 0) + count);
  }
  const known = (['P0', 'P1', 'P2', 'P3'] as const).reduce((sum, p) => sum + (byPathway.get(p) ?? 0), 0);
  const pathways: Pathway[] = ['P0', 'P1', 'P2', 'P3', 'UNKNOWN'];
  const dischargesByPathway = {
    total: pathways.reduce((sum, p) => sum + (byPathway.get(p) ?? 0), 0),
    rows: pathways.map((pathway) => ({
      pathway,
      count: byPathway.get(pathway) ?? 0,
      share: pathway === 'UNKNOWN' || known === 0 ? null : round2((byPathway.get(pathway) ?? 0) / known),
      plannedShare: pathway === 'UNKNOWN' ? null : PLANNING_SPLIT[pathway],
    })),
  };

  const dischargedByAttribution: Record<string, number> = {};
  let dischargedExcess = 0;
  for (const [[day = '', , attribution = 'UNKNOWN'], days] of fieldsOf(kpis.excess)) {
    if (!inRange(day, from, to)) continue;
    dischargedExcess += days;
    dischargedByAttribution[attribution] = (dischargedByAttribution[attribution] ?? 0) + days;
  }
  let waitingExcess = 0;
  for (const entry of queue) waitingExcess += Math.max(0, daysBetween(entry.dischargeReadyDate, today));

  const byOutcome: Record<string, number> = {};
  let ended = 0;
  for (const [[day = '', , outcome = 'UNKNOWN'], count] of fieldsOf(kpis.reablement)) {
    if (!inRange(day, from, to)) continue;
    ended += count;
    byOutcome[outcome] = (byOutcome[outcome] ?? 0) + count;
  }
  const noOngoingSupport = byOutcome.NO_ONGOING_SUPPORT ?? 0;

  const lastEligibleDay = addDays(today, -91);
  let eligible = 0;
  let atHome = 0;
  for (const [[day = '', what], count] of fieldsOf(kpis.home91)) {
    if (!inRange(day, from, lastEligibleDay < to ? lastEligibleDay : to)) continue;
    if (what === 'cohort') eligible += count;
    if (what === 'atHome') atHome += count;
  }

  let stays = 0;
  let hours = 0;
  for (const [[day = '', what], count] of fieldsOf(kpis.icstay)) {
    if (!inRange(day, from, to)) continue;
    if (what === 'stays') stays += count;
    if (what === 'hours') hours += count;
  }

  return {
    now: now.toISOString(),
    range: { from, to },
    nctrNow: [...queue].length,
    nctrDaily,
    dischargesByPathway,
    excessBedDays: {
      discharged: dischargedExcess,
      waiting: waitingExcess,
      total: dischargedExcess + waitingExcess,
      costGbp: (dischargedExcess + waitingExcess) * config.bedDayCostGbp,
      dischargedByAttribution,
    },
    reablement: {
      ended,
      noOngoingSupport,
      shareNoOngoingSupport: ended === 0 ? null : round2(noOngoingSupport / ended),
      byOutcome,
    },
    stillAtHome91: { eligible, atHome, share: eligible === 0 ? null : round2(atHome / eligible) },
    intermediateCare: { stays, meanLengthOfStayDays: stays === 0 ? null : round2(hours / 24 / stays) },
  };
}

const csvCell = (value: string | number): string => {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * A sitrep-shaped CSV for one London day: one row per site and an ALL row, with the NCTR census by
 * Table 5 delay reason, discharges by pathway and excess bed days of that day's discharges.
 */
export function sitrepCsv(
  kpis: KpiCounts,
  date: LocalDate,
  config: ViewConfig = DEFAULT_VIEW_CONFIG,
): string {
  const census = nctrCensus(kpis.nctr, date).get(date) ?? new Map<string, number>();
  const sites = new Set<string>();
  const nctr = new Map<string, number>();
  for (const [key, count] of census) {
    const [site = '-', reason = 'UNKNOWN'] = key.split('|');
    sites.add(site);
    for (const s of [site, 'ALL']) nctr.set(`${s}|${reason}`, (nctr.get(`${s}|${reason}`) ?? 0) + count);
  }
  const discharged = new Map<string, number>();
  for (const [[day = '', site = '-', pathway = 'UNKNOWN'], count] of fieldsOf(kpis.discharges)) {
    if (day !== date) continue;
    sites.add(site);
    for (const s of [site, 'ALL']) {
      discharged.set(`${s}|${pathway}`, (discharged.get(`${s}|${pathway}`) ?? 0) + count);
      discharged.set(`${s}|*`, (discharged.get(`${s}|*`) ?? 0) + count);
    }
  }
  const excess = new Map<string, number>();
  for (const [[day = '', site = '-'], days] of fieldsOf(kpis.excess)) {
    if (day !== date) continue;
    sites.add(site);
    for (const s of [site, 'ALL']) excess.set(s, (excess.get(s) ?? 0) + days);
  }
  const header = [
    'date',
    'site',
    'nctr_patients',
    'discharged',
    'discharged_p0',
    'discharged_p1',
    'discharged_p2',
    'discharged_p3',
    'discharged_pathway_unknown',
    'excess_bed_days_of_discharged',
    'excess_cost_gbp',
    ...SITREP_REASONS.map((reason) => `nctr_${reason.toLowerCase()}`),
  ];
  const rows = [header.join(',')];
  for (const site of [...[...sites].sort(byString), 'ALL']) {
    const reasons = SITREP_REASONS.map((reason) => nctr.get(`${site}|${reason}`) ?? 0);
    const days = excess.get(site) ?? 0;
    rows.push(
      [
        date,
        site,
        reasons.reduce((sum, n) => sum + n, 0),
        discharged.get(`${site}|*`) ?? 0,
        ...(['P0', 'P1', 'P2', 'P3', 'UNKNOWN'] as const).map((p) => discharged.get(`${site}|${p}`) ?? 0),
        days,
        days * config.bedDayCostGbp,
        ...reasons,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}
