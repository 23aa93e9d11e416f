import { readModels, type LocalDate } from '@homefirst/schemas';
import type { PersonRecord } from '../person/evolve';
import { deriveReadModels } from './derive';

/**
 * All stored read models in one canonical value (sorted, zero counts dropped), whichever way they were
 * built: from person records in memory (offline) or read back from Redis (redis/read-models.ts). Two
 * snapshots are equal exactly when the read models are.
 */
export interface ReadModelSnapshot {
  readonly queue: readonly readModels.QueueEntry[];
  readonly episodes: readonly readModels.TrackerEpisode[];
  readonly weeks: Readonly<Record<LocalDate, Readonly<Record<string, readModels.WeeklyDischarge>>>>;
  readonly journeys: readonly readModels.Journey[];
  readonly kpis: readModels.KpiCounts;
}

const byKey = <T>(entries: Iterable<[string, T]>): Record<string, T> =>
  Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Canonical form: sorted arrays and keys, no zero counts. */
export function canonicalSnapshot(parts: {
  queue: Iterable<readModels.QueueEntry>;
  episodes: Iterable<readModels.TrackerEpisode>;
  weeks: Iterable<[LocalDate, Iterable<[string, readModels.WeeklyDischarge]>]>;
  journeys: Iterable<readModels.Journey>;
  kpis: Iterable<[readModels.KpiName, Iterable<[string, number]>]>;
}): ReadModelSnapshot {
  const kpiMap = new Map<readModels.KpiName, [string, number][]>();
  for (const [name, fields] of parts.kpis) kpiMap.set(name, [...(kpiMap.get(name) ?? []), ...fields]);
  const kpis = Object.fromEntries(
    readModels.KPI_NAMES.map((name) => {
      const summed = new Map<string, number>();
      for (const [field, value] of kpiMap.get(name) ?? [])
        summed.set(field, (summed.get(field) ?? 0) + value);
      return [name, byKey([...summed.entries()].filter(([, value]) => value !== 0))];
    }),
  ) as readModels.KpiCounts; // one entry per readModels.KPI_NAMES member
  const weeks = new Map<LocalDate, Map<string, readModels.WeeklyDischarge>>();
  for (const [week, figures] of parts.weeks) {
    const into = weeks.get(week) ?? new Map<string, readModels.WeeklyDischarge>();
    for (const [episodeId, figure] of figures) into.set(episodeId, figure);
    if (into.size > 0) weeks.set(week, into);
  }
  return {
    queue: [...parts.queue].sort(readModels.compareQueueEntries),
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
  const queue: readModels.QueueEntry[] = [];
  const episodes: readModels.TrackerEpisode[] = [];
  const weeks: [LocalDate, [string, readModels.WeeklyDischarge][]][] = [];
  const journeys: readModels.Journey[] = [];
  const kpis: [readModels.KpiName, [string, number][]][] = [];
  for (const person of persons) {
    const derived = deriveReadModels(person);
    if (derived.queue !== null) queue.push(derived.queue);
    episodes.push(...derived.episodes);
    for (const { week, episodeId, figure } of derived.weekly) weeks.push([week, [[episodeId, figure]]]);
    if (derived.journey !== null) journeys.push(derived.journey);
    for (const name of readModels.KPI_NAMES) kpis.push([name, Object.entries(derived.kpis[name])]);
  }
  return canonicalSnapshot({ queue, episodes, weeks, journeys, kpis });
}

export interface RenderedReadModels {
  readonly now: string;
  readonly queue: readModels.QueueView;
  readonly tracker: {
    readonly episodes: readModels.TrackerView;
    readonly weekly: readonly readModels.WeeklyRow[];
  };
  readonly journeys: readonly readModels.JourneyView[];
  readonly kpis: readModels.KpiView;
  /** The sitrep-shaped CSV of the London day of `now`. */
  readonly sitrepCsv: string;
}

/** Every read model, as views at `now` (whole lists, no paging): what `homefirst project` prints. */
export function renderReadModels(
  snapshot: ReadModelSnapshot,
  now: Date,
  config: readModels.ViewConfig = readModels.DEFAULT_VIEW_CONFIG,
): RenderedReadModels {
  const all = { page: 1, pageSize: Number.MAX_SAFE_INTEGER };
  const weeks = new Map(
    Object.entries(snapshot.weeks).map(([week, figures]) => [week, Object.values(figures)]),
  );
  return {
    now: now.toISOString(),
    queue: readModels.queueView(snapshot.queue, now, {}, all, config),
    tracker: {
      episodes: readModels.trackerView(snapshot.episodes, now, {}, all, config),
      weekly: readModels.weeklyFigures(weeks),
    },
    journeys: snapshot.journeys.map((journey) => readModels.journeyView(journey, now)),
    kpis: readModels.kpiView(snapshot.kpis, snapshot.queue, now, {}, config),
    sitrepCsv: readModels.sitrepCsv(snapshot.kpis, readModels.localDateOf(now.getTime()), config),
  };
}
