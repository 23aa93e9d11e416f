import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';

/** Every JSON value of a (small) topic now, read from its start to its end. */
export async function readJsonTopic<T>(kafka: Kafka, topic: string): Promise<T[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const left = new Map(
    ends.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, BigInt(p.high)]),
  );
  const values: T[] = [];
  if (left.size === 0) return values;
  const consumer = kafka.consumer({ groupId: `json-reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
      consumer
        .run({
          autoCommit: false,
          eachMessage: ({ partition, message }) => {
            if (message.value !== null) values.push(JSON.parse(message.value.toString()) as T);
            if (BigInt(message.offset) + 1n >= (left.get(partition) ?? 0n)) left.delete(partition);
            if (left.size === 0) resolve();
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return values;
}
