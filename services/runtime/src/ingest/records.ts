import { topicSpecOf, type EventCodec, type EventsByTopic, type TopicName } from '@homefirst/schemas';
import type { CouncilEvent, DeadLetterEvent, HospitalEvent, RawEvent } from '@homefirst/schemas';
import type { Message, TopicMessages } from 'kafkajs';

/** What one inbound message produced: its raw copy, the events mapped from it, and any dead letters. */
export interface PublishBatch {
  readonly raw?: RawEvent;
  readonly hospital?: readonly HospitalEvent[];
  readonly council?: readonly CouncilEvent[];
  readonly deadLetters?: readonly DeadLetterEvent[];
}

type Envelope = {
  readonly eventId: string;
  readonly type: string;
  readonly correlationId: string;
  readonly personKey: string | null;
  readonly source: { readonly orgCode: string };
};

/**
 * The Kafka records of a batch, Avro-encoded, one TopicMessages per topic (raw, hospital, council, dead
 * letters, in that order). Everything is encoded before anything is sent, so a registry or validation
 * failure never leaves a partial write behind.
 *
 * Records are keyed as the topic catalogue says: event topics by personKey (co-partitioning), raw and
 * dead-letter topics by the sender's org code (each sender's messages stay in arrival order). Headers
 * carry eventId, type and correlationId, so consumers can dedupe and trace without decoding.
 */
export async function topicMessagesOf(
  batch: PublishBatch,
  codec: EventCodec,
  topicPrefix: string,
): Promise<TopicMessages[]> {
  const topicMessages: TopicMessages[] = [];
  const add = async <T extends TopicName>(topic: T, events: readonly EventsByTopic[T][]): Promise<void> => {
    if (events.length === 0) return;
    const messages = await Promise.all(events.map((event) => eventMessage(codec, topic, event)));
    topicMessages.push({ topic: `${topicPrefix}${topic}`, messages });
  };
  await add('homefirst.raw.v1', batch.raw ? [batch.raw] : []);
  await add('homefirst.hospital.events.v1', batch.hospital ?? []);
  await add('homefirst.council.events.v1', batch.council ?? []);
  await add('homefirst.deadletter.v1', batch.deadLetters ?? []);
  return topicMessages;
}

/**
 * One event as a Kafka record: Avro-encoded, with the eventId, type and correlationId headers. Keyed by
 * `key` when given, else as the topic catalogue says (personKey — the eventId for an event that names no
 * person — or the sender's org code).
 */
export async function eventMessage<T extends TopicName>(
  codec: EventCodec,
  topic: T,
  event: EventsByTopic[T],
  key?: string,
): Promise<Message> {
  const envelope: Envelope = event;
  const keyField = topicSpecOf(topic).key.field;
  return {
    key:
      key ?? (keyField === 'personKey' ? (envelope.personKey ?? envelope.eventId) : envelope.source.orgCode),
    value: await codec.encode(topic, event),
    headers: { eventId: envelope.eventId, type: envelope.type, correlationId: envelope.correlationId },
  };
}
