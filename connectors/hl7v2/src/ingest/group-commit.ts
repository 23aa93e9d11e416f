import { isRetriable, sendBatchDurably, type PublishBatch } from '@homefirst/runtime';
import { topicSpecOf, type EventCodec, type EventsByTopic, type TopicName } from '@homefirst/schemas';
import type { Message, Producer, TopicMessages } from 'kafkajs';
import type { RecordWriter } from './ports';

interface Pending {
  /** Call order: a group keeps it, whichever message finished encoding first. */
  readonly sequence: number;
  readonly topicMessages: readonly TopicMessages[];
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

export interface GroupCommitOptions {
  readonly producer: Producer;
  readonly codec: EventCodec;
  readonly topicPrefix?: string;
  /** How long one Kafka request may take before it fails with a retriable UnavailableError. */
  readonly timeoutMs: number;
  /** At most this many messages' records in one request (default 200). */
  readonly maxGroup?: number;
}

/**
 * The durable write of the live connector: runtime's EventPublisher with group commit. Messages whose
 * records are ready in the same turn of the event loop (many MLLP connections at once) go to Kafka in one
 * request; each caller's promise resolves only when that request was acknowledged by every in-sync
 * replica (acks=all, idempotent producer) — the guarantee EventPublisher.publish gives, at a fraction of
 * the requests. Records are keyed and given headers exactly as EventPublisher does (catalogue key field;
 * eventId, type, correlationId headers), and encoded before they are queued, so a registry failure fails
 * only its own message and never leaves a partial write.
 *
 * If a group fails with an error that is not retriable (e.g. a record the broker refuses), each message of
 * it is sent again on its own, so one bad message does not fail its neighbours.
 */
export class GroupCommitPublisher implements RecordWriter {
  private queue: Pending[] = [];
  private scheduled = false;
  private sequence = 0;
  private readonly prefix: string;
  private readonly maxGroup: number;

  constructor(private readonly options: GroupCommitOptions) {
    this.prefix = options.topicPrefix ?? '';
    this.maxGroup = options.maxGroup ?? 200;
  }

  async write(batch: PublishBatch): Promise<void> {
    const sequence = (this.sequence += 1);
    const topicMessages: TopicMessages[] = [];
    const add = async <T extends TopicName>(topic: T, events: readonly EventsByTopic[T][]): Promise<void> => {
      if (events.length === 0) return;
      const messages = await Promise.all(events.map((event) => this.message(topic, event)));
      topicMessages.push({ topic: `${this.prefix}${topic}`, messages });
    };
    await add('homefirst.raw.v1', batch.raw ? [batch.raw] : []);
    await add('homefirst.hospital.events.v1', batch.hospital ?? []);
    await add('homefirst.council.events.v1', batch.council ?? []);
    await add('homefirst.deadletter.v1', batch.deadLetters ?? []);
    if (topicMessages.length === 0) return;
    await new Promise<void>((resolve, reject) => {
      this.queue.push({ sequence, topicMessages, resolve, reject });
      if (this.queue.length >= this.maxGroup) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const group = this.queue.splice(0, this.maxGroup).sort((a, b) => a.sequence - b.sequence);
    if (this.queue.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    if (group.length > 0) void this.send(group);
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

  private async message<T extends TopicName>(topic: T, event: EventsByTopic[T]): Promise<Message> {
    const envelope: {
      readonly eventId: string;
      readonly type: string;
      readonly correlationId: string;
      readonly personKey: string | null;
      readonly source: { readonly orgCode: string };
    } = event;
    const keyField = topicSpecOf(topic).key.field;
    return {
      key: keyField === 'personKey' ? (envelope.personKey ?? envelope.eventId) : envelope.source.orgCode,
      value: await this.options.codec.encode(topic, event),
      headers: { eventId: envelope.eventId, type: envelope.type, correlationId: envelope.correlationId },
    };
  }
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
