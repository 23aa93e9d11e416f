import { randomUUID } from 'node:crypto';
import type { AuditEvent, DeadLetterEvent, EventCodec } from '@homefirst/schemas';
import type { Producer } from 'kafkajs';
import { eventMessage } from '../ingest/records';
import { sendDurably } from '../producer';
import type { RedriveResult } from './redrive';

const AUDIT_OUTCOME = { accepted: 'ACCEPTED', refused: 'REFUSED', unavailable: 'FAILED' } as const;

/**
 * The DeadLetterRedriven audit record of one redrive: who, which dead letter, what the pipeline answered,
 * and for a refusal or failure its error code only (never the reason text's details or the input).
 */
export function redriveAuditEvent(
  deadLetter: DeadLetterEvent,
  report: RedriveResult,
  actor: string,
  now: Date,
): AuditEvent {
  return {
    eventId: randomUUID(),
    type: 'DeadLetterRedriven',
    occurredAt: now,
    recordedAt: now,
    source: {
      channel: 'HUB',
      system: 'homefirst-deadletters',
      orgCode: deadLetter.source.orgCode,
      messageId: null,
    },
    personKey: null,
    correlationId: deadLetter.correlationId,
    payload: {
      actorId: actor,
      deadLetterEventId: deadLetter.eventId,
      outcome: AUDIT_OUTCOME[report.outcome],
      detail: report.outcome === 'accepted' ? null : (report.errorCode ?? null),
    },
  };
}

/** The fields every audit record shares besides its type and payload. */
export type AuditHeader = Pick<
  AuditEvent,
  'eventId' | 'occurredAt' | 'recordedAt' | 'source' | 'personKey' | 'correlationId'
>;

/**
 * The header of an audit record the hub writes about no one person (a grant, a subscription change, an
 * export): a fresh event and correlation id, `now`, the hub's `system` as its source.
 */
export const hubAuditHeader = (system: string, now: Date, orgCode = 'HUB'): AuditHeader => ({
  eventId: randomUUID(),
  occurredAt: now,
  recordedAt: now,
  source: { channel: 'HUB', system, orgCode, messageId: null },
  personKey: null,
  correlationId: randomUUID(),
});

/** Writes an audit record durably to the audit topic (keyed by its eventId: it names no person). */
export async function writeAudit(
  producer: Producer,
  codec: EventCodec,
  topicPrefix: string,
  event: AuditEvent,
): Promise<void> {
  await sendDurably(producer, {
    topic: `${topicPrefix}homefirst.audit.v1`,
    messages: [await eventMessage(codec, 'homefirst.audit.v1', event, event.eventId)],
  });
}
