import type { LocalDate } from '../avro/logical-types';
import { daysBetween } from './london';
import type { QueueEntry } from './model';

/**
 * The Redis key layout of the read models (README.md documents each key and value). Every key lives
 * under a versioned namespace (HOMEFIRST_READMODEL_NAMESPACE, default `rm:v1:`) so a rebuild can fill a
 * new namespace from the earliest offset and readers switch over afterwards.
 */
export const DEFAULT_NAMESPACE = 'rm:v1:';

/** Queue dimensions with a sorted-set index each (score = readySince, epoch ms). */
export const QUEUE_DIMENSIONS = ['site', 'ward', 'pathway', 'reason', 'sitrep', 'council', 'trust'] as const;
export type QueueDimension = (typeof QUEUE_DIMENSIONS)[number];

/** A DRD as the score of the queue's DRD index: whole days since 1970-01-01 (1970-01-02 → 1). */
export const drdDayNumber = (dischargeReadyDate: LocalDate): number =>
  daysBetween('1970-01-01', dischargeReadyDate);

/** The value used in an index key for a missing site, ward or council. */
export const NONE = '-';

/** The queue reasons the hub derives that have no sitrep reason of their own. */
const HUB_ONLY_REASONS: ReadonlySet<string> = new Set(['AWAITING_ASSESSMENT', 'AWAITING_PACKAGE_START']);

export class ReadModelKeys {
  constructor(readonly namespace: string = DEFAULT_NAMESPACE) {}

  /** STRING JSON StoredPerson: the person record and what it last contributed (projector-internal). */
  person(personKey: string): string {
    return `${this.namespace}person:${personKey}`;
  }
  /** Pattern of every person key (for tools and tests; SCAN, never KEYS). */
  get personPattern(): string {
    return `${this.namespace}person:*`;
  }
  /** STRING: the next offset to read of a topic partition, written with the state it produced. */
  offset(topic: string, partition: number): string {
    return `${this.namespace}offsets:${topic}:${partition}`;
  }
  /** ZSET personKey → readySince (epoch ms): the delayed-transfer queue, longest wait first. */
  get queue(): string {
    return `${this.namespace}queue`;
  }
  /** HASH personKey → JSON QueueEntry. */
  get queueEntry(): string {
    return `${this.namespace}queue:entry`;
  }
  /**
   * ZSET personKey → drdDayNumber(dischargeReadyDate): the queue by discharge ready date, so the long-delay
   * cohort (DRD on or before longDelayCutoff) is one ZRANGEBYSCORE. Not a filter index (its score is not
   * readySince).
   */
  get queueByDrd(): string {
    return `${this.namespace}queue:drd`;
  }
  /** ZSET personKey → readySince: the queue restricted to one value of a dimension. */
  queueBy(dimension: QueueDimension, value: string | null): string {
    return `${this.namespace}queue:by:${dimension}:${value === null || value === '' ? NONE : value}`;
  }
  /** Every sorted set a queue entry is in (the queue and one index per dimension), each scored readySince. */
  queueIndexesOf(entry: QueueEntry): string[] {
    const value: Record<QueueDimension, string | null> = {
      site: entry.site,
      ward: entry.ward,
      pathway: entry.pathway,
      reason: entry.delayReason,
      sitrep: entry.sitrepReason,
      council: entry.council,
      trust: entry.trust,
    };
    return [this.queue, ...QUEUE_DIMENSIONS.map((dimension) => this.queueBy(dimension, value[dimension]))];
  }
  /**
   * The index a queue filter on `reason` reads: a sitrep reason matches the entries counted under it (the
   * `sitrep` index); the two hub-only reasons (AWAITING_ASSESSMENT, AWAITING_PACKAGE_START) have their own.
   */
  queueByReason(reason: string): string {
    return this.queueBy(HUB_ONLY_REASONS.has(reason) ? 'reason' : 'sitrep', reason);
  }
  /** HASH episodeId → JSON TrackerEpisode (every readiness episode). */
  get trackerEpisode(): string {
    return `${this.namespace}tracker:episode`;
  }
  /** ZSET episodeId → deadline (epoch ms): open episodes, for the tracker and the sweeper. */
  get trackerOpen(): string {
    return `${this.namespace}tracker:open`;
  }
  /** ZSET episodeId → endedAt (epoch ms): ended episodes, for "recently met/breached/withdrawn". */
  get trackerClosed(): string {
    return `${this.namespace}tracker:closed`;
  }
  /** HASH episodeId → JSON WeeklyDischarge: episodes discharged in the week starting on `monday`. */
  trackerWeek(monday: string): string {
    return `${this.namespace}tracker:week:${monday}`;
  }
  /** SET of the Mondays that have a tracker:week hash. */
  get trackerWeeks(): string {
    return `${this.namespace}tracker:weeks`;
  }
  /** STRING JSON Journey. */
  journey(personKey: string): string {
    return `${this.namespace}journey:${personKey}`;
  }
  /** SET of the personKeys that have a journey. */
  get journeys(): string {
    return `${this.namespace}journeys`;
  }
  /** HASH field → integer: a KPI's per-day contributions (fields in README.md). */
  kpi(name: string): string {
    return `${this.namespace}kpi:${name}`;
  }
  /** HASH retired personKey → surviving personKey (PatientsMerged). */
  get merged(): string {
    return `${this.namespace}merged`;
  }
  /** STRING: an alert claimed (with a TTL) and then sent (persisted) — the sweeper's exactly-once record. */
  alert(eventId: string): string {
    return `${this.namespace}alerts:sent:${eventId}`;
  }
  /** Pub/sub channel: a JSON message after every committed write (for SSE in the API). */
  get changes(): string {
    return `${this.namespace}changes`;
  }
}
