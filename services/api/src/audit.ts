import { randomUUID } from 'node:crypto';
import type { ActorRole, AuditEvent, EventCodec } from '@homefirst/schemas';
import { GroupCommitter, eventMessage } from '@homefirst/runtime';
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
 * Group-committed: the records of requests that arrive while a write is in flight go to Kafka together in
 * the next one, and each request still waits for the acknowledgement (acks=all) of its own records.
 */
export function kafkaAuditSink(deps: {
  producer: Producer;
  codec: EventCodec;
  topicPrefix: string;
  apiOrg: string;
  /** How long one audit write may take before the read fails with 503 (default 5 s). */
  timeoutMs?: number;
}): AuditSink {
  const topic = `${deps.topicPrefix}homefirst.audit.v1`;
  const committer = new GroupCommitter({
    producer: deps.producer,
    timeoutMs: deps.timeoutMs ?? 5_000,
    maxInFlight: 1,
    maxGroup: 100,
  });
  return async (read) => {
    if (read.personKeys.length === 0) return;
    const sequence = committer.next();
    const now = new Date();
    const messages = await Promise.all(
      read.personKeys.map((personKey) => {
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
        return eventMessage(deps.codec, 'homefirst.audit.v1', event);
      }),
    );
    await committer.commit([{ topic, messages }], sequence);
  };
}
