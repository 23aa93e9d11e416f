import {
  createCodec,
  connectRedis,
  createKafka,
  createLogger,
  createRedis,
  type Logger,
} from '@homefirst/runtime';
import { type EventCodec, type EventsByTopic, type TopicName } from '@homefirst/schemas';
import {
  offsetsOf,
  createCatalogueTopics,
  deleteCatalogueTopics,
  deleteRedisKeys,
  uniqueName,
  uniqueTopicPrefix,
  waitFor,
} from '@homefirst/testing';
import type { Kafka } from 'kafkajs';
import { loadCouncilConfig, type CouncilConfig } from '../config';

/**
 * Helpers for stack tests (*.int.test.ts) against the real Kafka, registry and Redis: each test gets its
 * own topic prefix (topics created from the catalogue), consumer groups and Redis key prefix, and
 * removes them afterwards. Counting reads the topics' offsets; contents are decoded with the registry.
 */
export interface TestStack {
  readonly prefix: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly config: CouncilConfig;
  readonly kafka: Kafka;
  readonly codec: EventCodec;
  readonly logger: Logger;
  /** Records in a topic: the sum of its partitions' high watermarks (our topics are never compacted). */
  count(topic: TopicName): Promise<number>;
  /** Every record of a topic, decoded, with its eventId header and key. */
  readAll<T extends TopicName>(
    topic: T,
  ): Promise<{ key: string; eventId: string; event: EventsByTopic[T] }[]>;
  /** eventId headers of every record of a topic (no decoding: fast for big topics). */
  eventIds(topic: TopicName): Promise<string[]>;
  teardown(): Promise<void>;
}

export async function startTestStack(
  label: string,
  extraEnv: Record<string, string> = {},
): Promise<TestStack> {
  const prefix = uniqueTopicPrefix(label);
  const env = {
    ...process.env,
    HOMEFIRST_TOPIC_PREFIX: prefix,
    HOMEFIRST_REDIS_KEY_PREFIX: prefix,
    HOMEFIRST_LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  const config = loadCouncilConfig(env, { requireTokens: false });
  const logger = createLogger({ name: label, level: 'silent' });
  const kafka = createKafka(config.hub, logger);
  await createCatalogueTopics(kafka, prefix);
  const admin = kafka.admin();
  await admin.connect();
  const codec = createCodec(config.hub, prefix);

  const drain = async <R>(
    topic: TopicName,
    take: (message: {
      key: Buffer | null;
      value: Buffer | null;
      headers?: Record<string, unknown>;
    }) => Promise<R>,
  ): Promise<R[]> => {
    const expected = await count(topic);
    const out: R[] = [];
    if (expected === 0) return out;
    const consumer = kafka.consumer({ groupId: uniqueName(`${label}-read`), maxWaitTimeInMs: 100 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [`${prefix}${topic}`], fromBeginning: true });
      await consumer.run({
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) out.push(await take(message));
        },
      });
      await waitFor(`${expected} records of ${topic}`, () => (out.length >= expected ? true : undefined), {
        timeoutMs: 60_000,
      }).catch((err: unknown) => {
        throw new Error(`read ${out.length} of ${expected} records of ${topic} within 60 s`, { cause: err });
      });
    } finally {
      await consumer.disconnect();
    }
    return out;
  };

  async function count(topic: TopicName): Promise<number> {
    // Retried while Kafka answers "not the leader" for a topic it has just created.
    const offsets = await offsetsOf(admin, `${prefix}${topic}`);
    return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
  }

  const headerOf = (headers: Record<string, unknown> | undefined, name: string): string => {
    const value = headers?.[name];
    return Buffer.isBuffer(value) ? value.toString() : typeof value === 'string' ? value : '';
  };

  return {
    prefix,
    env,
    config,
    kafka,
    codec,
    logger,
    count,
    readAll: (topic) =>
      drain(topic, async (message) => ({
        key: message.key?.toString() ?? '',
        eventId: headerOf(message.headers, 'eventId'),
        event: await codec.decode(topic, message.value ?? Buffer.alloc(0)),
      })),
    eventIds: (topic) => drain(topic, (message) => Promise.resolve(headerOf(message.headers, 'eventId'))),
    async teardown() {
      await admin.disconnect();
      await deleteCatalogueTopics(kafka, prefix);
      const redis = createRedis(config.hub);
      await connectRedis(redis);
      try {
        await deleteRedisKeys(redis, prefix);
      } finally {
        redis.disconnect();
      }
    },
  };
}
