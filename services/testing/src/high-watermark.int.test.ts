import { createTopicsAndWait } from '@homefirst/runtime';
import { createKafka, createLogger, loadConfig } from '@homefirst/runtime';
import type { Kafka } from 'kafkajs';
import { ReadPosition, waitForHighWatermark } from './high-watermark';
import { uniqueName } from './names';

// The high-watermark wait against the real broker: it returns only once the consumer has read everything
// written before the call, and fails, naming the partition behind, when the consumer is not reading.

describe('waitForHighWatermark (real stack)', () => {
  const config = loadConfig(process.env);
  let kafka: Kafka;
  const topic = uniqueName('it-hwm');

  beforeAll(async () => {
    kafka = createKafka(config, createLogger({ name: 'hwm-test', level: 'silent' }));
    const admin = kafka.admin();
    await admin.connect();
    await createTopicsAndWait(admin, [{ topic, numPartitions: 2 }]);
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: 20 }, (_, n) => ({ partition: n % 2, value: `m${n}` })),
    });
    await producer.disconnect();
  });
  afterAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('given 20 records on two partitions, when a consumer reads them, then the wait returns with every record read', async () => {
    const position = new ReadPosition();
    const read: string[] = [];
    const consumer = kafka.consumer({ groupId: uniqueName('it-hwm'), maxWaitTimeInMs: 100 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ partition, message }) => {
          read.push(message.value?.toString() ?? '');
          position.handled(topic, partition, message.offset);
          return Promise.resolve();
        },
      });
      await waitForHighWatermark(kafka, [topic], position, 30_000);
      expect(read).toHaveLength(20);
    } finally {
      await consumer.disconnect();
    }
  });

  it('given a consumer that reads nothing, then the wait fails at its deadline naming the partitions behind', async () => {
    await expect(waitForHighWatermark(kafka, [topic], new ReadPosition(), 300)).rejects.toThrow(
      new RegExp(`timed out after 300 ms .*behind: ${topic}:0 < 10, ${topic}:1 < 10`),
    );
  });
});
