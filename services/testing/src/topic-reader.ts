import type {
  AuditEvent,
  DeadLetterEvent,
  EventCodec,
  HomefirstEvent,
  HospitalEvent,
} from '@homefirst/schemas';
import type { Consumer, Kafka } from 'kafkajs';
import { ReadPosition, waitForHighWatermark } from './high-watermark';
import { uniqueName } from './names';
import { waitFor } from './wait-for';

export interface TopicRecord {
  /** The catalogue topic name (without the test's prefix). */
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string;
  readonly event: HomefirstEvent;
}

const HOSPITAL = 'homefirst.hospital.events.v1';

/**
 * Reads a test's topics from the beginning into memory, decoded through the registry, until stopped. A
 * record is kept once per (topic, partition, offset): a consumer may be handed a record again after a
 * broker restart (at-least-once delivery), and tests count what is in the topic, not how often it was
 * delivered.
 */
export class TopicReader {
  readonly records: TopicRecord[] = [];
  private readonly seen = new Set<string>();
  private readonly position = new ReadPosition();
  private consumer: Consumer | undefined;
  private topics: readonly string[] = [];

  constructor(
    private readonly kafka: Kafka,
    private readonly codec: EventCodec,
    private readonly prefix: string,
  ) {}

  async start(
    topics: readonly string[] = [HOSPITAL, 'homefirst.raw.v1', 'homefirst.deadletter.v1'],
  ): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: uniqueName('topic-reader'), maxWaitTimeInMs: 100 });
    this.consumer = consumer;
    this.topics = topics.map((topic) => `${this.prefix}${topic}`);
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.topics], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const at = `${topic}/${partition}/${message.offset}`;
        if (message.value && !this.seen.has(at)) {
          this.seen.add(at);
          const { event } = await this.codec.decodeAny(message.value);
          this.records.push({
            topic: topic.slice(this.prefix.length),
            partition,
            offset: message.offset,
            key: message.key?.toString() ?? '',
            event,
          });
        }
        this.position.handled(topic, partition, message.offset);
      },
    });
  }

  /** The records of one topic, in the order read. */
  of(topic: string): TopicRecord[] {
    return this.records.filter((record) => record.topic === topic);
  }

  /** The events of one topic, in the order read. */
  events(topic: string): HomefirstEvent[] {
    return this.of(topic).map((record) => record.event);
  }

  hospital(): TopicRecord[] {
    return this.of(HOSPITAL);
  }

  /** The hospital events read, in order. */
  hospitalEvents(): HospitalEvent[] {
    return this.events(HOSPITAL) as HospitalEvent[];
  }

  /** The dead letters read, in order. */
  deadLetters(): DeadLetterEvent[] {
    return this.events('homefirst.deadletter.v1') as DeadLetterEvent[];
  }

  /** The audit records read, in order. */
  audits(): AuditEvent[] {
    return this.events('homefirst.audit.v1') as AuditEvent[];
  }

  /** Waits until `probe` holds, failing after `timeoutMs` with what was read so far. */
  async until(what: string, probe: (reader: TopicReader) => boolean, timeoutMs = 20_000): Promise<void> {
    await waitFor(what, () => (probe(this) ? true : undefined), { timeoutMs, intervalMs: 50 }).catch(
      (err: unknown) => {
        const read = this.records.map((r) => `${r.topic}:${r.event.type}`).join(', ');
        throw new Error(
          `${err instanceof Error ? err.message : String(err)}; read ${this.records.length} records: ${read}`,
          { cause: err },
        );
      },
    );
  }

  /** Waits until everything written to the topics so far has been read (their current high watermarks). */
  async readToHighWatermark(timeoutMs = 30_000): Promise<void> {
    await waitForHighWatermark(this.kafka, this.topics, this.position, timeoutMs);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
