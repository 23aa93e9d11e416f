import type { DelayAttribution, DelayReason, Pathway } from '../generated/events';
import { delayAttributionOf } from '../vocabulary/delay-attribution';
import type { LocalDate } from '../avro/logical-types';
import { HOUR_MS, addDays, dayNumberOf, daysBetween, localDateOf } from './london';
import type { QueueEntry } from './model';
import { SITREP_REASONS, type QueueReason } from './reasons';
import { trackerStatus, type TrackerStatus } from './tracker-view';
import type { PageRequest, ViewConfig } from './view-common';
import { DEFAULT_VIEW_CONFIG, FIRST_PAGE, byString, ms, pageAt, round2 } from './view-common';

/* ───────────── delayed-transfer queue ───────────── */

export interface QueueFilters {
  readonly site?: string;
  readonly ward?: string;
  readonly pathway?: Pathway;
  /** A queue reason (incl. AWAITING_ASSESSMENT / AWAITING_PACKAGE_START) or a sitrep reason. */
  readonly reason?: QueueReason;
  readonly council?: string;
  /** Only the long-delay cohort (see isLongDelay); the counts stay those of the queue under the other filters. */
  readonly longDelay?: boolean;
}

export interface QueueItem extends QueueEntry {
  readonly hoursWaiting: number;
  readonly daysWaiting: number;
  /** Calendar days from the DRD to today (NHS England's "days from DRD to discharge", so far). */
  readonly excessBedDays: number;
  readonly costGbp: number;
  readonly status: TrackerStatus;
  /** In the long-delay cohort: excessBedDays ≥ ViewConfig longDelayDays (21). */
  readonly longDelay: boolean;
  /** Hours the current reason has lasted when it is internal (ViewConfig internalReasons); else null. */
  readonly internalDelayHours: number | null;
  /** An internal delay that has lasted over 48 hours (NHS England 2025/26: eliminate these). */
  readonly internalDelayOver48h: boolean;
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
  /** How many of the queue under the filters (longDelay aside) are in the long-delay cohort today. */
  readonly longDelayCount: number;
}

/**
 * In the long-delay cohort on `today` (a London date): at least `longDelayDays` (21) calendar days from the
 * discharge ready date to today — NHS England's "days from DRD to discharge" counted so far ("Discharge
 * ready date: guidance, examples and FAQs"), and the "21+ days" band of its DRD timeliness statistics.
 * NHS England's "Urgent and emergency care plan 2025/26" asks systems to start with the people who stay
 * 21+ days past their DRD. E.g. DRD 1 March: 21 March is day 20 (not in it), 22 March day 21 (in it).
 */
export const isLongDelay = (
  dischargeReadyDate: LocalDate,
  today: LocalDate,
  config: Pick<ViewConfig, 'longDelayDays'> = DEFAULT_VIEW_CONFIG,
): boolean => daysBetween(dischargeReadyDate, today) >= config.longDelayDays;

/** The latest DRD in the long-delay cohort on `today`: the cohort is everyone whose DRD is on or before it. */
export const longDelayCutoff = (
  today: LocalDate,
  config: Pick<ViewConfig, 'longDelayDays'> = DEFAULT_VIEW_CONFIG,
): LocalDate => addDays(today, -config.longDelayDays);

export const matchesQueueFilters = (entry: QueueEntry, filters: QueueFilters): boolean =>
  (filters.site === undefined || entry.site === filters.site) &&
  (filters.ward === undefined || entry.ward === filters.ward) &&
  (filters.pathway === undefined || entry.pathway === filters.pathway) &&
  (filters.reason === undefined ||
    entry.delayReason === filters.reason ||
    entry.sitrepReason === filters.reason) &&
  (filters.council === undefined || entry.council === filters.council);

/** An internal delay longer than this is flagged (NHS England 2025/26: no internal delays over 48 hours). */
export const INTERNAL_DELAY_LIMIT_HOURS = 48;

/** The fields of a queue item that depend on the time it is shown at (the rest are the stored entry's). */
export type QueueWait = Pick<
  QueueItem,
  | 'hoursWaiting'
  | 'daysWaiting'
  | 'excessBedDays'
  | 'costGbp'
  | 'longDelay'
  | 'internalDelayHours'
  | 'internalDelayOver48h'
>;

/** What a queue entry's wait is counted from, read once from the stored entry (instants in epoch ms). */
export interface QueueWaitBasis {
  readonly readyMs: number;
  /** When the current reason began, for an internal reason (ViewConfig internalReasons); else null. */
  readonly internalSinceMs: number | null;
  /** The DRD as a whole day number (dayNumberOf). */
  readonly drdDay: number;
}

export const queueWaitBasis = (
  entry: QueueEntry,
  config: Pick<ViewConfig, 'internalReasons'> = DEFAULT_VIEW_CONFIG,
): QueueWaitBasis => ({
  readyMs: ms(entry.readySince),
  internalSinceMs: config.internalReasons.includes(entry.delayReason)
    ? ms(entry.delayReasonSince ?? entry.readySince)
    : null,
  drdDay: dayNumberOf(entry.dischargeReadyDate),
});

/** An entry's wait at `nowMs`, London's day then being `todayDay` (dayNumberOf(localDateOf(nowMs))). */
export function queueWait(
  basis: QueueWaitBasis,
  nowMs: number,
  todayDay: number,
  config: Pick<ViewConfig, 'bedDayCostGbp' | 'longDelayDays'> = DEFAULT_VIEW_CONFIG,
): QueueWait {
  const hours = Math.max(0, (nowMs - basis.readyMs) / HOUR_MS);
  const daysFromDrd = todayDay - basis.drdDay;
  const excessBedDays = Math.max(0, daysFromDrd);
  const internalHours =
    basis.internalSinceMs === null ? null : Math.max(0, (nowMs - basis.internalSinceMs) / HOUR_MS);
  return {
    hoursWaiting: round2(hours),
    daysWaiting: round2(hours / 24),
    excessBedDays,
    costGbp: excessBedDays * config.bedDayCostGbp,
    // isLongDelay: calendar days from the DRD to today, at least longDelayDays.
    longDelay: daysFromDrd >= config.longDelayDays,
    internalDelayHours: internalHours === null ? null : round2(internalHours),
    internalDelayOver48h: internalHours !== null && internalHours > INTERNAL_DELAY_LIMIT_HOURS,
  };
}

/** An entry as the queue shows it at `now`; `today` (London's date at `now`) may be given once for a page. */
export function queueItem(
  entry: QueueEntry,
  now: Date,
  config: ViewConfig = DEFAULT_VIEW_CONFIG,
  today: string = localDateOf(now.getTime()),
): QueueItem {
  const wait = queueWait(queueWaitBasis(entry, config), now.getTime(), dayNumberOf(today), config);
  // Field by field, not `{ ...entry, hoursWaiting, … }`: V8 (Node 20) builds a spread with new keys in a slow
  // path, ~500× the cost of this literal (18 µs an item, 50 items a queue page). tsc checks every field is here.
  return {
    personKey: entry.personKey,
    nhsNumber: entry.nhsNumber,
    episodeId: entry.episodeId,
    spellId: entry.spellId,
    trust: entry.trust,
    site: entry.site,
    ward: entry.ward,
    bed: entry.bed,
    pathway: entry.pathway,
    dischargeReadyDate: entry.dischargeReadyDate,
    readySince: entry.readySince,
    deadline: entry.deadline,
    delayReason: entry.delayReason,
    sitrepReason: entry.sitrepReason,
    delayReasonSource: entry.delayReasonSource,
    delayReasonSince: entry.delayReasonSince,
    attribution: entry.attribution,
    council: entry.council,
    referralId: entry.referralId,
    providerSourcedAt: entry.providerSourcedAt,
    expectedDischargeDate: entry.expectedDischargeDate,
    onLeave: entry.onLeave,
    admittedAt: entry.admittedAt,
    hoursWaiting: wait.hoursWaiting,
    daysWaiting: wait.daysWaiting,
    excessBedDays: wait.excessBedDays,
    costGbp: wait.costGbp,
    status: trackerStatus(
      { deadline: entry.deadline, endedAt: null, ending: null, providerSourcedAt: entry.providerSourcedAt },
      now,
      config,
    ),
    longDelay: wait.longDelay,
    internalDelayHours: wait.internalDelayHours,
    internalDelayOver48h: wait.internalDelayOver48h,
  } satisfies Required<QueueItem>;
}

/** Orders queue entries longest wait first (then personKey, for a stable page order). */
export const compareQueueEntries = (a: QueueEntry, b: QueueEntry): number =>
  byString(a.readySince, b.readySince) || byString(a.personKey, b.personKey);

/** The delayed-transfer queue at `now`: filtered, longest wait first, one page, with Table 5 counts. */
export function queueView(
  entries: Iterable<QueueEntry>,
  now: Date,
  filters: QueueFilters = {},
  page: PageRequest = FIRST_PAGE,
  config: ViewConfig = DEFAULT_VIEW_CONFIG,
): QueueView {
  const matching = [...entries]
    .filter((entry) => matchesQueueFilters(entry, filters))
    .sort(compareQueueEntries);
  const byReason = new Map<DelayReason, number>();
  const byAttribution: Record<DelayAttribution, number> = { NHS: 0, SOCIAL_CARE: 0, BOTH: 0, UNKNOWN: 0 };
  let excessBedDays = 0;
  const today = localDateOf(now.getTime());
  const cohort: QueueEntry[] = [];
  for (const entry of matching) {
    byReason.set(entry.sitrepReason, (byReason.get(entry.sitrepReason) ?? 0) + 1);
    byAttribution[entry.attribution] += 1;
    excessBedDays += Math.max(0, daysBetween(entry.dischargeReadyDate, today));
    if (isLongDelay(entry.dischargeReadyDate, today, config)) cohort.push(entry);
  }
  const listed = filters.longDelay === true ? cohort : matching;
  return {
    ...pageAt(now, listed, page, (entry) => queueItem(entry, now, config, today)),
    countsByReason: SITREP_REASONS.map((reason) => ({
      reason,
      attribution: delayAttributionOf(reason),
      count: byReason.get(reason) ?? 0,
    })),
    countsByAttribution: byAttribution,
    excessBedDays,
    costGbp: excessBedDays * config.bedDayCostGbp,
    longDelayCount: cohort.length,
  };
}
