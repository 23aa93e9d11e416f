import type {
  CouncilEvent,
  DeadLetterEvent,
  EventCodec,
  EventsByTopic,
  HospitalEvent,
  RawEvent,
  TopicName,
} from '@homefirst/schemas';
import { topicSpecOf } from '@homefirst/schemas';
import type { Message, Producer, TopicMessages } from 'kafkajs';
import { sendBatchDurably, type SendDurablyOptions } from '../producer';

/** What one inbound message produced: its raw copy, the events mapped from it, and any dead letters. */
export interface PublishBatch {
  readonly raw?: RawEvent;
  readonly hospital?: readonly HospitalEvent[];
  readonly council?: readonly CouncilEvent[];
  readonly deadLetters?: readonly DeadLetterEvent[];
}

export interface EventPublisherOptions extends SendDurablyOptions {
  readonly producer: Producer;
  readonly codec: EventCodec;
  /** Deployment prefix of topic names (HOMEFIRST_TOPIC_PREFIX); tests use a unique one. */
  readonly topicPrefix?: string;
}

type Envelope = {
  readonly eventId: string;
  readonly type: string;
  readonly correlationId: string;
  readonly personKey: string | null;
  readonly source: { readonly orgCode: string };
};

/**
 * Writes what a connector derived from one inbound message to Kafka, durably: the promise resolves only
 * once Kafka acknowledged every record (acks=all, idempotent producer), so a connector may then ACK
 * (HL7 AA, HTTP 2xx). It rejects with a retriable UnavailableError when Kafka cannot take the write
 * (the connector answers AR / 503) and nothing has been acknowledged to the sender.
 *
 * Records are keyed as the topic catalogue says: event topics by personKey (co-partitioning), raw and
 * dead-letter topics by the sender's org code (each sender's messages stay in arrival order).
 * Headers carry eventId, type and correlationId, so consumers can dedupe and trace without decoding.
 */
export class EventPublisher {
  private readonly prefix: string;

  constructor(private readonly options: EventPublisherOptions) {
    this.prefix = options.topicPrefix ?? '';
  }

  async publish(batch: PublishBatch): Promise<void> {
    const topicMessages: TopicMessages[] = [];
    const add = async <T extends TopicName>(topic: T, events: readonly EventsByTopic[T][]): Promise<void> => {
      if (events.length === 0) return;
      const messages = await Promise.all(events.map((event) => this.message(topic, event)));
      topicMessages.push({ topic: `${this.prefix}${topic}`, messages });
    };
    // Encode everything first: a registry or validation failure must not leave a partial write behind.
    await add('homefirst.raw.v1', batch.raw ? [batch.raw] : []);
    await add('homefirst.hospital.events.v1', batch.hospital ?? []);
    await add('homefirst.council.events.v1', batch.council ?? []);
    await add('homefirst.deadletter.v1', batch.deadLetters ?? []);
    if (topicMessages.length === 0) return;
    await sendBatchDurably(this.options.producer, { topicMessages }, this.options);
  }

  private async message<T extends TopicName>(topic: T, event: EventsByTopic[T]): Promise<Message> {
    const envelope: Envelope = event;
    const keyField = topicSpecOf(topic).key.field;
    return {
      key: keyField === 'personKey' ? (envelope.personKey ?? envelope.eventId) : envelope.source.orgCode,
      value: await this.options.codec.encode(topic, event),
      headers: { eventId: envelope.eventId, type: envelope.type, correlationId: envelope.correlationId },
    };
  }
}
