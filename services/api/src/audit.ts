import { randomUUID } from 'node:crypto';
import type { ActorRole, AuditEvent, EventCodec } from '@homefirst/schemas';
import { sendDurably } from '@homefirst/runtime';
import type { Producer } from 'kafkajs';
import type { Principal } from './auth/principal';

export interface PersonRead {
  readonly principal: Principal;
  /** Route template, e.g. GET /api/v1/people/{personKey}/journey. */
  readonly route: string;
  readonly personKeys: readonly string[];
  readonly pseudonymised: boolean;
  readonly correlationId: string;
}

export type AuditSink = (read: PersonRead) => Promise<void>;

/**
 * Writes one PersonRecordRead per person returned, durably, before the response leaves: a read that
 * cannot be audited is not served (the API answers 503). Keyed by personKey like every person topic.
 */
export function kafkaAuditSink(deps: {
  producer: Producer;
  codec: EventCodec;
  topicPrefix: string;
  apiOrg: string;
}): AuditSink {
  const topic = `${deps.topicPrefix}homefirst.audit.v1`;
  return async (read) => {
    if (read.personKeys.length === 0) return;
    const now = new Date();
    const messages = await Promise.all(
      read.personKeys.map(async (personKey) => {
        const event: AuditEvent = {
          eventId: randomUUID(),
          type: 'PersonRecordRead',
          occurredAt: now,
          recordedAt: now,
          source: { channel: 'HUB', system: 'homefirst-api', orgCode: deps.apiOrg, messageId: null },
          personKey,
          correlationId: read.correlationId,
          payload: {
            actorId: read.principal.subject,
            actorRole: read.principal.role.toUpperCase() as ActorRole,
            actorOrgCode: read.principal.org ?? '',
            route: read.route,
            pseudonymised: read.pseudonymised,
          },
        };
        return {
          key: personKey,
          value: await deps.codec.encode('homefirst.audit.v1', event),
          headers: { eventId: event.eventId, type: event.type },
        };
      }),
    );
    await sendDurably(deps.producer, { topic, messages }, { timeoutMs: 5000 });
  };
}
