import { sendDurably } from '@homefirst/runtime';
import { derivedEventId, type DeadLetterEvent, type EventCodec } from '@homefirst/schemas';
import type { Producer } from 'kafkajs';

export interface UnreadableMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly value: Buffer;
  readonly errorCode: string;
  /** Says why, never what: no patient identifiers (codec errors name schema ids and fields only). */
  readonly reason: string;
}

/**
 * Sets an unreadable message aside on the dead-letter topic, durably, before the projector moves past
 * it. The eventId comes from topic/partition/offset, so a re-run after a crash writes the same letter.
 */
export async function deadLetter(
  producer: Producer,
  codec: EventCodec,
  topicPrefix: string,
  message: UnreadableMessage,
): Promise<void> {
  const now = new Date();
  const eventId = derivedEventId(
    'MessageDeadLettered',
    message.topic,
    String(message.partition),
    String(message.offset),
  );
  const event: DeadLetterEvent = {
    eventId,
    type: 'MessageDeadLettered',
    occurredAt: now,
    recordedAt: now,
    source: { channel: 'HUB', system: 'homefirst-projector', orgCode: 'HUB', messageId: null },
    personKey: null,
    correlationId: eventId,
    payload: {
      stage: 'PROJECT',
      errorCode: message.errorCode,
      reason: message.reason,
      retriable: false,
      contentType: 'application/vnd.confluent.avro',
      input: message.value,
      rawEventId: null,
      originalTopic: message.topic,
      originalPartition: message.partition,
      originalOffset: message.offset,
    },
  };
  await sendDurably(producer, {
    topic: `${topicPrefix}homefirst.deadletter.v1`,
    messages: [
      {
        key: event.source.orgCode,
        value: await codec.encode('homefirst.deadletter.v1', event),
        headers: { eventId, type: event.type, correlationId: event.correlationId },
      },
    ],
  });
}
