import { createProducer, sendBatchDurably } from '@homefirst/runtime';
import {
  catalogue,
  topicName,
  type EventCodec,
  type HomefirstEvent,
  type TopicName,
} from '@homefirst/schemas';
import type { Kafka } from 'kafkajs';

/** The catalogue topic that carries an event type. */
function topicOfType(type: string): TopicName {
  const spec = catalogue.find((t) => t.eventTypes.includes(type));
  if (spec === undefined) throw new TypeError(`${type} is on no topic`);
  return spec.name as TopicName;
}

const keyOf = (event: HomefirstEvent): string | null =>
  'personKey' in event && typeof event.personKey === 'string' ? event.personKey : event.source.orgCode;

/**
 * Writes events to their topics under `prefix` as the connectors do (the contract's codec, keyed by
 * personKey or else the sender's org code, acknowledged by every in-sync replica), `batchSize` at a time.
 */
export async function fillTopics(
  kafka: Kafka,
  codec: EventCodec,
  prefix: string,
  events: Iterable<HomefirstEvent>,
  batchSize = 2_000,
): Promise<number> {
  const producer = createProducer(kafka);
  await producer.connect();
  let written = 0;
  try {
    let pending = new Map<TopicName, { key: string | null; value: Buffer }[]>();
    let count = 0;
    const flush = async (): Promise<void> => {
      if (count === 0) return;
      await sendBatchDurably(
        producer,
        {
          topicMessages: [...pending].map(([topic, messages]) => ({
            topic: topicName(topic, prefix),
            messages,
          })),
        },
        { timeoutMs: 120_000 },
      );
      written += count;
      pending = new Map();
      count = 0;
    };
    for (const event of events) {
      const topic = topicOfType(event.type);
      const value = await codec.encode(topic, event);
      const list = pending.get(topic) ?? [];
      list.push({ key: keyOf(event), value });
      pending.set(topic, list);
      count += 1;
      if (count >= batchSize) await flush();
    }
    await flush();
  } finally {
    await producer.disconnect();
  }
  return written;
}
