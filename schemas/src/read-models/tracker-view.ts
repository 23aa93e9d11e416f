import type { Pathway } from '../generated/events';
import { HOUR_MS } from './london';
import type { TrackerEpisode } from './model';
import type { PageRequest, ViewConfig } from './view-common';
import { DEFAULT_VIEW_CONFIG, FIRST_PAGE, byString, ms, pageAt, round2 } from './view-common';

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
  // Field by field: a spread with new keys is V8's slow path (see queueItem). tsc checks every field is here.
  return {
    episodeId: episode.episodeId,
    personKey: episode.personKey,
    spellId: episode.spellId,
    trust: episode.trust,
    site: episode.site,
    ward: episode.ward,
    location: episode.location,
    pathway: episode.pathway,
    dischargeReadyDate: episode.dischargeReadyDate,
    readyAt: episode.readyAt,
    deadline: episode.deadline,
    providerSourcedAt: episode.providerSourcedAt,
    delay: episode.delay,
    endedAt: episode.endedAt,
    ending: episode.ending,
    actualPathway: episode.actualPathway,
    status,
    hoursLeft: ended ? null : round2((ms(episode.deadline) - now.getTime()) / HOUR_MS),
    providerSourced: episode.providerSourcedAt !== null && ms(episode.providerSourcedAt) <= now.getTime(),
  } satisfies Required<TrackerItem>;
}

/** Episodes at `now`, filtered, soonest deadline first; counts are over the filtered set, before paging. */
export function trackerView(
  episodes: Iterable<TrackerEpisode>,
  now: Date,
  filters: TrackerFilters = {},
  page: PageRequest = FIRST_PAGE,
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
  return { ...pageAt(now, matching, page, (item) => item), counts };
}
