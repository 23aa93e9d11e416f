import { readModels, type LocalDate } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import type { Visibility } from './auth/principal';
import { repliesOf } from './queue-facets';
import type { QueueQuery } from './reader';
import { TtlCache } from './ttl-cache';
import type { QueueItem, QueueView } from './views';

/**
 * The long-delay cohort of a queue read: the people at least HOMEFIRST_LONG_DELAY_DAYS (21) calendar days past
 * their discharge ready date today (readModels.isLongDelay: NHS England's "Urgent and emergency care plan
 * 2025/26" starts with them), under the same filters and scope as the queue. Read from the projector's DRD
 * index (`queue:drd`, DRD as a day number): the cohort is one ZRANGEBYSCORE up to today − 21 days; the
 * filter and scope indexes then keep their own members (ZMSCORE: a member of an index has a score), and the
 * queue's own scores (readySince) put them in wait order, as every other queue page.
 */
export class LongDelayCohort {
  private readonly cohorts: TtlCache<readonly string[]>;

  constructor(
    private readonly redis: Redis,
    private readonly keys: readModels.ReadModelKeys,
    private readonly config: Pick<readModels.ViewConfig, 'longDelayDays'>,
    ttlMs: number,
  ) {
    // As the queue's summaries (QueuePages): a cohort just past its time to live serves while it is re-read.
    this.cohorts = new TtlCache(ttlMs, 512, { staleMs: ttlMs });
  }

  /** The cohort on `today` (a London date) under these filter and scope indexes: person keys in wait order. */
  members(indexes: readonly string[], today: LocalDate): Promise<readonly string[]> {
    return this.cohorts.get(`${today} ${indexes.join(' ')}`, () => this.read(indexes, today));
  }

  private async read(indexes: readonly string[], today: LocalDate): Promise<readonly string[]> {
    const cutoff = readModels.drdDayNumber(readModels.longDelayCutoff(today, this.config));
    const candidates = await this.redis.zrangebyscore(this.keys.queueByDrd, '-inf', cutoff);
    if (candidates.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const index of [this.keys.queue, ...indexes]) pipeline.zmscore(index, ...candidates);
    const [waits = [], ...filters] = (await repliesOf(pipeline)) as (string | null)[][];
    const kept: { readonly personKey: string; readonly wait: number }[] = [];
    candidates.forEach((personKey, i) => {
      const wait = waits[i];
      // Still queued (a DRD index member left by an interrupted write would have no queue score) and in every index.
      if (wait !== null && wait !== undefined && filters.every((scores) => (scores[i] ?? null) !== null))
        kept.push({ personKey, wait: Number(wait) });
    });
    // The queue's order: readySince, then person key (a sorted set orders equal scores by member).
    kept.sort(
      (a, b) => a.wait - b.wait || (a.personKey < b.personKey ? -1 : a.personKey > b.personKey ? 1 : 0),
    );
    return kept.map(({ personKey }) => personKey);
  }
}

/** A queue page as the API serves it: items at `now` (without NHS numbers or spell ids for analysts). */
export function queueViewOf(
  entries: readonly readModels.QueueEntry[],
  page: { readonly total: number; readonly longDelayCount: number },
  query: QueueQuery,
  now: Date,
  countsByReason: QueueView['countsByReason'],
  visibility: Visibility,
  config: readModels.ViewConfig,
): QueueView {
  const today = readModels.localDateOf(now.getTime());
  const items: QueueItem[] = entries.map((entry) => {
    const item = readModels.queueItem(entry, now, config, today);
    return visibility.pseudonymised ? { ...item, nhsNumber: null, spellId: null } : item;
  });
  return {
    now: now.toISOString(),
    total: page.total,
    page: query.page,
    pageSize: query.pageSize,
    items,
    countsByReason: [...countsByReason],
    longDelayCount: page.longDelayCount,
  };
}

/** The queue of a caller who may see nobody under these filters. */
export const emptyQueue = (query: QueueQuery, now: Date): QueueView => ({
  now: now.toISOString(),
  total: 0,
  page: query.page,
  pageSize: query.pageSize,
  items: [],
  countsByReason: [],
  longDelayCount: 0,
});
