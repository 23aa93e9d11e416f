import type { DeadLetterEvent, FailedStage, RawEvent, Source, Transport } from '@homefirst/schemas';
import { eventIdOf } from './adt';

/** Media type of HL7 v2 pipe-and-hat (ER7) messages on the raw and dead-letter topics. */
export const HL7_CONTENT_TYPE = 'x-application/hl7-v2+er7';

export interface RecordMeta {
  readonly receivedAt: Date;
  readonly correlationId: string;
  readonly transport: Transport;
}

/** The raw copy of an inbound message (homefirst.raw.v1), keyed by the sender's org code. */
export function rawRecord(
  source: Source,
  body: Buffer,
  personKey: string | null,
  meta: RecordMeta,
): RawEvent {
  return {
    eventId: eventIdOf(source, 'RawMessageReceived'),
    type: 'RawMessageReceived',
    occurredAt: meta.receivedAt,
    recordedAt: meta.receivedAt,
    source,
    personKey,
    correlationId: meta.correlationId,
    payload: { transport: meta.transport, contentType: HL7_CONTENT_TYPE, body },
  };
}

export interface DeadLetterReason {
  readonly stage: FailedStage;
  readonly errorCode: string;
  /** No patient identifiers. */
  readonly reason: string;
  readonly retriable: boolean;
}

/** A message set aside with its reason (homefirst.deadletter.v1). */
export function deadLetterRecord(
  source: Source,
  body: Buffer,
  rawEventId: string | null,
  why: DeadLetterReason,
  meta: Omit<RecordMeta, 'transport'>,
): DeadLetterEvent {
  return {
    eventId: eventIdOf(source, 'MessageDeadLettered', why.errorCode),
    type: 'MessageDeadLettered',
    occurredAt: meta.receivedAt,
    recordedAt: meta.receivedAt,
    source,
    personKey: null,
    correlationId: meta.correlationId,
    payload: {
      stage: why.stage,
      errorCode: why.errorCode,
      reason: why.reason,
      retriable: why.retriable,
      contentType: HL7_CONTENT_TYPE,
      input: body,
      rawEventId,
      originalTopic: null,
      originalPartition: null,
      originalOffset: null,
    },
  };
}
