import {
  CoPartitionedAssigner,
  Membership,
  restartUnlessStopped,
  childLogger,
  describeError,
  type Logger,
} from '@homefirst/runtime';
import { MalformedMessageError, UnknownSchemaIdError, type EventCodec } from '@homefirst/schemas';
import type { Admin, Consumer, EachBatchPayload, Kafka, Producer } from 'kafkajs';
import type { ProjectedEvent } from '../person/journal';
import type { ReadModelWriter, BatchResult, WindowPart } from '../redis/writer';
import { deadLetter } from './dead-letter';
import { decodeCached } from './decode-cached';
import { isKafkaUnavailable } from './kafka-unavailable';
import { projectorMetrics } from './metrics';
import { PartitionPacer } from './pacer';
import { PendingWindow, type HeldMessage } from './window';

const HOSPITAL = 'homefirst.hospital.events.v1';
const COUNCIL = 'homefirst.council.events.v1';
type PersonTopic = typeof HOSPITAL | typeof COUNCIL;

export interface LiveProjectorOptions {
  readonly kafka: Kafka;
  readonly codec: EventCodec;
  /**
   * One writer per Redis connection (WATCH belongs to a connection). With several, partitions are processed
   * concurrently (partition p always on writer p mod n, one batch at a time per writer).
   */
  readonly writer: ReadModelWriter | readonly ReadModelWriter[];
  /** Durable producer for dead letters. */
  readonly producer: Producer;
  readonly topicPrefix: string;
  readonly groupId: string;
  readonly logger: Logger;
  /** Messages per Redis transaction when caught up (default 500). */
  readonly batchSize?: number;
  /**
   * While a batch leaves more than this many messages behind it on its partition (default 1,000), its messages
   * are held in a window with the writer's other partitions' instead of being written at once.
   */
  readonly windowLag?: number;
  /** Most messages in a window, and per transaction while far behind (default 1,500). */
  readonly windowMessages?: number;
  /** Most bytes of one partition per fetch (default 512 KB; one fetch is at most 2 MB). */
  readonly fetchBytesPerPartition?: number;
  /** Persons each writer keeps in memory between windows (default 500; 0: none). */
  readonly cachedPersons?: number;
  /** Consumer group session timeout (default 30 s): how soon a killed member's partitions move on. */
  readonly sessionTimeoutMs?: number;
  /** The consumer crashed and kafkajs will not restart it: exit non-zero, so a supervisor starts it again. */
  readonly onFatal?: (error: Error) => void;
}

/**
 * The live projector: a consumer group over the hospital and council topics (co-partitioned, one
 * member owns partition p of both), each batch decoded, evolved and written with its offsets in one
 * Redis transaction (ReadModelWriter).
 *
 * Redis is the truth for offsets. kafkajs starts a partition at the group's committed offset, which can
 * lag Redis (a crash between the Redis write and the commit: the writer skips what it already has) or
 * lead it (a new namespace with an old group, lost Redis data): then the writer answers `gap` and we
 * `seek` to Redis's offset and drop the batch; kafkajs discards batches fetched before a pending seek.
 * On joining the group we also seek every assigned partition to Redis's offset straight away, so the
 * first fetch is usually right. Offsets are committed to Kafka too, after each write, for tools only.
 */
export class LiveProjector {
  private consumer: Consumer;
  /** The running consumer's group membership (joining or not), for its disconnect at a stop. */
  private membership: Membership;
  private stopping = false;
  private restarts = 0;
  private readonly admin: Admin;
  private readonly lowWatermarks = new Map<string, number>();
  private joined = false;
  private readonly metrics = projectorMetrics();
  private readonly writers: readonly ReadModelWriter[];
  /** Tail of each writer's queue: a batch waits for the previous one on the same connection. */
  private readonly writerTails: Promise<unknown>[];
  /** Each writer's messages held back while far behind. */
  private readonly windows: PendingWindow[];
  /** Next offsets written to Redis and not yet committed to Kafka (for tools), by `topic:partition`. */
  private readonly toCommit = new Map<string, { topic: string; partition: number; offset: string }>();
  private lastCommit = 0;
  /** Keeps hospital-p and council-p together in time while far behind. */
  private readonly pacer: PartitionPacer;

  constructor(private readonly options: LiveProjectorOptions) {
    this.writers = Array.isArray(options.writer) ? options.writer : [options.writer as ReadModelWriter];
    if (this.writers.length === 0) throw new RangeError('LiveProjector needs at least one writer');
    this.writerTails = this.writers.map(() => Promise.resolve());
    this.windows = this.writers.map(() => new PendingWindow());
    this.pacer = new PartitionPacer({
      siblingOf: (topic) => (topic === this.topic(HOSPITAL) ? this.topic(COUNCIL) : this.topic(HOSPITAL)),
      farBehind: options.windowLag ?? 1_000,
      pause: (topic, partition) => this.pauseOrResume('pause', topic, partition),
      resume: (topic, partition) => this.pauseOrResume('resume', topic, partition),
    });
    const cachedPersons = options.cachedPersons ?? 500;
    if (cachedPersons > 0)
      for (const writer of this.writers)
        writer.usePersonCache({
          topics: [this.topic(HOSPITAL), this.topic(COUNCIL)],
          maxPersons: cachedPersons,
        });
    this.consumer = this.newConsumer();
    this.membership = new Membership(this.consumer);
    this.admin = options.kafka.admin();
  }

  private newConsumer(): Consumer {
    const session = this.options.sessionTimeoutMs ?? 30_000;
    return this.options.kafka.consumer({
      groupId: this.options.groupId,
      partitionAssigners: [CoPartitionedAssigner],
      allowAutoTopicCreation: false,
      sessionTimeout: session,
      // How long a rebalance waits for members to rejoin; tied to the session so a killed member is not waited on for long.
      rebalanceTimeout: 2 * session,
      heartbeatInterval: Math.max(500, Math.floor(session / 10)),
      // One fetch's records are decoded and held at once: a smaller response bounds the memory of a rebuild.
      maxBytes: 2_097_152,
      maxBytesPerPartition: this.options.fetchBytesPerPartition ?? 524_288,
      maxWaitTimeInMs: 1_000, // an empty fetch waits 1 s, not kafkajs's 5: a stop waits for it
      retry: restartUnlessStopped(() => this.stopping),
    });
  }

  private topic(name: PersonTopic): string {
    return `${this.options.topicPrefix}${name}`;
  }

  /** Joined the group and assigned partitions. */
  get isJoined(): boolean {
    return this.joined;
  }

  async start(): Promise<void> {
    await this.admin.connect();
    await this.run(this.consumer);
  }

  /** Connects, subscribes and runs one consumer instance (a new one after a crash kafkajs gives up on). */
  private async run(consumer: Consumer): Promise<void> {
    await consumer.connect();
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      this.joined = true;
      this.restarts = 0;
      // Held messages are not in Redis; the pre-seek below goes back to Redis's offsets and reads them again.
      for (const window of this.windows) window.clear();
      this.pacer.reset();
      void this.seekToStoredOffsets(event.payload.memberAssignment).catch((err: unknown) =>
        this.options.logger.warn({ err }, `could not pre-seek assigned partitions: ${describeError(err)}`),
      );
    });
    consumer.on(consumer.events.CRASH, ({ payload }) =>
      this.onCrash(consumer, payload.error, payload.restart),
    );
    await consumer.subscribe({
      topics: [this.topic(HOSPITAL), this.topic(COUNCIL)],
      fromBeginning: true,
    });
    await consumer.run({
      eachBatchAutoResolve: false,
      // Redis holds the offsets that matter; Kafka commits (for tools) are made by hand, a few seconds apart,
      // of offsets already written to Redis: resolved offsets run ahead of Redis while a window is held.
      autoCommit: false,
      partitionsConsumedConcurrently: this.writers.length,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  /**
   * kafkajs restarts a consumer after a retriable error but gives up on others — among them "Failed to find
   * group coordinator" while a broker restarts, which left the projector alive and idle for ever. A crash
   * caused by Kafka being unreachable starts a new consumer after a backoff (1 s doubling to 30 s); any
   * other crash is fatal (onFatal: exit so the supervisor restarts the process).
   */
  private onCrash(consumer: Consumer, error: Error, restart: boolean): void {
    if (consumer !== this.consumer || this.stopping) return;
    if (restart) {
      this.options.logger.warn(
        { err: error },
        `consumer crashed, kafkajs restarts it: ${describeError(error)}`,
      );
      return;
    }
    if (!isKafkaUnavailable(error)) {
      this.options.logger.fatal({ err: error }, `consumer crashed for good: ${describeError(error)}`);
      this.options.onFatal?.(error);
      return;
    }
    this.joined = false;
    const delay = Math.min(30_000, 1_000 * 2 ** this.restarts);
    this.restarts += 1;
    this.options.logger.warn(
      { err: error, restartInMs: delay },
      `consumer stopped while Kafka was unreachable; a new one starts in ${delay} ms: ${describeError(error)}`,
    );
    setTimeout(() => void this.replaceConsumer(), delay).unref();
  }

  private async replaceConsumer(): Promise<void> {
    if (this.stopping) return;
    await this.consumer.disconnect().catch(() => undefined);
    const consumer = this.newConsumer();
    this.consumer = consumer;
    this.membership = new Membership(consumer);
    try {
      await this.run(consumer);
    } catch (err) {
      // Kafka still away: count it as another crash of this consumer (backs off further).
      this.onCrash(consumer, err instanceof Error ? err : new Error(String(err)), false);
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const window of this.windows) window.clear();
    await this.membership.leave(); // while it (re)joins, not waiting for the join to end
    await this.admin.disconnect();
  }

  /** Where a partition starts when Redis has nothing for it: its earliest retained offset. */
  private async lowWatermark(topic: string, partition: number, refresh = false): Promise<number> {
    const key = `${topic}:${partition}`;
    if (refresh || !this.lowWatermarks.has(key)) {
      for (const { partition: p, low } of await this.admin.fetchTopicOffsets(topic))
        this.lowWatermarks.set(`${topic}:${p}`, Number(low));
    }
    return this.lowWatermarks.get(key) ?? 0;
  }

  private async seekToStoredOffsets(assignment: Record<string, number[]>): Promise<void> {
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions) {
        const stored = await this.writerOf(partition).storedOffset(topic, partition);
        const offset = stored ?? (await this.lowWatermark(topic, partition, true));
        this.consumer.seek({ topic, partition, offset: String(offset) });
      }
    }
  }

  private async decode(
    topic: string,
    partition: number,
    offset: number,
    value: Buffer | null,
  ): Promise<ProjectedEvent | null> {
    const name: PersonTopic = topic.endsWith(HOSPITAL) ? HOSPITAL : COUNCIL;
    try {
      if (value === null) throw new MalformedMessageError('the message has no value');
      return await this.options.codec.decode(name, value);
    } catch (err) {
      // Bytes no build can read are set aside; anything else (registry down, a newer schema) is thrown:
      // the batch is retried and, if it never heals, the process fails loudly instead of skipping history.
      if (!(err instanceof MalformedMessageError || err instanceof UnknownSchemaIdError)) throw err;
      await deadLetter(this.options.producer, this.options.codec, this.options.topicPrefix, {
        topic,
        partition,
        offset,
        value: value ?? Buffer.alloc(0),
        errorCode: err.code,
        reason: err.message,
      });
      this.metrics.deadLetters.inc({ topic: name });
      this.options.logger.warn(
        { topic, partition, offset, errorCode: err.code },
        'unreadable message dead-lettered',
      );
      return null;
    }
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const { topic, partition } = batch;
    const messages: HeldMessage[] = [];
    for (const message of batch.messages) {
      const offset = Number(message.offset);
      const cached = decodeCached(this.options.codec, topic, message.value);
      const event = cached ?? (await this.decode(topic, partition, offset, message.value));
      messages.push({ offset, event, timestamp: Number(message.timestamp) });
    }
    const last = messages.at(-1)?.offset;
    if (last === undefined) return;
    const lag = Math.max(0, Number(batch.highWatermark) - (last + 1));
    this.pacer.seen(topic, partition, messages.at(-1)?.timestamp ?? 0, lag);
    const low = await this.lowWatermark(topic, partition);
    const index = partition % this.writers.length;
    const window = this.windows[index] ?? new PendingWindow();
    await this.exclusively(partition, async (writer) => {
      if (!payload.isRunning() || payload.isStale()) return;
      window.add(topic, partition, messages, low, lag > (this.options.windowLag ?? 1_000));
      const windowMessages = this.options.windowMessages ?? 1_500;
      if (lag > (this.options.windowLag ?? 1_000) && window.size < windowMessages) {
        // Far behind: hold the batch (Redis's offsets do not move) and let kafkajs fetch the next one.
        payload.resolveOffset(String(last));
        return;
      }
      // While a partition of the window is far behind: write what both topics of each partition have reached
      // (the rest stays held); all caught up: everything.
      const transactions = window.farBehind
        ? window.takeAligned(windowMessages)
        : window.take(window.size > messages.length ? windowMessages : (this.options.batchSize ?? 500));
      const sought = await this.flush(writer, window, transactions);
      if (!sought.has(`${topic}:${partition}`)) payload.resolveOffset(String(last));
    });
    this.metrics.lag.set({ topic, partition: String(partition) }, lag);
    await this.commitWritten();
    await payload.heartbeat();
  }

  /**
   * Writes a window in transactions of at most `max` messages. Answers the topic partitions it had to seek
   * (Redis behind or well ahead of what was read). If a write fails, every partition of the window is sought
   * back to the first message it held, so nothing held is skipped, and the error is thrown (kafkajs retries).
   */
  private async flush(
    writer: ReadModelWriter,
    window: PendingWindow,
    transactions: readonly WindowPart[][],
  ): Promise<Set<string>> {
    const firstOffsets = [
      ...transactions.flatMap((transaction) =>
        transaction.map((part) => ({
          topic: part.topic,
          partition: part.partition,
          offset: part.messages[0]?.offset ?? 0,
        })),
      ),
      ...window.firstOffsets(),
    ];
    const sought = new Set<string>();
    try {
      for (const transaction of transactions) {
        const parts = transaction.filter((part) => !sought.has(`${part.topic}:${part.partition}`));
        if (parts.length === 0) continue;
        const { results } = await writer.applyWindow(parts);
        parts.forEach((part, i) => this.settle(part, results[i], sought));
      }
    } catch (err) {
      // Back to the first message held of each partition (the earliest, once per partition), held ones included.
      const earliest = new Map<string, { topic: string; partition: number; offset: number }>();
      for (const first of firstOffsets) {
        const key = `${first.topic}:${first.partition}`;
        if ((earliest.get(key)?.offset ?? Number.POSITIVE_INFINITY) > first.offset) earliest.set(key, first);
      }
      window.clear();
      for (const [key, { topic, partition, offset }] of earliest)
        if (!sought.has(key)) this.consumer.seek({ topic, partition, offset: String(offset) });
      throw err;
    }
    return sought;
  }

  /** Metrics, seeks and the Kafka commit of one part's result. */
  private settle(part: WindowPart, result: BatchResult | undefined, sought: Set<string>): void {
    if (result === undefined) return;
    const { topic, partition } = part;
    const key = `${topic}:${partition}`;
    this.metrics.transactions.inc({ outcome: result.kind });
    const last = part.messages.at(-1)?.offset ?? -1;
    if (result.kind === 'gap' || (result.kind === 'already-applied' && result.nextOffset > last + 1)) {
      // Redis is behind what was read (seek back), or well ahead of Kafka's committed offset (jump there).
      this.options.logger.info(
        { topic, partition, from: part.messages[0]?.offset, to: result.nextOffset },
        'seeking to the offset held in Redis',
      );
      this.consumer.seek({ topic, partition, offset: String(result.nextOffset) });
      sought.add(key);
      return;
    }
    if (result.kind !== 'applied') return;
    this.toCommit.set(key, { topic, partition, offset: String(result.nextOffset) });
    const now = Date.now();
    const name = topic.endsWith(HOSPITAL) ? HOSPITAL : COUNCIL;
    this.metrics.events.inc({ topic: name }, result.events);
    const tracing = this.options.logger.isLevelEnabled('trace');
    for (const { event } of part.messages) {
      if (event === null) continue;
      this.metrics.latency.observe((now - event.recordedAt.getTime()) / 1000);
      if (tracing)
        childLogger(this.options.logger, event.correlationId).trace(
          { eventId: event.eventId, type: event.type },
          'projected',
        );
    }
  }

  /** Commits offsets already written to Redis to Kafka (for tools), at most every 5 s. */
  private async commitWritten(): Promise<void> {
    if (this.toCommit.size === 0 || Date.now() - this.lastCommit < 5_000) return;
    const offsets = [...this.toCommit.values()];
    this.toCommit.clear();
    this.lastCommit = Date.now();
    await this.consumer
      .commitOffsets(offsets)
      .catch((err: unknown) =>
        this.options.logger.warn({ err }, `could not commit offsets to Kafka: ${describeError(err)}`),
      );
  }

  /** Pauses or resumes a partition; a consumer that is not running (being replaced) has nothing to pace. */
  private pauseOrResume(what: 'pause' | 'resume', topic: string, partition: number): void {
    try {
      if (what === 'pause') this.consumer.pause([{ topic, partitions: [partition] }]);
      else this.consumer.resume([{ topic, partitions: [partition] }]);
    } catch (err) {
      this.options.logger.debug({ err, topic, partition }, `could not ${what} a partition`);
    }
  }

  private writerOf(partition: number): ReadModelWriter {
    return this.writers[partition % this.writers.length] ?? (this.writers[0] as ReadModelWriter);
  }

  /** Runs `write` on the partition's writer once the writer's previous batch is done. */
  private exclusively<T>(partition: number, write: (writer: ReadModelWriter) => Promise<T>): Promise<T> {
    const index = partition % this.writers.length;
    const run = (this.writerTails[index] ?? Promise.resolve()).then(() => write(this.writerOf(partition)));
    this.writerTails[index] = run.catch(() => undefined);
    return run;
  }

  /** Current lag per assigned partition, from the broker's high watermarks and Redis's offsets. */
  async lag(): Promise<Record<string, number>> {
    const lags: Record<string, number> = {};
    for (const name of [HOSPITAL, COUNCIL] as const) {
      const topic = this.topic(name);
      for (const { partition, high } of await this.admin.fetchTopicOffsets(topic)) {
        const stored = (await this.writerOf(partition).storedOffset(topic, partition)) ?? 0;
        lags[`${topic}:${partition}`] = Math.max(0, Number(high) - stored);
      }
    }
    return lags;
  }
}
