import type { EventCodec } from '@homefirst/schemas';
import type { Message, Producer, TopicMessages } from 'kafkajs';
import { isRetriable } from '../errors';
import { sendBatchDurably } from '../producer';
import type { RecordWriter } from './ports';
import { topicMessagesOf, type PublishBatch } from './records';

interface Pending {
  /** Call order: a group keeps it, whichever caller finished encoding first. */
  readonly sequence: number;
  readonly topicMessages: readonly TopicMessages[];
  /** Bytes of its records' keys and values. */
  readonly bytes: number;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

export interface GroupCommitterOptions {
  readonly producer: Producer;
  /** How long one Kafka request may take before it fails with a retriable UnavailableError. */
  readonly timeoutMs: number;
  /** At most this many callers' records in one request (default 200). */
  readonly maxGroup?: number;
  /**
   * At most this many bytes of keys and values in one request (default 512 KiB), so a group's record batch
   * for one partition stays under the broker's message.max.bytes (1 MiB by default); a caller over it goes
   * alone.
   */
  readonly maxGroupBytes?: number;
  /**
   * At most this many requests in flight; callers arriving meanwhile wait and go together in the next
   * request (default: no limit — a request per turn of the event loop).
   */
  readonly maxInFlight?: number;
}

/**
 * Group commit of already-encoded records: callers whose records are ready in the same turn of the event loop
 * (or, with `maxInFlight`, while earlier requests are in flight) go to Kafka in one request; each caller's
 * promise resolves only when that request was acknowledged by every in-sync replica (acks=all, idempotent
 * producer). If a group fails with an error that is not retriable (e.g. a record the broker refuses), each
 * caller's records are sent again on their own, so one bad caller does not fail its neighbours.
 */
export class GroupCommitter {
  private queue: Pending[] = [];
  private queuedBytes = 0;
  private scheduled = false;
  private sequence = 0;
  private inFlight = 0;
  private readonly maxGroup: number;
  private readonly maxGroupBytes: number;
  private readonly maxInFlight: number;

  constructor(private readonly options: GroupCommitterOptions) {
    this.maxGroup = options.maxGroup ?? 200;
    this.maxGroupBytes = options.maxGroupBytes ?? 512 * 1024;
    this.maxInFlight = options.maxInFlight ?? Number.POSITIVE_INFINITY;
  }

  /** A sequence number for a caller that encodes before committing (keeps call order in its group). */
  next(): number {
    return (this.sequence += 1);
  }

  /** Resolves once Kafka acknowledged the records (acks=all); `sequence` from next(), else call order. */
  commit(topicMessages: readonly TopicMessages[], sequence = this.next()): Promise<void> {
    if (topicMessages.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const bytes = bytesOf(topicMessages);
      this.queue.push({ sequence, topicMessages, bytes, resolve, reject });
      this.queuedBytes += bytes;
      const full = this.queue.length >= this.maxGroup || this.queuedBytes >= this.maxGroupBytes;
      if (full && this.inFlight < this.maxInFlight) this.flush();
      else this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0 || this.inFlight >= this.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    if (this.inFlight >= this.maxInFlight) return;
    const group = this.takeGroup();
    if (group.length > 0) {
      this.inFlight += 1;
      void this.send(group).finally(() => {
        this.inFlight -= 1;
        this.schedule();
      });
    }
    this.schedule();
  }

  /** The next group: the queue's first callers, within maxGroup and maxGroupBytes (at least one), in call order. */
  private takeGroup(): Pending[] {
    let count = 0;
    let bytes = 0;
    for (const pending of this.queue) {
      if (count >= this.maxGroup || (count > 0 && bytes + pending.bytes > this.maxGroupBytes)) break;
      bytes += pending.bytes;
      count += 1;
    }
    this.queuedBytes -= bytes;
    return this.queue.splice(0, count).sort((a, b) => a.sequence - b.sequence);
  }

  private async send(group: readonly Pending[]): Promise<void> {
    try {
      await sendBatchDurably(
        this.options.producer,
        { topicMessages: merge(group) },
        { timeoutMs: this.options.timeoutMs },
      );
      for (const pending of group) pending.resolve();
    } catch (err) {
      if (group.length === 1 || isRetriable(err)) {
        for (const pending of group) pending.reject(err);
        return;
      }
      await Promise.all(group.map((pending) => this.send([pending])));
    }
  }
}

export interface GroupCommitOptions extends GroupCommitterOptions {
  readonly codec: EventCodec;
  readonly topicPrefix?: string;
}

/**
 * EventPublisher with group commit (GroupCommitter): the durable write of a connector with many concurrent
 * senders (the HL7 MLLP listener, the FHIR and council REST servers), each caller's promise resolving only
 * when its records are acknowledged — the guarantee EventPublisher.publish gives, at a fraction of the requests. Records are the same as
 * EventPublisher's (`topicMessagesOf`), encoded before they are queued, so a registry failure fails only its
 * own message and never leaves a partial write.
 */
export class GroupCommitPublisher implements RecordWriter {
  private readonly prefix: string;
  private readonly committer: GroupCommitter;

  constructor(private readonly options: GroupCommitOptions) {
    this.prefix = options.topicPrefix ?? '';
    this.committer = new GroupCommitter(options);
  }

  async write(batch: PublishBatch): Promise<void> {
    const sequence = this.committer.next();
    const topicMessages = await topicMessagesOf(batch, this.options.codec, this.prefix);
    await this.committer.commit(topicMessages, sequence);
  }

  /** EventPublisher's name for `write`: resolves once Kafka acknowledged the records (acks=all). */
  publish(batch: PublishBatch): Promise<void> {
    return this.write(batch);
  }
}

const sizeOf = (value: Message['key'] | Message['value']): number =>
  value === null || value === undefined
    ? 0
    : Buffer.isBuffer(value)
      ? value.length
      : Buffer.byteLength(value);

/** Bytes of the records' keys and values (what counts toward the broker's limits). */
function bytesOf(topicMessages: readonly TopicMessages[]): number {
  let bytes = 0;
  for (const { messages } of topicMessages)
    for (const message of messages) bytes += sizeOf(message.key) + sizeOf(message.value);
  return bytes;
}

/** One TopicMessages per topic, records in queue order (so a partition sees them in arrival order). */
function merge(group: readonly Pending[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const pending of group) {
    for (const { topic, messages } of pending.topicMessages) {
      const list = byTopic.get(topic) ?? [];
      list.push(...messages);
      byTopic.set(topic, list);
    }
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
