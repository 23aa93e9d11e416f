import {
  journeyRecord,
  parseStoredRecord,
  parseStoredValues,
  queueEntryRecord,
  readQueueEntries,
  trackerEpisodeRecord,
  weeklyDischargeRecord,
} from '@homefirst/runtime';
import { readModels } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import { canonicalSnapshot, type ReadModelSnapshot } from '../readmodels/snapshot';

/**
 * Reads the read models back from Redis: the whole snapshot (tests, the kill test's comparison, tools)
 * and a queue page through the indexes (the access path the API uses; see README.md).
 */

/** Every read model under the namespace, in canonical form (comparable with snapshotOfPersons). */
export async function readSnapshot(redis: Redis, keys: readModels.ReadModelKeys): Promise<ReadModelSnapshot> {
  const [queue, episodes, weekNames] = await Promise.all([
    redis.hgetall(keys.queueEntry),
    redis.hgetall(keys.trackerEpisode),
    redis.smembers(keys.trackerWeeks),
  ]);
  const weeks: [string, [string, readModels.WeeklyDischarge][]][] = [];
  for (const week of weekNames) {
    const key = keys.trackerWeek(week);
    const figures = await redis.hgetall(key);
    weeks.push([
      week,
      Object.entries(figures).map(([id, text]) => [
        id,
        parseStoredRecord(weeklyDischargeRecord, `${key} ${id}`, text),
      ]),
    ]);
  }
  const journeyKeys = (await redis.smembers(keys.journeys)).map((personKey) => keys.journey(personKey));
  const journeys: readModels.Journey[] = [];
  for (let i = 0; i < journeyKeys.length; i += 500) {
    const batch = journeyKeys.slice(i, i + 500);
    const texts = await redis.mget(...batch);
    texts.forEach((text, j) => {
      if (text !== null) journeys.push(parseStoredRecord(journeyRecord, batch[j] ?? '?', text));
    });
  }
  const kpis: [readModels.KpiName, [string, number][]][] = [];
  for (const name of readModels.KPI_NAMES) {
    const hash = await redis.hgetall(keys.kpi(name));
    kpis.push([name, Object.entries(hash).map(([field, value]) => [field, Number(value)])]);
  }
  return canonicalSnapshot({
    queue: parseStoredValues(queueEntryRecord, keys.queueEntry, Object.keys(queue), Object.values(queue)),
    episodes: parseStoredValues(
      trackerEpisodeRecord,
      keys.trackerEpisode,
      Object.keys(episodes),
      Object.values(episodes),
    ),
    weeks,
    journeys,
    kpis,
  });
}

type QueueIndexFilters = Omit<readModels.QueueFilters, 'longDelay'>;

export interface QueuePage {
  readonly total: number;
  readonly items: readonly readModels.QueueItem[];
}

/**
 * One page of the queue at `now`, longest wait first, through the sorted-set indexes: no filter or one
 * filter reads just the page (ZRANGE … LIMIT, then HMGET); several filters walk the smallest index and
 * check the rest on the entries. Counts by reason for the whole queue: ZCARD of each `queue:by:sitrep:*`.
 */
export async function readQueuePage(
  redis: Redis,
  keys: readModels.ReadModelKeys,
  now: Date,
  /** The index filters (the long-delay cohort is the API's: it reads the DRD index). */
  filters: QueueIndexFilters,
  page: readModels.PageRequest,
  config: readModels.ViewConfig = readModels.DEFAULT_VIEW_CONFIG,
): Promise<QueuePage> {
  const active = (Object.entries(filters) as [keyof QueueIndexFilters, string | undefined][]).filter(
    (pair): pair is [keyof QueueIndexFilters, string] => pair[1] !== undefined,
  );
  const indexOf = (dimension: keyof QueueIndexFilters, value: string): string =>
    dimension === 'reason' ? keys.queueByReason(value) : keys.queueBy(dimension, value);
  const start = (page.page - 1) * page.pageSize;
  if (active.length <= 1) {
    const [only] = active;
    const index = only === undefined ? keys.queue : indexOf(only[0], only[1]);
    const [total, members] = await Promise.all([
      redis.zcard(index),
      redis.zrange(index, start, start + page.pageSize - 1),
    ]);
    const items = (await readQueueEntries(redis, keys, members)).map((entry) =>
      readModels.queueItem(entry, now, config),
    );
    return { total, items };
  }
  const sizes = await Promise.all(active.map(([dimension, value]) => redis.zcard(indexOf(dimension, value))));
  const smallest = active[sizes.indexOf(Math.min(...sizes))] ?? active[0];
  if (smallest === undefined) return { total: 0, items: [] };
  const members = await redis.zrange(indexOf(smallest[0], smallest[1]), 0, -1);
  const matching = (await readQueueEntries(redis, keys, members)).filter((entry) =>
    active.every(([dimension, value]) => {
      switch (dimension) {
        case 'reason':
          return entry.delayReason === value || entry.sitrepReason === value;
        case 'site':
          return entry.site === value;
        case 'ward':
          return entry.ward === value;
        case 'pathway':
          return entry.pathway === value;
        case 'council':
          return entry.council === value;
      }
    }),
  );
  return {
    total: matching.length,
    items: matching
      .slice(start, start + page.pageSize)
      .map((entry) => readModels.queueItem(entry, now, config)),
  };
}
