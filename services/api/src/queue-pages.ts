import { readModels } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import type { ChangeFeed } from './change-feed';
import { intersectionPrefix } from './intersection-walk';
import type { LongDelayCohort } from './long-delay';
import { repliesOf } from './queue-facets';
import type { QueueQuery } from './reader';
import { TtlCache } from './ttl-cache';
import type { QueueView } from './views';

/** Every sitrep reason with its attribution, in Table 5 order, counted zero. */
const EMPTY_REASON_COUNTS = readModels.queueView([], new Date(0)).countsByReason;

/** What the queue indexes say of one filter set (see summary). */
interface QueueSummary {
  readonly total: number;
  /**
   * With several filters: the indexes smallest first, and the first members of their intersection in wait
   * order (up to INTERSECTION_PREFIX); otherwise null.
   */
  readonly intersection: {
    readonly indexes: readonly string[];
    /** The smallest index's size (how much of it the intersection is: the walk's expected share of matches). */
    readonly smallest: number;
    readonly members: readonly string[];
  } | null;
  /** The count per sitrep reason, Table 5 order; one array per summary, shared by the pages it serves. */
  readonly countsByReason: QueueView['countsByReason'];
}

/** At most this many pages kept (emptied when full: any page can be read again). */
const MAX_KEPT_PAGES = 2_000;

/** How many members of a filtered queue's intersection a summary keeps: the first pages a board opens. */
export const INTERSECTION_PREFIX = 500;

/** What one queue page shows, before it is computed for a time. */
export interface QueuePageRead {
  readonly entries: readonly readModels.QueueEntry[];
  readonly total: number;
  readonly longDelayCount: number;
  readonly countsByReason: QueueView['countsByReason'];
}

/**
 * One page of the queue, from the indexes alone: the page's members (ZRANGE of the one index, or a walk
 * of the intersection of several from the smallest, both in wait order), the total (ZCARD / ZINTERCARD) and the
 * count per sitrep reason (ZINTERCARD of each reason's index with the filters) in one pipeline, then the page's
 * entries (HMGET). Nothing reads an entry the page does not show. The long-delay cohort under the same indexes
 * (LongDelayCohort) gives its count, and with `longDelay` the page and total. The counts (and, with several
 * filters, the intersection's first members) serve for `ttlMs`; a single index's page is read fresh unless a
 * page read since the last change is kept (see read).
 */
export class QueuePages {
  private readonly summaries: TtlCache<QueueSummary>;
  /** Pages read, by view (see read), with the change generation and time they were read at. */
  private readonly kept = new Map<
    string,
    { readonly generation: number; readonly at: number; readonly read: QueuePageRead }
  >();

  constructor(
    private readonly redis: Redis,
    private readonly keys: readModels.ReadModelKeys,
    private readonly longDelay: LongDelayCohort,
    /** The stored entries of these persons, in order (persons no longer queued left out). */
    private readonly entriesOf: (personKeys: readonly string[]) => Promise<readModels.QueueEntry[]>,
    private readonly options: {
      readonly ttlMs: number;
      readonly intersectionKept: number;
      /** The read models' changes (pages are kept only with one: see read). */
      readonly changes?: ChangeFeed;
    },
  ) {
    // A summary just past its time to live serves while it is refreshed: no page waits for the counts' pipeline
    // and the intersection's walk, and the counts are at most twice the time to live old.
    this.summaries = new TtlCache(options.ttlMs, 512, { staleMs: options.ttlMs });
  }

  /**
   * The page `query` names of the queue under these filter and scope indexes, as at `now`. With a change feed,
   * a page read once is answered again while no change to the read models has arrived since it was read (and for
   * at most `ttlMs`, as the counts): a board round's screens opening the same view share one read.
   */
  async read(indexes: readonly string[], query: QueueQuery, now: Date): Promise<QueuePageRead> {
    const generation = this.options.changes?.current() ?? null;
    if (generation === null) return this.readFresh(indexes, query, now);
    const today = readModels.localDateOf(now.getTime());
    const key = `${today} ${query.page} ${query.pageSize} ${query.longDelay === true ? 'L' : '-'} ${indexes.join(' ')}`;
    const kept = this.kept.get(key);
    if (kept !== undefined && kept.generation === generation && Date.now() - kept.at < this.options.ttlMs)
      return kept.read;
    const at = Date.now();
    const read = await this.readFresh(indexes, query, now);
    // Kept only if nothing changed while it was read (a change meanwhile may or may not be in it).
    if (this.options.changes?.current() === generation) {
      if (this.kept.size >= MAX_KEPT_PAGES) this.kept.clear();
      this.kept.set(key, { generation, at, read });
    }
    return read;
  }

  private async readFresh(indexes: readonly string[], query: QueueQuery, now: Date): Promise<QueuePageRead> {
    const start = (query.page - 1) * query.pageSize;
    const stop = start + query.pageSize - 1;

    const [summary, cohort] = await Promise.all([
      this.summaries.get(indexes.join(' '), () => this.summary(indexes)),
      this.longDelay.members(indexes, readModels.localDateOf(now.getTime())),
    ]);
    let total = summary.total;
    let page: readonly string[];
    const intersection = summary.intersection;
    if (query.longDelay === true) {
      total = cohort.length;
      page = cohort.slice(start, stop + 1);
    } else if (intersection !== null) {
      // Several filters: the page from the summary's prefix of the intersection, or (a deep page) walked afresh.
      const known = intersection.members;
      const whole = known.length >= total;
      page =
        stop < known.length || whole
          ? known.slice(start, stop + 1)
          : (await this.intersectionPrefix(intersection, stop + 1, total)).slice(start);
    } else {
      // One index or none: the page and its total read fresh (cheap); only the counts come from the cache.
      const index = indexes[0] ?? this.keys.queue;
      // Two commands, not a pipeline of their own: the API's connection pipelines what concurrent requests send
      // in the same tick (createRedis autoPipelining), so they share its socket writes.
      [total, page] = await Promise.all([this.redis.zcard(index), this.redis.zrange(index, start, stop)]);
    }
    return {
      entries: await this.entriesOf(page),
      total,
      longDelayCount: cohort.length,
      countsByReason: summary.countsByReason,
    };
  }

  /**
   * The total and the count per sitrep reason (Table 5 order) of the queue under these indexes, in one
   * pipeline: ZCARD of each reason's index, or ZINTERCARD of it with the filters. With several indexes also
   * their sizes, and then the first INTERSECTION_PREFIX members of their intersection in wait order, walked from
   * the smallest (every index scores a person by the same readiness time, so the intersection keeps wait order).
   */
  private async summary(indexes: readonly string[]): Promise<QueueSummary> {
    const several = indexes.length > 1;
    const pipeline = this.redis.pipeline();
    if (indexes.length === 0) pipeline.zcard(this.keys.queue);
    else if (indexes.length === 1) pipeline.zcard(indexes[0] ?? this.keys.queue);
    else pipeline.call('ZINTERCARD', indexes.length, ...indexes);
    for (const reason of readModels.SITREP_REASONS) {
      const byReason = this.keys.queueBy('sitrep', reason);
      if (indexes.length === 0) pipeline.zcard(byReason);
      else pipeline.call('ZINTERCARD', indexes.length + 1, byReason, ...indexes);
    }
    if (several) for (const index of indexes) pipeline.zcard(index);
    const replies = (await repliesOf(pipeline)).map(Number);
    const total = replies[0] ?? 0;
    const countsByReason = EMPTY_REASON_COUNTS.map((zero, i) => ({ ...zero, count: replies[1 + i] ?? 0 }));
    if (!several) return { total, intersection: null, countsByReason };
    const sizes = replies.slice(1 + readModels.SITREP_REASONS.length);
    const bySize = indexes
      .map((index, i) => ({ index, size: sizes[i] ?? 0 }))
      .sort((a, b) => a.size - b.size);
    const walk = { indexes: bySize.map(({ index }) => index), smallest: bySize[0]?.size ?? 0 };
    const members = await this.intersectionPrefix(walk, this.options.intersectionKept, total);
    return { total, intersection: { ...walk, members }, countsByReason };
  }

  /** The first `limit` members of an intersection of `total` members (its indexes smallest first). */
  private async intersectionPrefix(
    walk: { readonly indexes: readonly string[]; readonly smallest: number },
    limit: number,
    total: number,
  ): Promise<string[]> {
    if (total === 0) return [];
    const share = walk.smallest === 0 ? 1 : total / walk.smallest;
    return intersectionPrefix(this.redis, walk.indexes, Math.min(limit, total), share);
  }
}
