import {
  createCodec,
  createKafka,
  createProducer,
  sendDurably,
  type HubConfig,
  type Logger,
} from '@homefirst/runtime';
import { type AuditEvent } from '@homefirst/schemas';

/** Records `ReadModelsRebuilt` on the audit topic, durably (acks=all). Names no person (personKey null). */
export async function auditRebuild(
  hub: HubConfig,
  logger: Logger,
  rebuilt: {
    readonly actorId: string;
    readonly runId: string;
    readonly fromVersion: number;
    readonly toVersion: number;
    readonly projection: string;
    readonly events: number;
    readonly switchedAt: string;
  },
): Promise<void> {
  const producer = createProducer(createKafka(hub, logger));
  const codec = createCodec(hub);
  const at = new Date(rebuilt.switchedAt);
  const event: AuditEvent = {
    // The run id (a UUID) is the eventId: a rerun that re-sends the record after a kill is deduped.
    eventId: rebuilt.runId,
    type: 'ReadModelsRebuilt',
    occurredAt: at,
    recordedAt: new Date(),
    source: { channel: 'HUB', system: 'homefirst-projector', orgCode: 'HUB', messageId: rebuilt.runId },
    personKey: null,
    correlationId: rebuilt.runId,
    payload: {
      actorId: rebuilt.actorId,
      fromVersion: `v${rebuilt.fromVersion}`,
      toVersion: `v${rebuilt.toVersion}`,
      projection: rebuilt.projection,
      events: rebuilt.events,
    },
  };
  await producer.connect();
  try {
    await sendDurably(producer, {
      topic: `${hub.topicPrefix}homefirst.audit.v1`,
      messages: [
        {
          key: null,
          value: await codec.encode('homefirst.audit.v1', event),
          headers: { eventId: event.eventId, type: event.type },
        },
      ],
    });
  } finally {
    await producer.disconnect();
  }
}
