import {
  journeyRecord,
  parseStoredRecord,
  parseStoredValues,
  queueEntryRecord,
  trackerEpisodeRecord,
  weeklyDischargeRecord,
} from '@homefirst/runtime';
import { readModels } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import type { Visibility } from './auth/principal';
import { referralsOf } from './brokerage';
import { LongDelayCohort, emptyQueue, queueViewOf } from './long-delay';
import { ChangeFeed } from './change-feed';
import { ParsedCache } from './parsed-cache';
import { QueuePageJson, writeQueueView } from './queue-json';
import { INTERSECTION_PREFIX, QueuePages, type QueuePageRead } from './queue-pages';
import {
  QueueFacets,
  queueIndexOf,
  repliesOf,
  scopedFilters,
  type QueueFilterDimension,
} from './queue-facets';
import type {
  QueueFilters,
  QueueQuery,
  ReadModelReader,
  ReferralsQuery,
  RenderedPage,
  TrackerQuery,
} from './reader';
import {
  byDeadline,
  episodeOf,
  stillOpen,
  trackerFilters,
  visibleEpisodes,
  type TrackerInputs,
} from './tracker-inputs';
import { TtlCache } from './ttl-cache';
import {
  type Journey,
  type KpiView,
  type QueueFacetsView,
  type QueueView,
  type ReferralsView,
  type TrackerView,
  type WeeklyView,
} from './views';

type QueueEntry = readModels.QueueEntry;
type TrackerEpisode = readModels.TrackerEpisode;

/** How far back the tracker shows ended episodes (met, breached, withdrawn). */
const RECENTLY_ENDED_MS = 7 * readModels.DAY_MS;

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
  private readonly pages: QueuePages;
  private readonly kpiInputs: TtlCache<{ counts: readModels.KpiCounts; entries: readonly QueueEntry[] }>;
  /** The tracker's filtered, sorted episodes and counts by status, per filter set and scope (see tracker). */
  private readonly trackerSummaries: TtlCache<{
    readonly items: readonly readModels.TrackerItem[];
    readonly counts: TrackerView['counts'];
    readonly nhsByPerson: ReadonlyMap<string, string | null>;
  }>;
  /** The tracker's inputs at the present moment, shared by every filter set and scope for the summary TTL. */
  private readonly presentTrackerInputs: TtlCache<TrackerInputs>;
  /** Tracker episodes parsed and validated once per stored text. */
  private readonly parsedEpisodes: ParsedCache<TrackerEpisode>;
  /** The weekly figures by number of weeks, for the summary TTL. */
  private readonly weeklyViews: TtlCache<WeeklyView>;
  /** The KPI view at the present moment, shared by every caller for the summary TTL. */
  private readonly kpiViews: TtlCache<KpiView>;
  /** Queue entries parsed and validated once per stored text: a page re-read unchanged is not parsed again. */
  private readonly parsedEntries: ParsedCache<QueueEntry>;
  private readonly facets: QueueFacets;
  private readonly longDelay: LongDelayCohort;
  private readonly pageJson: QueuePageJson;
  private readonly feed: ChangeFeed | null;

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: () => Redis,
    namespace: string,
    private readonly config: readModels.ViewConfig,
    private readonly summaryTtlMs: number = QUEUE_SUMMARY_TTL_MS,
    /** How many members of a filtered queue's intersection a summary keeps (deeper pages are walked afresh). */
    intersectionKept: number = INTERSECTION_PREFIX,
    /**
     * Keep queue pages while the read models do not change (QueuePages.read), on a subscription of its own to their
     * changes, which the server-sent events then share: `serve` turns it on.
     */
    keepPages = false,
  ) {
    this.keys = new readModels.ReadModelKeys(namespace);
    this.feed = keepPages ? new ChangeFeed(subscriber, this.keys.changes) : null;
    this.kpiInputs = new TtlCache(summaryTtlMs, 1);
    this.trackerSummaries = new TtlCache(summaryTtlMs, 256);
    this.kpiViews = new TtlCache(summaryTtlMs, 1);
    this.weeklyViews = new TtlCache(summaryTtlMs, 16);
    this.presentTrackerInputs = new TtlCache(summaryTtlMs, 1);
    this.parsedEpisodes = new ParsedCache((text, episodeId) =>
      parseStoredRecord(trackerEpisodeRecord, `${this.keys.trackerEpisode} ${episodeId}`, text),
    );
    this.parsedEntries = new ParsedCache((text, personKey) =>
      parseStoredRecord(queueEntryRecord, `${this.keys.queueEntry} ${personKey}`, text),
    );
    this.facets = new QueueFacets(redis, this.keys, summaryTtlMs);
    this.longDelay = new LongDelayCohort(redis, this.keys, config, summaryTtlMs);
    this.pageJson = new QueuePageJson(config);
    this.pages = new QueuePages(
      redis,
      this.keys,
      this.longDelay,
      (personKeys) => this.queueEntries(personKeys),
      { ttlMs: summaryTtlMs, intersectionKept, ...(this.feed !== null && { changes: this.feed }) },
    );
  }

  private indexOf(dimension: QueueFilterDimension, value: string): string {
    return queueIndexOf(this.keys, dimension, value);
  }

  /** One page of the queue (QueuePages: from the indexes, reading only the entries the page shows). */
  async queue(query: QueueQuery, visibility: Visibility, now: Date): Promise<QueueView> {
    const read = await this.queueRead(query, visibility, now);
    return read === null
      ? emptyQueue(query, now)
      : queueViewOf(read.entries, read, query, now, read.countsByReason, visibility, this.config);
  }

  /** The queue page as its JSON body (QueuePageJson: the same body Fastify writes from `queue`'s view). */
  async queueJson(query: QueueQuery, visibility: Visibility, now: Date): Promise<RenderedPage> {
    const read = await this.queueRead(query, visibility, now);
    if (read === null) return { personKeys: [], json: Buffer.from(writeQueueView(emptyQueue(query, now))) };
    const head = {
      now,
      total: read.total,
      page: query.page,
      pageSize: query.pageSize,
      countsByReason: read.countsByReason,
      longDelayCount: read.longDelayCount,
    };
    return {
      personKeys: read.entries.map((entry) => entry.personKey),
      json: this.pageJson.render(head, read.entries, visibility.pseudonymised),
    };
  }

  /** What one queue page shows (see queue); null when the caller may see nobody under these filters. */
  private async queueRead(
    query: QueueQuery,
    visibility: Visibility,
    now: Date,
  ): Promise<QueuePageRead | null> {
    const indexes = this.queueIndexes(query, visibility);
    return indexes === null ? null : this.pages.read(indexes, query, now);
  }

  /** The indexes of a queue read: its filters' and its caller's scope's; null when nothing is visible. */
  private queueIndexes(query: QueueFilters, visibility: Visibility): string[] | null {
    const scoped = scopedFilters(query, visibility);
    return scoped === null ? null : [...scoped.chosen, ...scoped.scope].map(([d, v]) => this.indexOf(d, v));
  }

  /** The count per value of each filter dimension under the other filters (see QueueFacets), and of the cohort. */
  async queueFacets(query: QueueFilters, visibility: Visibility, now: Date): Promise<QueueFacetsView> {
    const indexes = this.queueIndexes(query, visibility);
    const [view, cohort] = await Promise.all([
      this.facets.read(query, visibility, now),
      indexes === null ? [] : this.longDelay.members(indexes, readModels.localDateOf(now.getTime())),
    ]);
    return { ...view, longDelayCount: cohort.length };
  }

  /**
   * One council's referrals still in hospital: the queue page under `council` (the caller's scope applied
   * as for the queue), each with the brokerage state its journey's council events give (one MGET).
   */
  async referrals(query: ReferralsQuery, visibility: Visibility, now: Date): Promise<ReferralsView> {
    const { page, pageSize, council, longDelay } = query;
    const queue = await this.queue({ page, pageSize, council, longDelay }, visibility, now);
    const keys = queue.items.map((item) => this.keys.journey(item.personKey));
    return referralsOf(queue, keys, keys.length === 0 ? [] : await this.redis.mget(...keys), query.council);
  }

  /** The stored queue entries of these persons, validated; persons no longer queued are left out. */
  private async queueEntries(personKeys: readonly string[]): Promise<QueueEntry[]> {
    if (personKeys.length === 0) return [];
    return this.parsedEntries.values(
      personKeys,
      await this.redis.hmgetBuffer(this.keys.queueEntry, ...personKeys),
    );
  }

  /**
   * A page of the 48-hour tracker. At the present moment (the request's `now` within the summary TTL of the
   * clock) the filtered, sorted episodes and the counts by status come from a summary made at most
   * QUEUE_SUMMARY_TTL_MS ago per filter set and scope, and only the page's items are recomputed at `now` (their
   * status and hours left exact); at any other instant everything is read and computed for it.
   */
  async tracker(query: TrackerQuery, visibility: Visibility, now: Date): Promise<TrackerView> {
    if (Math.abs(now.getTime() - Date.now()) > this.summaryTtlMs) {
      const visible = visibleEpisodes(await this.trackerInputs(now), visibility);
      const { nhsByPerson } = visible;
      const episodes = query.open === true ? stillOpen(visible.episodes, now) : visible.episodes;
      const view = readModels.trackerView(episodes, now, trackerFilters(query), query, this.config);
      return { ...view, items: view.items.map((item) => episodeOf(item, nhsByPerson, visibility)) };
    }
    const { statuses, site, pathway, open } = query;
    const summary = await this.trackerSummaries.get(
      JSON.stringify([visibility, statuses, site, pathway, open]),
      async () => {
        const at = new Date();
        const inputs = await this.presentTrackerInputs.get('now', () => this.trackerInputs(at));
        const visible = visibleEpisodes(inputs, visibility);
        const { nhsByPerson } = visible;
        const episodes = open === true ? stillOpen(visible.episodes, at) : visible.episodes;
        const all = { page: 1, pageSize: Number.MAX_SAFE_INTEGER };
        const { items, counts } = readModels.trackerView(
          episodes,
          at,
          trackerFilters(query),
          all,
          this.config,
        );
        return { items, counts, nhsByPerson };
      },
    );
    const start = (query.page - 1) * query.pageSize;
    return {
      now: now.toISOString(),
      total: summary.items.length,
      page: query.page,
      pageSize: query.pageSize,
      items: summary.items
        .slice(start, start + query.pageSize)
        .map((item) =>
          episodeOf(readModels.trackerItem(item, now, this.config), summary.nhsByPerson, visibility),
        ),
      counts: summary.counts,
    };
  }

  /** The open episodes and those ended in the week before `now`, and the queue entries of their persons. */
  private async trackerInputs(now: Date): Promise<TrackerInputs> {
    const [open, ended] = await Promise.all([
      this.redis.zrange(this.keys.trackerOpen, 0, -1),
      this.redis.zrangebyscore(this.keys.trackerClosed, now.getTime() - RECENTLY_ENDED_MS, '+inf'),
    ]);
    const ids = [...new Set([...open, ...ended])];
    const episodes =
      ids.length === 0
        ? []
        : this.parsedEpisodes.values(ids, await this.redis.hmget(this.keys.trackerEpisode, ...ids));
    // In the view's order (soonest deadline first), once: every filter set's view then sorts a sorted list.
    episodes.sort((a, b) => byDeadline(a, b));
    const persons = [...new Set(episodes.map((e) => e.personKey))];
    const entries = new Map((await this.queueEntries(persons)).map((entry) => [entry.personKey, entry]));
    return { episodes, entries };
  }

  /**
   * The weekly 48-hour figures of the last `weeks` weeks: aggregates by site and pathway, no person-level data,
   * so every role sees them. Discharged weeks change rarely; a view serves for the summary TTL, per `weeks`.
   */
  async weekly(weeks: number, _visibility: Visibility, _now: Date): Promise<WeeklyView> {
    return this.weeklyViews.get(String(weeks), async () => {
      const mondays = (await this.redis.smembers(this.keys.trackerWeeks)).sort().slice(-weeks);
      const pipeline = this.redis.pipeline();
      for (const monday of mondays) pipeline.hgetall(this.keys.trackerWeek(monday));
      const hashes = (await repliesOf(pipeline)) as Record<string, string>[];
      const figures = new Map<string, readModels.WeeklyDischarge[]>();
      mondays.forEach((monday, i) => {
        const hash = hashes[i] ?? {};
        const key = this.keys.trackerWeek(monday);
        figures.set(
          monday,
          parseStoredValues(weeklyDischargeRecord, key, Object.keys(hash), Object.values(hash)),
        );
      });
      return { weeks: readModels.weeklyFigures(figures) };
    });
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

  /** Aggregates (no person-level rows): every role sees them, like the KPIs. */
  async drdTimeliness(range: { from?: string; to?: string }): Promise<readModels.DrdTimelinessView> {
    return readModels.drdTimelinessView(await this.kpiHash('drd'), range);
  }

  /** Aggregates (no person-level rows): every role sees them, like the DRD timeliness. */
  async sitrepReturn(range: { from: string; to: string }): Promise<readModels.SitrepReturnView> {
    return readModels.sitrepReturnView(await this.kpiHash('sitrep'), range, this.config);
  }

  /** Aggregates (no person-level rows), kept per council: the route chooses the council a caller may see. */
  async intermediateCare(
    range: { from?: string; to?: string },
    council: string | null,
  ): Promise<readModels.IntermediateCareView> {
    return readModels.intermediateCareView(await this.kpiHash('icare'), range, council);
  }

  private async kpiCounts(): Promise<readModels.KpiCounts> {
    const entries = await Promise.all(
      readModels.KPI_NAMES.map(async (name) => [name, await this.kpiHash(name)] as const),
    );
    return Object.fromEntries(entries) as readModels.KpiCounts;
  }

  /** One KPI hash with its counts as numbers. */
  private async kpiHash(name: readModels.KpiName): Promise<Record<string, number>> {
    const hash = await this.redis.hgetall(this.keys.kpi(name));
    return Object.fromEntries(Object.entries(hash).map(([field, value]) => [field, Number(value)]));
  }

  async kpis(visibility: Visibility, now: Date): Promise<KpiView> {
    // At the present moment the view made at most QUEUE_SUMMARY_TTL_MS ago serves (it reads every queue entry).
    if (Math.abs(now.getTime() - Date.now()) <= this.summaryTtlMs)
      return this.kpiViews.get('now', () => this.kpisAt(visibility, new Date()));
    return this.kpisAt(visibility, now);
  }

  private async kpisAt(_visibility: Visibility, now: Date): Promise<KpiView> {
    // Aggregates: every role sees them (no person-level rows). The inputs (every queue entry and the KPI
    // counts) are read once a second at most, whoever asks; the view is computed at `now`.
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
    const stop = await this.listen(onChange);
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    stop();
  }

  /**
   * Calls `onChange` after each change of these read models until the returned function is called. With kept
   * pages, on the subscription they use (one per version, however many listen), so a change moves their
   * generation on before anyone hears of it; without, on a connection of the listener's own.
   */
  async listen(onChange: () => void): Promise<() => void> {
    const feed = this.feed;
    if (feed !== null) {
      await feed.start();
      return feed.listen(onChange);
    }
    const sub = this.subscriber();
    await sub.subscribe(this.keys.changes);
    sub.on('message', () => onChange());
    return () => sub.disconnect();
  }

  /** Drops the subscription to changes, if it made one (a reader of a version no longer live). */
  close(): void {
    this.feed?.close();
  }
}
