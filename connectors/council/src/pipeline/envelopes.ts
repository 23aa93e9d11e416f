import {
  eventIdFor,
  type MessageDeadLetteredEvent,
  type PersonKeyer,
  type RawMessageReceivedEvent,
} from '@homefirst/schemas';
import { describeIssues } from '../record/council-record';
import type { BatchContext, InboundItem, ItemOutcome } from './batch';

/** The raw copy of what arrived (a request body or a CSV chunk), for audit and re-mapping. Pure. */
export function rawEventOf(context: BatchContext, recordedAt: Date): RawMessageReceivedEvent {
  const source = {
    channel: context.channel,
    system: context.system,
    orgCode: context.orgCode,
    messageId: context.rawMessageId,
  };
  return {
    eventId: eventIdFor(source, 'RawMessageReceived'),
    type: 'RawMessageReceived',
    occurredAt: context.receivedAt,
    recordedAt,
    source,
    personKey: null,
    correlationId: context.correlationId,
    payload: { transport: context.transport, contentType: context.contentType, body: context.rawBody },
  };
}

/**
 * The dead letter of a rejected record: the record as received, the stage, a stable code and the reasons
 * (field names and rules, never values). Its eventId follows the record id (else the raw message and
 * position), so a re-sent file dead-letters the same row under the same id. Pure.
 */
export function deadLetterOf(
  item: InboundItem,
  rejection: Extract<ItemOutcome, { status: 'rejected' }>,
  identity: { readonly councilCode: string | null; readonly nhsNumber: string | null },
  context: BatchContext,
  rawEventId: string,
  recordedAt: Date,
  personKeyOf: PersonKeyer,
): MessageDeadLetteredEvent {
  const source = {
    channel: context.channel,
    system: context.system,
    orgCode: identity.councilCode ?? context.orgCode,
    messageId: rejection.recordId ?? `${context.rawMessageId}@${item.position}`,
  };
  return {
    eventId: eventIdFor(source, 'MessageDeadLettered'),
    type: 'MessageDeadLettered',
    occurredAt: recordedAt,
    recordedAt,
    source,
    personKey: identity.nhsNumber === null ? null : personKeyOf(identity.nhsNumber),
    correlationId: context.correlationId,
    payload: {
      stage: rejection.stage,
      errorCode: rejection.errorCode,
      reason: describeIssues(rejection.issues),
      retriable: false,
      contentType: context.contentType,
      input: Buffer.from(item.rawText, 'utf8'),
      rawEventId,
      originalTopic: null,
      originalPartition: null,
      originalOffset: null,
    },
  };
}
