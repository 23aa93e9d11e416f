import { readModels } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import type { Visibility } from './auth/principal';
import type {
  PinnedReader,
  QueueFilters,
  QueueQuery,
  ReadModelReader,
  ReferralsQuery,
  RenderedPage,
  TrackerQuery,
} from './reader';
import { INTERSECTION_PREFIX } from './queue-pages';
import { QUEUE_SUMMARY_TTL_MS, RedisReadModelReader } from './redis-reader';
import { TtlCache } from './ttl-cache';
import type {
  Journey,
  KpiView,
  QueueFacetsView,
  QueueView,
  ReferralsView,
  TrackerView,
  WeeklyView,
} from './views';

const { VersionKeys, liveNamespace, parseVersionedNamespace } = readModels;

/**
 * How long a resolved alias serves before it is read again. A request may so start on the version live up to
 * this long ago — still a whole version (the old one is dropped 30 s after a switch by default), never a mix —
 * and a busy API reads the alias a few times a second instead of once per request.
 */
export const ALIAS_TTL_MS = 250;

/**
 * The read models through the live alias (schemas' read-models/versions.ts). A rebuild fills a new version
 * `<root>v<N+1>:` and switches `<root>live` to it in one atomic step; this reader resolves the alias ONCE per
 * request (`pin`) and reads every key of that request from that one namespace — never a mix of versions.
 * The old version is dropped only after the rebuild's grace period, so a request that pinned it just
 * before the switch still finishes on it. The alias resolved is reused for `aliasTtlMs` (ALIAS_TTL_MS). An
 * unversioned namespace is read as it is.
 */
export class LiveReadModelReader implements ReadModelReader {
  private readonly aliasKey: string | null;
  private readonly aliasChanged: string | null;
  private readonly readers = new Map<string, RedisReadModelReader>();
  private readonly resolved: TtlCache<string>;
  /** The alias channel's subscription, shared by every listener to changes (see changes). */
  private aliasWatch: Promise<void> | null = null;
  private aliasConnection: Redis | null = null;
  private readonly aliasWatchers = new Set<(namespace: string | null) => void>();

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: () => Redis,
    private readonly configured: string,
    private readonly config: readModels.ViewConfig,
    aliasTtlMs: number = ALIAS_TTL_MS,
    /** Each version's reader keeps queue pages while its read models do not change (RedisReadModelReader). */
    private readonly keepPages = false,
  ) {
    const parsed = parseVersionedNamespace(configured);
    const keys = parsed === null ? null : new VersionKeys(parsed.root);
    this.aliasKey = keys?.alias ?? null;
    this.aliasChanged = keys?.aliasChanged ?? null;
    this.resolved = new TtlCache(aliasTtlMs, 1);
  }

  /** The namespace live now, as resolved at most `aliasTtlMs` ago. */
  async liveNamespace(): Promise<string> {
    const aliasKey = this.aliasKey;
    if (aliasKey === null) return this.configured;
    return this.resolved.get(aliasKey, () => this.readAlias(aliasKey));
  }

  /** The namespace live now (one GET of the alias). */
  private async readAlias(aliasKey: string | null = this.aliasKey): Promise<string> {
    return aliasKey === null
      ? this.configured
      : liveNamespace(this.configured, await this.redis.get(aliasKey));
  }

  private readerOf(namespace: string): RedisReadModelReader {
    let reader = this.readers.get(namespace);
    if (reader === undefined) {
      if (this.readers.size > 8) this.closeReaders(); // versions come and go; keep the map small
      reader = new RedisReadModelReader(
        this.redis,
        this.subscriber,
        namespace,
        this.config,
        QUEUE_SUMMARY_TTL_MS,
        INTERSECTION_PREFIX,
        this.keepPages,
      );
      this.readers.set(namespace, reader);
    }
    return reader;
  }

  private closeReaders(): void {
    for (const reader of this.readers.values()) reader.close();
    this.readers.clear();
  }

  /** Drops every version's reader and its subscription, and the alias subscription (shutdown). */
  close(): void {
    this.closeReaders();
    this.aliasConnection?.disconnect();
    this.aliasConnection = null;
    this.aliasWatch = null;
  }

  async pin(): Promise<PinnedReader> {
    const namespace = await this.liveNamespace();
    return { namespace, reader: this.readerOf(namespace) };
  }

  async queue(query: QueueQuery, visibility: Visibility, now: Date): Promise<QueueView> {
    return (await this.pin()).reader.queue(query, visibility, now);
  }
  async queueJson(query: QueueQuery, visibility: Visibility, now: Date): Promise<RenderedPage> {
    return (await this.pin()).reader.queueJson(query, visibility, now);
  }
  async queueFacets(filters: QueueFilters, visibility: Visibility, now: Date): Promise<QueueFacetsView> {
    return (await this.pin()).reader.queueFacets(filters, visibility, now);
  }
  async referrals(query: ReferralsQuery, visibility: Visibility, now: Date): Promise<ReferralsView> {
    return (await this.pin()).reader.referrals(query, visibility, now);
  }
  async tracker(query: TrackerQuery, visibility: Visibility, now: Date): Promise<TrackerView> {
    return (await this.pin()).reader.tracker(query, visibility, now);
  }
  async weekly(weeks: number, visibility: Visibility, now: Date): Promise<WeeklyView> {
    return (await this.pin()).reader.weekly(weeks, visibility, now);
  }
  async journey(personKey: string, visibility: Visibility, now: Date): Promise<Journey | undefined> {
    return (await this.pin()).reader.journey(personKey, visibility, now);
  }
  async kpis(visibility: Visibility, now: Date): Promise<KpiView> {
    return (await this.pin()).reader.kpis(visibility, now);
  }
  async drdTimeliness(range: { from?: string; to?: string }): Promise<readModels.DrdTimelinessView> {
    return (await this.pin()).reader.drdTimeliness(range);
  }
  async sitrepReturn(range: { from: string; to: string }): Promise<readModels.SitrepReturnView> {
    return (await this.pin()).reader.sitrepReturn(range);
  }
  async intermediateCare(
    range: { from?: string; to?: string },
    council: string | null,
  ): Promise<readModels.IntermediateCareView> {
    return (await this.pin()).reader.intermediateCare(range, council);
  }
  async sitrepCsv(date: string, visibility: Visibility, now: Date): Promise<string> {
    return (await this.pin()).reader.sitrepCsv(date, visibility, now);
  }

  /**
   * Change notifications of the live version, for the server-sent events. Every listener shares two
   * subscriptions per API process, however many boards are open: the live version's change feed (the one its
   * kept pages use, so a page kept from before a change is never served after the change was announced) and
   * the alias channel. When the alias switches, listeners move to the new version and are told (the data did
   * change), and the readers of other versions are dropped with their subscriptions: a request that pinned
   * one before the switch still finishes on it, reading Redis without kept pages.
   */
  async changes(onChange: () => void, signal: AbortSignal): Promise<void> {
    let namespace = await this.readAlias();
    let stop = await this.readerOf(namespace).listen(onChange);
    try {
      let moving = Promise.resolve();
      const stopWatching = await this.watchAlias((next) => {
        moving = moving
          .then(async () => {
            if (next !== null && next !== namespace && !signal.aborted) {
              stop();
              namespace = next;
              stop = await this.readerOf(next).listen(onChange);
            }
            onChange();
          })
          // Redis blip: still tell the board to re-read (it resolves the alias itself).
          .catch(() => onChange());
      });
      try {
        await aborted(signal);
      } finally {
        stopWatching();
        await moving;
      }
    } finally {
      stop();
    }
  }

  /**
   * Calls `onSwitch` with the namespace live after each switch of the alias (null when it could not be read),
   * on one subscription shared by every caller, until the returned function is called. Nothing to watch for
   * an unversioned namespace.
   */
  private async watchAlias(onSwitch: (namespace: string | null) => void): Promise<() => void> {
    const channel = this.aliasChanged;
    if (channel === null) return () => undefined;
    this.aliasWatchers.add(onSwitch);
    const remove = () => {
      this.aliasWatchers.delete(onSwitch);
    };
    try {
      await (this.aliasWatch ??= this.subscribeAlias(channel));
    } catch (err) {
      remove();
      throw err;
    }
    return remove;
  }

  private async subscribeAlias(channel: string): Promise<void> {
    const sub = this.subscriber();
    this.aliasConnection = sub;
    sub.on('message', (from: string) => {
      if (from !== channel) return;
      this.resolved.clear();
      void this.readAlias().then(
        (live) => {
          this.dropAllBut(live);
          for (const watcher of this.aliasWatchers) watcher(live);
        },
        // Redis blip: the listeners stay where they are, and the boards are told to re-read (they pin afresh).
        () => {
          for (const watcher of this.aliasWatchers) watcher(null);
        },
      );
    });
    try {
      await sub.subscribe(channel);
    } catch (err) {
      this.aliasWatch = null;
      this.aliasConnection = null;
      sub.disconnect();
      throw err;
    }
  }

  /** Drops the readers of versions no longer live, and their subscriptions. */
  private dropAllBut(live: string): void {
    for (const [namespace, reader] of this.readers) {
      if (namespace === live) continue;
      reader.close();
      this.readers.delete(namespace);
    }
  }
}

/** Resolves when the signal aborts (at once if it has). */
function aborted(signal: AbortSignal): Promise<void> {
  return signal.aborted
    ? Promise.resolve()
    : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
