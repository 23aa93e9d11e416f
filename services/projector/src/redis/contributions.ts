import {
  journeyRecord,
  queueEntryRecord,
  storedJson,
  trackerEpisodeRecord,
  weeklyDischargeRecord,
} from '@homefirst/runtime';
import { readModels } from '@homefirst/schemas';
import type { PersonRecord } from '../person/evolve';

/** What a person last contributed to the shared read models, so the next write replaces it exactly. */
export interface Applied {
  readonly queue: { readonly score: number; readonly indexes: readonly string[] } | null;
  readonly episodes: readonly { readonly id: string; readonly week: string | null }[];
  readonly journey: boolean;
  readonly kpis: readModels.KpiCounts;
}

/** The value of `{ns}person:<personKey>`. */
export interface StoredPerson {
  readonly v: 1;
  readonly record: PersonRecord;
  readonly applied: Applied;
  /**
   * The partition number this person's own events arrive on (the topics are co-partitioned by personKey);
   * absent in records written before the writer cached persons. The writer's person cache relies on it.
   */
  readonly home?: number;
}

/** KPI deltas summed over several persons (`{ns}kpi:<name>` key → field → delta), written once per window. */
export type KpiDeltas = Map<string, Map<string, number>>;

const addDelta = (deltas: KpiDeltas, key: string, field: string, delta: number): void => {
  let fields = deltas.get(key);
  if (fields === undefined) {
    fields = new Map();
    deltas.set(key, fields);
  }
  fields.set(field, (fields.get(field) ?? 0) + delta);
};

/** The HINCRBY commands of summed KPI deltas (zero sums are left out). */
export const kpiDeltaCommands = (deltas: KpiDeltas): RedisCommand[] => {
  const commands: RedisCommand[] = [];
  for (const [key, fields] of deltas)
    for (const [field, delta] of fields) if (delta !== 0) commands.push(['HINCRBY', key, field, delta]);
  return commands;
};

export type RedisCommand = readonly [name: string, ...args: (string | number)[]];

const NOTHING_APPLIED: Applied = {
  queue: null,
  episodes: [],
  journey: false,
  kpis: Object.fromEntries(readModels.KPI_NAMES.map((name) => [name, {}])) as readModels.KpiCounts, // one entry per KPI name
};

const queueIndexes = (keys: readModels.ReadModelKeys, derived: readModels.PersonReadModels): string[] =>
  derived.queue === null ? [] : keys.queueIndexesOf(derived.queue);

/**
 * The Redis commands that replace a person's previous contribution with the new one: queue entry and
 * indexes, tracker episodes and weekly figures, the journey, KPI deltas (new − old per field, so a
 * re-derived person never counts twice) and the person record itself. Pure: the writer runs them in
 * one MULTI with the offsets.
 */
export function contributionCommands(
  keys: readModels.ReadModelKeys,
  personKey: string,
  previous: Applied | null,
  record: PersonRecord,
  derived: readModels.PersonReadModels,
  options: {
    /** Add KPI deltas here instead of one HINCRBY each (the writer sums a window's persons). */
    readonly kpiDeltas?: KpiDeltas;
    /** StoredPerson.home to store. */
    readonly home?: number;
  } = {},
): { readonly commands: RedisCommand[]; readonly stored: StoredPerson } {
  const before = previous ?? NOTHING_APPLIED;
  const commands: RedisCommand[] = [];

  const indexes = queueIndexes(keys, derived);
  const score = derived.queue === null ? 0 : Date.parse(derived.queue.readySince);
  for (const index of before.queue?.indexes ?? []) {
    if (!indexes.includes(index)) commands.push(['ZREM', index, personKey]);
  }
  if (derived.queue === null) {
    if (before.queue !== null)
      commands.push(['HDEL', keys.queueEntry, personKey], ['ZREM', keys.queueByDrd, personKey]);
  } else {
    for (const index of indexes) commands.push(['ZADD', index, score, personKey]);
    const drd = readModels.drdDayNumber(derived.queue.dischargeReadyDate);
    commands.push(['ZADD', keys.queueByDrd, drd, personKey]);
    commands.push(['HSET', keys.queueEntry, personKey, storedJson(queueEntryRecord, derived.queue)]);
  }

  const weekOf = new Map(derived.weekly.map((item) => [item.episodeId, item]));
  const newIds = new Set(derived.episodes.map((episode) => episode.episodeId));
  for (const old of before.episodes) {
    if (!newIds.has(old.id)) {
      commands.push(
        ['HDEL', keys.trackerEpisode, old.id],
        ['ZREM', keys.trackerOpen, old.id],
        ['ZREM', keys.trackerClosed, old.id],
      );
    }
    if (old.week !== null && weekOf.get(old.id)?.week !== old.week)
      commands.push(['HDEL', keys.trackerWeek(old.week), old.id]);
  }
  for (const episode of derived.episodes) {
    commands.push([
      'HSET',
      keys.trackerEpisode,
      episode.episodeId,
      storedJson(trackerEpisodeRecord, episode),
    ]);
    if (episode.endedAt === null) {
      commands.push(['ZADD', keys.trackerOpen, Date.parse(episode.deadline), episode.episodeId]);
      commands.push(['ZREM', keys.trackerClosed, episode.episodeId]);
    } else {
      commands.push(['ZREM', keys.trackerOpen, episode.episodeId]);
      commands.push(['ZADD', keys.trackerClosed, Date.parse(episode.endedAt), episode.episodeId]);
    }
    const weekly = weekOf.get(episode.episodeId);
    if (weekly !== undefined) {
      commands.push([
        'HSET',
        keys.trackerWeek(weekly.week),
        episode.episodeId,
        storedJson(weeklyDischargeRecord, weekly.figure),
      ]);
      commands.push(['SADD', keys.trackerWeeks, weekly.week]);
    }
  }

  if (derived.journey !== null) {
    commands.push(['SET', keys.journey(personKey), storedJson(journeyRecord, derived.journey)]);
    if (!before.journey) commands.push(['SADD', keys.journeys, personKey]);
  } else if (before.journey) {
    commands.push(['DEL', keys.journey(personKey)], ['SREM', keys.journeys, personKey]);
  }

  for (const name of readModels.KPI_NAMES) {
    const old = before.kpis[name];
    const next = derived.kpis[name];
    const delta = (field: string, amount: number): void => {
      if (amount === 0) return;
      if (options.kpiDeltas === undefined) commands.push(['HINCRBY', keys.kpi(name), field, amount]);
      else addDelta(options.kpiDeltas, keys.kpi(name), field, amount);
    };
    // The old fields, then the new ones (as a union in that order), without building the union.
    for (const field in old) delta(field, (next[field] ?? 0) - (old[field] ?? 0));
    for (const field in next) if (old[field] === undefined) delta(field, next[field] ?? 0);
  }

  if (record.retiredInto !== null) commands.push(['HSET', keys.merged, personKey, record.retiredInto]);

  const stored: StoredPerson = {
    v: 1,
    record,
    applied: {
      queue: derived.queue === null ? null : { score, indexes },
      episodes: derived.episodes.map((episode) => ({
        id: episode.episodeId,
        week: weekOf.get(episode.episodeId)?.week ?? null,
      })),
      journey: derived.journey !== null,
      kpis: derived.kpis,
    },
    ...(options.home !== undefined && { home: options.home }),
  };
  commands.push(['SET', keys.person(personKey), JSON.stringify(stored)]);
  return { commands, stored };
}
