import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { catalogue, type EventCodec, type HomefirstEvent, type TopicName } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import type { Consumer, Kafka } from 'kafkajs';

/** A name no other test or run uses (topics, groups, key prefixes). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** Polls `probe` until it returns a value; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    await sleep(50);
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${lastError instanceof Error ? `: ${lastError.message}` : ''}`,
  );
}

/** Creates every catalogue topic under a prefix (as `homefirst topics apply` would), waiting for leaders. */
export async function createCatalogueTopics(kafka: Kafka, prefix: string, partitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: catalogue.map((topic) => ({ topic: `${prefix}${topic.name}`, numPartitions: partitions })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

export async function deleteCatalogueTopics(kafka: Kafka, prefix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: catalogue.map((topic) => `${prefix}${topic.name}`) });
  } catch {
    // best effort: a test run must not fail on cleanup
  } finally {
    await admin.disconnect();
  }
}

/** Deletes every key under a Redis key prefix (the client must have no keyPrefix of its own). */
export async function deleteRedisKeys(redis: Redis, keyPrefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

export interface ReadRecord {
  readonly topic: TopicName;
  readonly key: string;
  readonly event: HomefirstEvent;
}

/** Reads topics from the beginning with a fresh consumer group, decoding every record through the registry. */
export class TopicReader {
  readonly records: ReadRecord[] = [];

  private constructor(private readonly consumer: Consumer) {}

  static async start(
    kafka: Kafka,
    codec: EventCodec,
    prefix: string,
    topics: readonly TopicName[],
  ): Promise<TopicReader> {
    const consumer = kafka.consumer({ groupId: uniqueName('hl7v2-reader'), maxWaitTimeInMs: 100 });
    const reader = new TopicReader(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: topics.map((topic) => `${prefix}${topic}`), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        if (!message.value) return;
        const { event } = await codec.decodeAny(message.value);
        reader.records.push({
          topic: topic.slice(prefix.length) as TopicName,
          key: message.key?.toString() ?? '',
          event,
        });
      },
    });
    return reader;
  }

  events<T extends TopicName>(topic: T): HomefirstEvent[] {
    return this.records.filter((record) => record.topic === topic).map((record) => record.event);
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
