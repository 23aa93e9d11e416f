import { randomUUID } from 'node:crypto';
import type { Logger } from '@homefirst/runtime';
import type { Kafka, Producer } from 'kafkajs';
import { parseSubscription, type Subscription } from '../core/subscription';

/** Writes (or, with `removed`, deletes) a subscription on the compacted subscriptions topic, durably. */
export async function writeSubscription(
  producer: Producer,
  topic: string,
  id: string,
  subscription: Subscription | 'removed',
): Promise<void> {
  await producer.send({
    topic,
    acks: -1,
    messages: [{ key: id, value: subscription === 'removed' ? null : JSON.stringify(subscription) }],
  });
}

/** Applies one record of the subscriptions topic to a table; an unreadable one is logged (no secret) and skipped. */
export function applyRecord(
  table: Map<string, Subscription>,
  key: Buffer | null,
  value: Buffer | null,
  logger: Logger,
): string | undefined {
  const id = key?.toString();
  if (id === undefined) return undefined;
  if (value === null) {
    table.delete(id);
    return id;
  }
  const parsed = parseSubscription(value.toString());
  if (!parsed.ok) {
    logger.error({ subscriptionId: id, reason: parsed.reason }, 'unreadable subscription record skipped');
    return undefined;
  }
  table.set(id, parsed.subscription);
  return id;
}

/** Every subscription now: the subscriptions topic read from its start to its end (for the CLI). */
export async function readSubscriptions(
  kafka: Kafka,
  topic: string,
  groupPrefix: string,
  logger: Logger,
): Promise<Map<string, Subscription>> {
  const table = new Map<string, Subscription>();
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map(
    (await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect())).map((p) => [
      p.partition,
      BigInt(p.high),
    ]),
  );
  if ([...ends.values()].every((end) => end === 0n)) return table;
  const consumer = kafka.consumer({ groupId: `${groupPrefix}.reader.${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    const done = new Promise<void>((resolve, reject) => {
      const left = new Set([...ends].filter(([, end]) => end > 0n).map(([partition]) => partition));
      consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
      consumer
        .subscribe({ topics: [topic], fromBeginning: true })
        .then(() =>
          consumer.run({
            autoCommit: false,
            eachMessage: ({ partition, message }) => {
              applyRecord(table, message.key, message.value, logger);
              if (BigInt(message.offset) + 1n >= (ends.get(partition) ?? 0n)) left.delete(partition);
              if (left.size === 0) resolve();
              return Promise.resolve();
            },
          }),
        )
        .catch(reject);
    });
    await done;
  } finally {
    await consumer.disconnect();
  }
  return table;
}
