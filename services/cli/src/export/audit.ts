import { createProducer, hubAuditHeader, sendDurably } from '@homefirst/runtime';
import { auditTopic, topicName, type EventCodec, type EventsExportedEvent } from '@homefirst/schemas';
import type { Kafka } from 'kafkajs';

export interface ExportAudit {
  readonly actor: string;
  readonly recipient?: string;
  /** Full topic names read. */
  readonly topics: readonly string[];
  readonly from?: Date;
  readonly to?: Date;
  readonly types: readonly string[];
  readonly format: string;
  readonly pseudonymised: boolean;
  readonly rows: number;
  /** The file name only. */
  readonly outName: string;
}

/** The EventsExported record of an export: who exported what (no patient data: no person is named). */
export function eventsExportedEvent(audit: ExportAudit, now: Date, orgCode: string): EventsExportedEvent {
  return {
    ...hubAuditHeader('homefirst-cli', now, orgCode),
    type: 'EventsExported',
    payload: {
      actorId: audit.actor,
      recipient: audit.recipient ?? null,
      topics: [...audit.topics],
      fromTime: audit.from?.toISOString() ?? null,
      toTime: audit.to?.toISOString() ?? null,
      types: [...audit.types],
      format: audit.format,
      pseudonymised: audit.pseudonymised,
      rows: audit.rows,
      outName: audit.outName,
    },
  };
}

/**
 * Writes the record to the audit topic and waits for every in-sync replica: the export's file is only
 * put in place after this succeeded, so no extract leaves without its audit line.
 */
export async function recordExport(
  kafka: Kafka,
  codec: EventCodec,
  prefix: string,
  event: EventsExportedEvent,
): Promise<void> {
  const producer = createProducer(kafka);
  await producer.connect();
  try {
    await sendDurably(producer, {
      topic: topicName(auditTopic.name, prefix),
      messages: [{ key: null, value: await codec.encode('homefirst.audit.v1', event) }],
    });
  } finally {
    await producer.disconnect();
  }
}
