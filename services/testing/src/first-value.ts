import type { Kafka } from 'kafkajs';
import { uniqueName } from './names';
import { waitFor } from './wait-for';

/**
 * Reads a topic from the beginning with a consumer group of its own and resolves with the value of the
 * first record, failing after `timeoutMs` with `what` it waited for.
 */
export async function firstValue(
  kafka: Kafka,
  topic: string,
  what = `the first record of ${topic}`,
  timeoutMs = 30_000,
): Promise<Buffer> {
  const consumer = kafka.consumer({ groupId: uniqueName('first-value'), maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: Buffer[] = [];
    await consumer.run({
      eachMessage: ({ message }) => {
        if (message.value) received.push(message.value);
        return Promise.resolve();
      },
    });
    return await waitFor(what, () => received[0], timeoutMs);
  } finally {
    await consumer.disconnect();
  }
}
