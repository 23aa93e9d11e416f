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
import type { Visibility } from './auth/principal';
import { brokerageOf } from './brokerage';
import {
  QueueFacets,
  queueIndexOf,
  repliesOf,
  scopedFilters,
  type QueueFilterDimension,
} from './queue-facets';
import type { QueueFilters, QueueQuery, ReadModelReader, ReferralsQuery, TrackerQuery } from './reader';
import { TtlCache } from './ttl-cache';
import {
  type Episode,
  type Journey,
  type KpiView,
  type QueueFacetsView,
  type QueueItem,
  type QueueView,
  type ReferralsView,
  type TrackerView,
  type WeeklyView,
} from './views';

type QueueEntry = readModels.QueueEntry;
type TrackerEpisode = readModels.TrackerEpisode;

/** Every sitrep reason with its attribution, in Table 5 order, counted zero. */
const EMPTY_REASON_COUNTS = readModels.queueView([], new Date(0)).countsByReason;

/** How far back the tracker shows ended episodes (met, breached, withdrawn). */
const RECENTLY_ENDED_MS = 7 * readModels.DAY_MS;

/** What the queue indexes say of one filter set (see queueSummary). */
interface QueueSummary {
  readonly total: number;
  /** With several filters, every member of their intersection in wait order; otherwise null. */
  readonly members: readonly string[] | null;
  readonly counts: readonly number[];
}

/**
 * How long the counts by reason (and, with several filters, the intersection) of one filter set, and the
 * KPIs' inputs, serve: they cost the most to read and are the same for every request; the entries a queue
 * page shows are always read fresh. A change reaches the counts and KPIs within this time.
 */
export const QUEUE_SUMMARY_TTL_MS = 1_000;

/**
 * The read models as the projector stores them (schemas' readModels: keys.ts layout, model.ts shapes),
 * turned into views with the same pure functions the projector's offline command uses. Visibility is
 * applied here, before paging: a trust sees its own rows (by ODS), a council the people referred to it,
 * an analyst rows without NHS numbers or spell ids.
 */
export class RedisReadModelReader implements ReadModelReader {
  private readonly keys: readModels.ReadModelKeys;
  private readonly summaries: TtlCache<QueueSummary>;
  private readonly kpiInputs: TtlCache<{ counts: readModels.KpiCounts; entries: readonly QueueEntry[] }>;
  private readonly facets: QueueFacets;

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: () => Redis,
    namespace: string,
    private readonly config: readModels.ViewConfig,
    summaryTtlMs: number = QUEUE_SUMMARY_TTL_MS,
  ) {
    this.keys = new readModels.ReadModelKeys(namespace);
    this.summaries = new TtlCache(summaryTtlMs, 512);
    this.kpiInputs = new TtlCache(summaryTtlMs, 1);
    this.facets = new QueueFacets(redis, this.keys, summaryTtlMs);
  }

  private indexOf(dimension: QueueFilterDimension, value: string): string {
    return queueIndexOf(this.keys, dimension, value);
  }

  /**
   * One page of the queue, from the indexes alone: the page's members (ZRANGE of the one index, or the
   * ZINTER of several, both in wait order), the total (ZCARD / ZINTERCARD) and the count per sitrep
   * reason (ZINTERCARD of each reason's index with the filters) in one pipeline, then the page's entries
   * (HMGET). Nothing reads an entry the page does not show.
   */
  async queue(query: QueueQuery, visibility: Visibility, now: Date): Promise<QueueView> {
    const scoped = scopedFilters(query, visibility);
    if (scoped === null) return this.emptyQueue(query, now);
    const filters = [...scoped.chosen, ...scoped.scope];
    const indexes = filters.map(([d, v]) => this.indexOf(d, v));
    const start = (query.page - 1) * query.pageSize;
    const stop = start + query.pageSize - 1;

    const summary = await this.summaries.get(indexes.join(' '), () => this.queueSummary(indexes));
    let total = summary.total;
    let page: readonly string[];
    if (summary.members !== null) page = summary.members.slice(start, stop + 1);
    else {
      // One index or none: the page and its total read fresh (cheap); only the counts come from the cache.
      const index = indexes[0] ?? this.keys.queue;
      const [[, card], [, members]] = (await this.redis
        .pipeline()
        .zcard(index)
        .zrange(index, start, stop)
        .exec()) as [[Error | null, number], [Error | null, string[]]];
      total = card;
      page = members;
    }
    return this.queueViewOf(
      await this.queueEntries(page),
      total,
      query,
      now,
      EMPTY_REASON_COUNTS.map((zero, i) => ({ ...zero, count: summary.counts[i] ?? 0 })),
      visibility,
    );
  }

  /**
   * The total and the count per sitrep reason (Table 5 order) of the queue under these indexes, and with
   * several indexes their intersection's members in wait order. One pipeline: ZCARD of each reason's index,
   * or ZINTERCARD of it with the filters; ZINTER for the members (every index scores a person by the same
   * readiness time, so the intersection keeps wait order).
   */
  private async queueSummary(indexes: readonly string[]): Promise<QueueSummary> {
    const pipeline = this.redis.pipeline();
    if (indexes.length === 0) pipeline.zcard(this.keys.queue);
    else if (indexes.length === 1) pipeline.zcard(indexes[0] ?? this.keys.queue);
    else pipeline.call('ZINTERCARD', indexes.length, ...indexes).zinter(indexes.length, ...indexes);
    for (const reason of readModels.SITREP_REASONS) {
      const byReason = this.keys.queueBy('sitrep', reason);
      if (indexes.length === 0) pipeline.zcard(byReason);
      else pipeline.call('ZINTERCARD', indexes.length + 1, byReason, ...indexes);
    }
    const replies = await repliesOf(pipeline);
    const several = indexes.length > 1;
    return {
      total: Number(replies[0]),
      members: several ? (replies[1] as string[]) : null,
      counts: replies.slice(several ? 2 : 1).map(Number),
    };
  }

  /** The count per value of each filter dimension under the other filters (see QueueFacets). */
  queueFacets(query: QueueFilters, visibility: Visibility, now: Date): Promise<QueueFacetsView> {
    return this.facets.read(query, visibility, now);
  }

  /**
   * One council's referrals still in hospital: the queue page under `council` (the caller's scope applied
   * as for the queue), each with the brokerage state its journey's council events give (one MGET).
   */
  async referrals(query: ReferralsQuery, visibility: Visibility, now: Date): Promise<ReferralsView> {
    const queue = await this.queue(
      { page: query.page, pageSize: query.pageSize, council: query.council },
      visibility,
      now,
    );
    const keys = queue.items.map((item) => this.keys.journey(item.personKey));
    const texts = keys.length === 0 ? [] : await this.redis.mget(...keys);
    return {
      now: queue.now,
      total: queue.total,
      page: queue.page,
      pageSize: queue.pageSize,
      items: queue.items.map((item, i) => {
        const text = texts[i];
        const key = keys[i] ?? '';
        const events = text ? parseStoredRecord(journeyRecord, key, text).events : [];
        return {
          personKey: item.personKey,
          nhsNumber: item.nhsNumber,
          trust: item.trust,
          site: item.site,
          ward: item.ward,
          pathway: item.pathway,
          readySince: item.readySince,
          daysWaiting: item.daysWaiting,
          delayReason: item.delayReason,
          council: query.council,
          brokerage: brokerageOf(events, query.council),
        };
      }),
    };
  }

  /** The stored queue entries of these persons, validated; persons no longer queued are left out. */
  private async queueEntries(personKeys: readonly string[]): Promise<QueueEntry[]> {
    return readQueueEntries(this.redis, this.keys, personKeys);
  }

  private queueViewOf(
    entries: readonly QueueEntry[],
    total: number,
    query: QueueQuery,
    now: Date,
    countsByReason: QueueView['countsByReason'],
    visibility: Visibility,
  ): QueueView {
    const today = readModels.localDateOf(now.getTime());
    const items: QueueItem[] = entries.map((entry) => {
      const item = readModels.queueItem(entry, now, this.config, today);
      return visibility.pseudonymised ? { ...item, nhsNumber: null, spellId: null } : item;
    });
    return {
      now: now.toISOString(),
      total,
      page: query.page,
      pageSize: query.pageSize,
      items,
      countsByReason: [...countsByReason],
    };
  }

  private emptyQueue(query: QueueQuery, now: Date): QueueView {
    return {
      now: now.toISOString(),
      total: 0,
      page: query.page,
      pageSize: query.pageSize,
      items: [],
      countsByReason: [],
    };
  }

  async tracker(query: TrackerQuery, visibility: Visibility, now: Date): Promise<TrackerView> {
    const [open, ended] = await Promise.all([
      this.redis.zrange(this.keys.trackerOpen, 0, -1),
      query.open === true
        ? Promise.resolve([])
        : this.redis.zrangebyscore(this.keys.trackerClosed, now.getTime() - RECENTLY_ENDED_MS, '+inf'),
    ]);
    const ids = [...new Set([...open, ...ended])];
    let episodes: TrackerEpisode[] =
      ids.length === 0
        ? []
        : parseStoredValues(
            trackerEpisodeRecord,
            this.keys.trackerEpisode,
            ids,
            await this.redis.hmget(this.keys.trackerEpisode, ...ids),
          );
    if (visibility.trustOrg !== null) episodes = episodes.filter((e) => e.trust === visibility.trustOrg);
    if (query.open === true)
      episodes = episodes.filter((e) => e.endedAt === null || Date.parse(e.endedAt) > now.getTime());
    const nhsByPerson = new Map<string, string | null>();
    if (visibility.councilOrg !== null || !visibility.pseudonymised) {
      // A council sees the episodes of people referred to it; everyone entitled sees NHS numbers.
      const persons = [...new Set(episodes.map((e) => e.personKey))];
      for (const entry of await this.queueEntries(persons)) {
        if (visibility.councilOrg === null || entry.council === visibility.councilOrg)
          nhsByPerson.set(entry.personKey, entry.nhsNumber);
      }
      if (visibility.councilOrg !== null) episodes = episodes.filter((e) => nhsByPerson.has(e.personKey));
    }
    const view = readModels.trackerView(
      episodes,
      now,
      {
        ...(query.statuses && { statuses: query.statuses }),
        ...(query.site !== undefined && { site: query.site }),
        ...(query.pathway !== undefined && { pathway: query.pathway as readModels.QueueEntry['pathway'] }),
      },
      { page: query.page, pageSize: query.pageSize },
      this.config,
    );
    const items: Episode[] = view.items.map((item) => ({
      ...item,
      nhsNumber: visibility.pseudonymised ? null : (nhsByPerson.get(item.personKey) ?? null),
      spellId: visibility.pseudonymised ? null : item.spellId,
    }));
    return { ...view, items };
  }

  async weekly(weeks: number, _visibility: Visibility, _now: Date): Promise<WeeklyView> {
    // Aggregates by site and pathway: no person-level data, so every role sees them.
    const mondays = (await this.redis.smembers(this.keys.trackerWeeks)).sort().slice(-weeks);
    const figures = new Map<string, readModels.WeeklyDischarge[]>();
    for (const monday of mondays) {
      const key = this.keys.trackerWeek(monday);
      const hash = await this.redis.hgetall(key);
      figures.set(
        monday,
        parseStoredValues(weeklyDischargeRecord, key, Object.keys(hash), Object.values(hash)),
      );
    }
    return { weeks: readModels.weeklyFigures(figures) };
  }

  async journey(personKey: string, visibility: Visibility, now: Date): Promise<Journey | undefined> {
    const survivor = (await this.redis.hget(this.keys.merged, personKey)) ?? personKey;
    const key = this.keys.journey(survivor);
    const text = await this.redis.get(key);
    if (text === null) return undefined;
    const journey = parseStoredRecord(journeyRecord, key, text);
    const scope = visibility.trustOrg ?? visibility.councilOrg;
    if (scope !== null && !journey.events.some((e) => e.orgCode === scope)) return undefined;
    const view = readModels.journeyView(journey, now);
    return {
      personKey: view.personKey,
      nhsNumber: visibility.pseudonymised ? null : view.nhsNumber,
      daysAwayFromHome: view.daysAwayFromHome,
      events: view.events.map((e) => ({ at: e.at, stream: e.stream, type: e.type, summary: e.summary })),
    };
  }

  private async kpiCounts(): Promise<readModels.KpiCounts> {
    const entries = await Promise.all(
      readModels.KPI_NAMES.map(async (name) => {
        const hash = await this.redis.hgetall(this.keys.kpi(name));
        return [name, Object.fromEntries(Object.entries(hash).map(([f, v]) => [f, Number(v)]))] as const;
      }),
    );
    return Object.fromEntries(entries) as readModels.KpiCounts;
  }

  async kpis(_visibility: Visibility, now: Date): Promise<KpiView> {
    // Aggregates: every role sees them (no person-level rows). The inputs (every queue entry and the KPI
    // counts) are read once a second at most, whoever asks; the view is computed at each request's `now`.
    const { counts, entries } = await this.kpiInputs.get('kpis', async () => {
      const [counts, queue] = await Promise.all([this.kpiCounts(), this.redis.hgetall(this.keys.queueEntry)]);
      const entries = parseStoredValues(
        queueEntryRecord,
        this.keys.queueEntry,
        Object.keys(queue),
        Object.values(queue),
      );
      return { counts, entries };
    });
    const k = readModels.kpiView(counts, entries, now, {}, this.config);
    return {
      ...k,
      nctrDaily: [...k.nctrDaily],
      dischargesByPathway: { total: k.dischargesByPathway.total, rows: [...k.dischargesByPathway.rows] },
      excessBedDays: { ...k.excessBedDays },
    };
  }

  async sitrepCsv(date: string, _visibility: Visibility, _now: Date): Promise<string> {
    return readModels.sitrepCsv(await this.kpiCounts(), date, this.config);
  }

  async changes(onChange: () => void, signal: AbortSignal): Promise<void> {
    const sub = this.subscriber();
    await sub.subscribe(this.keys.changes);
    sub.on('message', () => onChange());
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    sub.disconnect();
  }
}
