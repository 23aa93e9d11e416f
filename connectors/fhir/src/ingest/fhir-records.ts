import type { ValidationIssue } from '@homefirst/runtime';
import {
  eventIdFor,
  type DeadLetterEvent,
  type FailedStage,
  type RawEvent,
  type Source,
} from '@homefirst/schemas';

/** The records the FHIR connector writes besides events: its raw copy of a message and dead letters. Pure. */

export const sourceOf = (orgCode: string, system: string, messageId: string): Source => ({
  channel: 'FHIR',
  system,
  orgCode,
  messageId,
});

export const reasonOf = (issues: readonly ValidationIssue[]): string =>
  issues.map((i) => `${i.path}: ${i.message}`).join('; ');

export interface RawInput {
  readonly transport: 'HTTP' | 'POLL';
  readonly contentType: string;
  readonly body: Buffer;
  readonly correlationId: string;
  readonly receivedAt: Date;
}

export function rawEvent(source: Source, input: RawInput, recordedAt: Date): RawEvent {
  return {
    eventId: eventIdFor(source, 'RawMessageReceived'),
    type: 'RawMessageReceived',
    occurredAt: input.receivedAt,
    recordedAt,
    source,
    personKey: null,
    correlationId: input.correlationId,
    payload: { transport: input.transport, contentType: input.contentType, body: input.body },
  };
}

/**
 * What of a refused input goes to Kafka: all of it, or none of its body when that is over the input limit
 * (its raw record and dead letter could not be written; the sender, or the trust's server, still has it).
 */
export function keptForRefusal<T extends RawInput>(
  input: T,
  limit: number,
): { readonly kept: T; readonly note: string } {
  if (input.body.length <= limit) return { kept: input, note: '' };
  return {
    kept: { ...input, body: Buffer.alloc(0) },
    note: ` (its body, ${input.body.length} bytes, is over the ${limit}-byte input limit and is not kept)`,
  };
}

export interface DeadLetterReason {
  readonly stage: FailedStage;
  readonly errorCode: string;
  readonly reason: string;
  readonly retriable: boolean;
  /** Tells several dead letters of one message apart ('' when there is one). */
  readonly part: string;
}

export function deadLetter(
  source: Source,
  raw: RawEvent,
  why: DeadLetterReason,
  correlationId: string,
  now: Date,
): DeadLetterEvent {
  return {
    eventId: eventIdFor(source, 'MessageDeadLettered', why.part),
    type: 'MessageDeadLettered',
    occurredAt: now,
    recordedAt: now,
    source,
    personKey: null,
    correlationId,
    payload: {
      stage: why.stage,
      errorCode: why.errorCode,
      reason: why.reason,
      retriable: why.retriable,
      contentType: raw.payload.contentType,
      input: raw.payload.body,
      rawEventId: raw.eventId,
      originalTopic: null,
      originalPartition: null,
      originalOffset: null,
    },
  };
}
