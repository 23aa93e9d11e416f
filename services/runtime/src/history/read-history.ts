import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { UnavailableError, ValidationError } from '../errors';
import type { Logger } from '../logger';
import { AsyncHandoff } from './handoff';
import { partitionRanges, type PartitionRange } from './ranges';

/** One Kafka record as read back from history: bytes untouched, the caller decodes. */
export interface HistoryRecord {
  readonly topic: string;
  readonly partition: number;
  /** kafkajs offsets are decimal strings (int64). */
  readonly offset: string;
  /** The Kafka record timestamp, epoch ms (the producer's create time). */
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

/** A run of consecutive records of one partition. */
export interface HistoryBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly HistoryRecord[];
  /** Records still to come until every partition reaches the end mark taken at start. */
  readonly lag: number;
}

export interface ReadHistoryOptions {
  /** Full topic names (deployment prefix included). */
  readonly topics: readonly string[];
  /** Start at the first record at or after this instant (Kafka timestamps); else at the earliest offset. */
  readonly fromTimestamp?: number;
  /**
   * Start each named partition at its offset instead (wins over `fromTimestamp`); partitions not named are
   * not read. For a reader that wants a few records it knows the places of.
   */
  readonly fromOffsets?: readonly {
    readonly topic: string;
    readonly partition: number;
    readonly offset: string;
  }[];
  readonly logger: Logger;
  /** Aborting ends the iteration early (the reader closes). */
  readonly signal?: AbortSignal;
  /** kafkajs fetch size; the default matches the benchmarks' bare consumer. */
  readonly maxBytes?: number;
  /**
   * How long the broker may hold a fetch that finds nothing new. History ends at marks it has already
   * reached when its fetches come back empty, so a long poll only delays `close()` (kafkajs waits for the
   * fetch in flight): kafkajs's 5 s default added 5 s to every export. Default 200 ms.
   */
  readonly maxWaitTimeInMs?: number;
  /**
   * The throwaway group's id is this, a dash and a UUID (default `homefirst-history`). A service reading as its
   * own Kafka principal gives a prefix its group ACLs allow (e.g. its group id): the broker refuses any other.
   */
  readonly groupPrefix?: string;
}

/**
 * History from a fixed start up to the end marks (high watermarks) taken when it started: what a data team
 * replays, exports or re-maps. Records written after the start are not read, so an iteration always ends.
 */
export interface HistoryReader extends AsyncIterable<HistoryBatch> {
  /** Records between the start offsets and the end marks; known once `start()` resolved. */
  readonly total: number;
  /** The per-partition ranges fixed by `start()`. */
  readonly ranges: readonly PartitionRange[];
  /** Connects, fixes start and end offsets. Kafka unreachable or a missing topic: a clear error. */
  start(): Promise<void>;
  /** Stops fetching and leaves the group (idempotent). */
  close(): Promise<void>;
}

const HEARTBEAT_EVERY_MS = 3_000;

/**
 * Reads `topics` with a throwaway consumer group that never commits: nobody else's offsets move, and the
 * group is deleted on close. One batch is handed over at a time (the consumer waits while the caller
 * works), so memory stays at one fetch whatever the topic's size.
 */
export function readHistory(kafka: Kafka, options: ReadHistoryOptions): HistoryReader {
  return new KafkaHistoryReader(kafka, options);
}

class KafkaHistoryReader implements HistoryReader {
  total = 0;
  ranges: readonly PartitionRange[] = [];
  private readonly groupId: string;
  private readonly handoff = new AsyncHandoff<HistoryBatch>();
  private consumer: Consumer | undefined;
  private remaining = new Map<string, PartitionRange>();
  private delivered = 0;
  private closed = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: ReadHistoryOptions,
  ) {
    this.groupId = `${options.groupPrefix ?? 'homefirst-history'}-${randomUUID()}`;
    options.signal?.addEventListener('abort', () => void this.close(), { once: true });
    this.handoff.whenAbandoned(() => void this.close());
  }

  async start(): Promise<void> {
    if (this.options.topics.length === 0) throw new ValidationError('no topic to read', []);
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      this.ranges = await this.fixRanges(admin);
    } catch (error) {
      throw asUnavailable(error);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    this.total = this.ranges.reduce((sum, range) => sum + range.count, 0);
    this.remaining = new Map(this.ranges.filter((r) => r.count > 0).map((r) => [rangeKey(r), r]));
    if (this.remaining.size === 0) {
      this.handoff.end();
      return;
    }
    await this.startConsumer();
  }

  [Symbol.asyncIterator](): AsyncIterator<HistoryBatch> {
    return this.handoff[Symbol.asyncIterator]();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.handoff.end();
    const consumer = this.consumer;
    if (consumer === undefined) return;
    await consumer.disconnect().catch(() => undefined);
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      await admin.deleteGroups([this.groupId]);
    } catch (error) {
      this.options.logger.debug({ err: error, groupId: this.groupId }, 'history group not deleted');
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private async fixRanges(admin: Admin): Promise<PartitionRange[]> {
    const existing = new Set(await admin.listTopics());
    const missing = this.options.topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      throw new ValidationError(`topic ${missing.join(', ')} does not exist`, []);
    }
    const ranges: PartitionRange[] = [];
    for (const topic of this.options.topics) {
      const marks = await admin.fetchTopicOffsets(topic);
      const { fromOffsets, fromTimestamp } = this.options;
      const starts =
        fromOffsets !== undefined
          ? fromOffsets.filter((o) => o.topic === topic)
          : fromTimestamp === undefined
            ? undefined
            : await admin.fetchTopicOffsetsByTimestamp(topic, fromTimestamp);
      ranges.push(...partitionRanges(topic, marks, starts));
    }
    return ranges;
  }

  private async startConsumer(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      maxBytes: this.options.maxBytes ?? 10_485_760,
      maxWaitTimeInMs: this.options.maxWaitTimeInMs ?? 200,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!this.closed) this.handoff.fail(asUnavailable(payload.error));
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [...this.options.topics], fromBeginning: true });
      await consumer.run({ autoCommit: false, eachBatch: (payload) => this.eachBatch(payload) });
    } catch (error) {
      throw asUnavailable(error);
    }
    // Seeks take effect before the first fetch of each partition (kafkajs applies pending seeks on fetch).
    for (const range of this.remaining.values()) {
      consumer.seek({ topic: range.topic, partition: range.partition, offset: range.start });
    }
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const range = this.remaining.get(rangeKey(batch));
    if (range === undefined || this.closed) return;
    const where = placeIn(range);
    const records: HistoryRecord[] = [];
    let reachedEnd = false;
    for (const message of batch.messages) {
      const place = where(message.offset);
      if (place === Place.Before) continue;
      if (place === Place.Past) {
        reachedEnd = true;
        break;
      }
      records.push({
        topic: batch.topic,
        partition: batch.partition,
        offset: message.offset,
        timestamp: Number(message.timestamp),
        key: message.key,
        value: message.value,
      });
      if (place === Place.Last) reachedEnd = true;
    }
    // The last offsets of a partition may hold no record the consumer sees (transaction markers).
    if (batch.messages.length > 0 && BigInt(batch.lastOffset()) >= BigInt(range.end) - 1n) reachedEnd = true;
    if (payload.isStale() || !payload.isRunning()) return;
    if (reachedEnd) this.remaining.delete(rangeKey(batch));
    this.delivered += records.length;
    if (records.length > 0) {
      const lag = this.total - this.delivered;
      const taken = this.handoff.put({ topic: batch.topic, partition: batch.partition, records, lag });
      await keepAlive(taken, () => payload.heartbeat());
    }
    if (reachedEnd) {
      this.consumer?.pause([{ topic: batch.topic, partitions: [batch.partition] }]);
      if (this.remaining.size === 0) this.handoff.end();
    }
  }
}

/** Where an offset is in a range: before it, in it, its last offset, or at or past its end. */
const Place = { Before: 0, In: 1, Last: 2, Past: 3 } as const;
type Place = (typeof Place)[keyof typeof Place];

/**
 * The place of an offset (a kafkajs decimal string) in `range`: compared as numbers while offsets are exact
 * (below 2^53: every real partition), else as BigInts: ~0.1 µs a record less than a BigInt each.
 */
function placeIn(range: PartitionRange): (offset: string) => Place {
  const start = BigInt(range.start);
  const end = BigInt(range.end);
  if (end <= BigInt(Number.MAX_SAFE_INTEGER)) {
    const [first, last] = [Number(start), Number(end)];
    return (offset) => {
      const at = Number(offset);
      if (at < first) return Place.Before;
      if (at >= last) return Place.Past;
      return at === last - 1 ? Place.Last : Place.In;
    };
  }
  return (offset) => {
    const at = BigInt(offset);
    if (at < start) return Place.Before;
    if (at >= end) return Place.Past;
    return at === end - 1n ? Place.Last : Place.In;
  };
}

/** Waits for the caller to take the batch, heartbeating so a slow caller does not lose the group. */
async function keepAlive(taken: Promise<void>, heartbeat: () => Promise<void>): Promise<void> {
  let done = false;
  void taken.finally(() => {
    done = true;
  });
  while (!done) {
    const timer = new Promise<void>((resolve) => setTimeout(resolve, HEARTBEAT_EVERY_MS).unref());
    await Promise.race([taken, timer]);
    if (!done) await heartbeat().catch(() => undefined);
  }
}

const rangeKey = (where: { readonly topic: string; readonly partition: number }): string =>
  `${where.topic}\u0000${where.partition}`;

function asUnavailable(error: unknown): Error {
  if (error instanceof ValidationError || error instanceof UnavailableError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new UnavailableError(`Kafka could not be read: ${detail}`, { dependency: 'kafka', cause: error });
}
