import { readModels, type LocalDate } from '@homefirst/schemas';
import type { PersonRecord } from '../person/evolve';
import { deriveReadModels } from './derive';

const {
  localDateOf,
  KPI_NAMES,
  DEFAULT_VIEW_CONFIG,
  compareQueueEntries,
  journeyView,
  kpiView,
  queueView,
  sitrepCsv,
  trackerView,
  weeklyFigures,
} = readModels;
type Journey = readModels.Journey;
type KpiCounts = readModels.KpiCounts;
type KpiName = readModels.KpiName;
type QueueEntry = readModels.QueueEntry;
type TrackerEpisode = readModels.TrackerEpisode;
type WeeklyDischarge = readModels.WeeklyDischarge;
type JourneyView = readModels.JourneyView;
type KpiView = readModels.KpiView;
type QueueView = readModels.QueueView;
type TrackerView = readModels.TrackerView;
type ViewConfig = readModels.ViewConfig;
type WeeklyRow = readModels.WeeklyRow;

/**
 * All stored read models in one canonical value (sorted, zero counts dropped), whichever way they were
 * built: from person records in memory (offline) or read back from Redis (redis/read-models.ts). Two
 * snapshots are equal exactly when the read models are.
 */
export interface ReadModelSnapshot {
  readonly queue: readonly QueueEntry[];
  readonly episodes: readonly TrackerEpisode[];
  readonly weeks: Readonly<Record<LocalDate, Readonly<Record<string, WeeklyDischarge>>>>;
  readonly journeys: readonly Journey[];
  readonly kpis: KpiCounts;
}

const byKey = <T>(entries: Iterable<[string, T]>): Record<string, T> =>
  Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Canonical form: sorted arrays and keys, no zero counts. */
export function canonicalSnapshot(parts: {
  queue: Iterable<QueueEntry>;
  episodes: Iterable<TrackerEpisode>;
  weeks: Iterable<[LocalDate, Iterable<[string, WeeklyDischarge]>]>;
  journeys: Iterable<Journey>;
  kpis: Iterable<[KpiName, Iterable<[string, number]>]>;
}): ReadModelSnapshot {
  const kpiMap = new Map<KpiName, [string, number][]>();
  for (const [name, fields] of parts.kpis) kpiMap.set(name, [...(kpiMap.get(name) ?? []), ...fields]);
  const kpis = Object.fromEntries(
    KPI_NAMES.map((name) => {
      const summed = new Map<string, number>();
      for (const [field, value] of kpiMap.get(name) ?? [])
        summed.set(field, (summed.get(field) ?? 0) + value);
      return [name, byKey([...summed.entries()].filter(([, value]) => value !== 0))];
    }),
  ) as KpiCounts; // one entry per KPI_NAMES member
  const weeks = new Map<LocalDate, Map<string, WeeklyDischarge>>();
  for (const [week, figures] of parts.weeks) {
    const into = weeks.get(week) ?? new Map<string, WeeklyDischarge>();
    for (const [episodeId, figure] of figures) into.set(episodeId, figure);
    if (into.size > 0) weeks.set(week, into);
  }
  return {
    queue: [...parts.queue].sort(compareQueueEntries),
    episodes: [...parts.episodes].sort((a, b) =>
      a.episodeId < b.episodeId ? -1 : a.episodeId > b.episodeId ? 1 : 0,
    ),
    weeks: byKey([...weeks.entries()].map(([week, figures]) => [week, byKey(figures.entries())])),
    journeys: [...parts.journeys].sort((a, b) =>
      a.personKey < b.personKey ? -1 : a.personKey > b.personKey ? 1 : 0,
    ),
    kpis,
  };
}

/** The read models of a set of person records (offline projection, tests, the benchmark's reference). */
export function snapshotOfPersons(persons: Iterable<PersonRecord>): ReadModelSnapshot {
  const queue: QueueEntry[] = [];
  const episodes: TrackerEpisode[] = [];
  const weeks: [LocalDate, [string, WeeklyDischarge][]][] = [];
  const journeys: Journey[] = [];
  const kpis: [KpiName, [string, number][]][] = [];
  for (const person of persons) {
    const derived = deriveReadModels(person);
    if (derived.queue !== null) queue.push(derived.queue);
    episodes.push(...derived.episodes);
    for (const { week, episodeId, figure } of derived.weekly) weeks.push([week, [[episodeId, figure]]]);
    if (derived.journey !== null) journeys.push(derived.journey);
    for (const name of KPI_NAMES) kpis.push([name, Object.entries(derived.kpis[name])]);
  }
  return canonicalSnapshot({ queue, episodes, weeks, journeys, kpis });
}

export interface RenderedReadModels {
  readonly now: string;
  readonly queue: QueueView;
  readonly tracker: { readonly episodes: TrackerView; readonly weekly: readonly WeeklyRow[] };
  readonly journeys: readonly JourneyView[];
  readonly kpis: KpiView;
  /** The sitrep-shaped CSV of the London day of `now`. */
  readonly sitrepCsv: string;
}

/** Every read model, as views at `now` (whole lists, no paging): what `homefirst project` prints. */
export function renderReadModels(
  snapshot: ReadModelSnapshot,
  now: Date,
  config: ViewConfig = DEFAULT_VIEW_CONFIG,
): RenderedReadModels {
  const all = { page: 1, pageSize: Number.MAX_SAFE_INTEGER };
  const weeks = new Map(
    Object.entries(snapshot.weeks).map(([week, figures]) => [week, Object.values(figures)]),
  );
  return {
    now: now.toISOString(),
    queue: queueView(snapshot.queue, now, {}, all, config),
    tracker: { episodes: trackerView(snapshot.episodes, now, {}, all, config), weekly: weeklyFigures(weeks) },
    journeys: snapshot.journeys.map((journey) => journeyView(journey, now)),
    kpis: kpiView(snapshot.kpis, snapshot.queue, now, {}, config),
    sitrepCsv: sitrepCsv(snapshot.kpis, localDateOf(now.getTime()), config),
  };
}
