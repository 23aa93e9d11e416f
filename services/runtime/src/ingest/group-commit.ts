import type { EventCodec } from '@homefirst/schemas';
import type { Message, Producer, TopicMessages } from 'kafkajs';
import { isRetriable } from '../errors';
import { sendBatchDurably } from '../producer';
import type { RecordWriter } from './ports';
import { topicMessagesOf, type PublishBatch } from './records';

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
 * EventPublisher with group commit: the durable write of a connector with many concurrent senders (the
 * HL7 MLLP listener). Messages whose
 * records are ready in the same turn of the event loop (many MLLP connections at once) go to Kafka in one
 * request; each caller's promise resolves only when that request was acknowledged by every in-sync
 * replica (acks=all, idempotent producer) — the guarantee EventPublisher.publish gives, at a fraction of
 * the requests. Records are the same as EventPublisher's (`topicMessagesOf`), encoded before they are
 * queued, so a registry failure fails only its own message and never leaves a partial write.
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
    const topicMessages = await topicMessagesOf(batch, this.options.codec, this.prefix);
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
