import { randomUUID } from 'node:crypto';
import { createProducer, createTopicsAndWait } from '@homefirst/runtime';
import { feedSamples, type EventCodec, type FeedEvent } from '@homefirst/schemas';
import type { Admin, Kafka } from 'kafkajs';

/**
 * Feed events as the feed router writes them (Avro under the council's subject, keyed by personKey): for
 * each of `persons` people of council `laCode`, `perPerson` events in order.
 */
export function feedEventsOf(laCode: string, persons: number, perPerson: number): FeedEvent[] {
  const events: FeedEvent[] = [];
  const day0 = Date.UTC(2026, 0, 5);
  for (let p = 0; p < persons; p += 1) {
    const personKey = `${laCode.toLowerCase()}-person-${p}-${randomUUID().slice(0, 8)}`;
    for (let n = 0; n < perPerson; n += 1) {
      const sample = feedSamples[n % feedSamples.length];
      if (sample === undefined) throw new Error('no feed samples');
      const at = new Date(day0 + (p * perPerson + n) * 60_000);
      events.push({ ...sample, eventId: randomUUID(), personKey, laCode, occurredAt: at, recordedAt: at });
    }
  }
  return events;
}

/** Creates feed topics (3 partitions, like the test's person streams) when missing. */
export async function ensureFeedTopics(admin: Admin, topics: readonly string[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const wanted = topics.filter((t) => !existing.has(t)).map((topic) => ({ topic, numPartitions: 3 }));
  if (wanted.length > 0) await createTopicsAndWait(admin, wanted);
}

/** Writes feed events to `topic` durably, in order, keyed by person (so each person's stay on one partition). */
export async function publishFeed(
  kafka: Kafka,
  codec: EventCodec,
  topic: string,
  events: readonly FeedEvent[],
): Promise<void> {
  const producer = createProducer(kafka);
  await producer.connect();
  try {
    for (let i = 0; i < events.length; i += 500) {
      const slice = events.slice(i, i + 500);
      const messages = await Promise.all(
        slice.map(async (e) => ({ key: e.personKey, value: await codec.encodeFeed(e.laCode, e) })),
      );
      await producer.send({ topic, acks: -1, messages });
    }
  } finally {
    await producer.disconnect();
  }
}

/** Per person, the event ids in the order given. */
export function orderByPerson(
  items: readonly { personKey: string | null; eventId: string }[],
): Map<string, string[]> {
  const order = new Map<string, string[]>();
  for (const { personKey, eventId } of items) {
    const list = order.get(personKey ?? '') ?? [];
    list.push(eventId);
    order.set(personKey ?? '', list);
  }
  return order;
}
