import { randomUUID } from 'node:crypto';
import type { ActorRole, AuditEvent, EventCodec } from '@homefirst/schemas';
import { GroupCommitter, eventMessage } from '@homefirst/runtime';
import type { Producer } from 'kafkajs';
import type { Principal } from './auth/principal';

export interface PersonRead {
  /** A person's own record (one PersonRecordRead) or a page of a list (one PersonRecordsRead naming all). */
  readonly kind: 'record' | 'page';
  readonly principal: Principal;
  /** Route template, e.g. GET /api/v1/people/{personKey}/journey. */
  readonly route: string;
  readonly personKeys: readonly string[];
  readonly pseudonymised: boolean;
  readonly correlationId: string;
}

export type AuditSink = (read: PersonRead) => Promise<void>;

/** Page reads written under one key, so to one audit partition, before the next key is taken (StickyKey). */
export const PAGE_READS_PER_KEY = 512;

/**
 * The key of audit records that name no single person (page reads), chosen to place them as Kafka's own
 * producer places unkeyed records (KIP-480's sticky partitioner): one partition for a run of records, then
 * another. A group commit of page reads is then one record batch, not one per partition: kafkajs spends about
 * a fifth less CPU per record, and the write is acknowledged sooner. The key, not a partition number, does
 * the placing, so it holds for a topic of any number of partitions.
 */
export class StickyKey {
  private written = 0;

  constructor(
    private readonly run: number,
    /** Differs per process, so two API instances do not follow the same partitions. */
    private readonly prefix = `page-reads.${randomUUID()}`,
  ) {}

  next(): string {
    const key = `${this.prefix}.${Math.floor(this.written / this.run)}`;
    this.written += 1;
    return key;
  }
}

/**
 * Writes the audit of a person-level read durably, before the response leaves: a read that cannot be audited is
 * not served (the API answers 503). A person's record read is one PersonRecordRead keyed by its personKey; a
 * page of a list (queue, tracker) is one PersonRecordsRead naming every person on the page in the order shown,
 * keyed by StickyKey (one key for a run of pages) — a page of 50 costs one record, not 50. Group-committed: the
 * records of requests that arrive while a write is in flight go to Kafka together in the next one, and each
 * request still waits for the acknowledgement (acks=all) of its own record.
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
    maxGroup: 200,
  });
  const source = { channel: 'HUB', system: 'homefirst-api', orgCode: deps.apiOrg, messageId: null } as const;
  const pages = new StickyKey(PAGE_READS_PER_KEY);
  return async (read) => {
    if (read.personKeys.length === 0) return;
    const sequence = committer.next();
    const now = new Date();
    const actor = {
      actorId: read.principal.subject,
      actorRole: read.principal.role.toUpperCase() as ActorRole,
      actorOrgCode: read.principal.org ?? '',
      route: read.route,
      pseudonymised: read.pseudonymised,
    };
    const envelope = {
      eventId: randomUUID(),
      occurredAt: now,
      recordedAt: now,
      source,
      correlationId: read.correlationId,
    };
    const [only] = read.personKeys;
    const event: AuditEvent =
      read.kind === 'record' && read.personKeys.length === 1 && only !== undefined
        ? { ...envelope, type: 'PersonRecordRead', personKey: only, payload: actor }
        : {
            ...envelope,
            type: 'PersonRecordsRead',
            personKey: null,
            payload: { ...actor, personKeys: [...read.personKeys] },
          };
    const key = event.personKey === null ? pages.next() : undefined;
    const message = await eventMessage(deps.codec, 'homefirst.audit.v1', event, key);
    await committer.commit([{ topic, messages: [message] }], sequence);
  };
}
