import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  EventPublisher,
  connectRedis,
  createKafka,
  createLogger,
  createProducer,
  createRedis,
  loadConfig,
  type HubConfig,
  type Logger,
} from '@homefirst/runtime';
import {
  EventCodec,
  catalogue,
  createRegistryClient,
  type CouncilEvent,
  type HospitalEvent,
} from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { streamOf, type ProjectedEvent } from '../person/journal';

/** Helpers for stack tests (real Kafka, registry and Redis from jest's global setup). */

/** A name no other test or run uses. */
export const uniqueName = (what: string): string =>
  `${what}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

/** The hub config of the shared stack, with a unique topic prefix. */
export const stackConfig = (overrides: Record<string, string> = {}): HubConfig =>
  loadConfig({ ...process.env, HOMEFIRST_TOPIC_PREFIX: `${uniqueName('it-proj')}.`, ...overrides });

export const quietLogger = (): Logger => createLogger({ name: 'projector-test', level: 'silent' });

/** Polls until `probe` returns a value, failing after `timeoutMs` with what it waited for. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
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
    await sleep(100);
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${lastError instanceof Error ? `: ${lastError.message}` : ''}`,
  );
}

/** Creates every catalogue topic under the prefix (the person topics with `partitions` partitions). */
export async function createTopics(kafka: Kafka, prefix: string, partitions = 6): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: catalogue.map((t) => ({
        topic: `${prefix}${t.name}`,
        numPartitions: t.copartitionGroup === 'person' ? partitions : 1,
      })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopics(kafka: Kafka, prefix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: catalogue.map((t) => `${prefix}${t.name}`) }).catch(() => undefined);
  await admin.disconnect();
}

export const codecFor = (config: HubConfig): EventCodec =>
  new EventCodec({
    registry: createRegistryClient({ url: config.registry.url }),
    prefix: config.topicPrefix,
  });

/**
 * Publishes events the way the connectors do (runtime's EventPublisher: durable, keyed by personKey),
 * in `chunk`-sized publishes, in the given order.
 */
export async function publishEvents(
  config: HubConfig,
  events: readonly ProjectedEvent[],
  chunk = 200,
): Promise<void> {
  const kafka = createKafka(config, quietLogger());
  const producer = createProducer(kafka);
  await producer.connect();
  try {
    const publisher = new EventPublisher({
      producer,
      codec: codecFor(config),
      topicPrefix: config.topicPrefix,
    });
    for (let i = 0; i < events.length; i += chunk) {
      const slice = events.slice(i, i + chunk);
      await publisher.publish({
        hospital: slice.filter((e): e is HospitalEvent => streamOf(e.type) === 'hospital'),
        council: slice.filter((e): e is CouncilEvent => streamOf(e.type) === 'council'),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

export async function connectedRedis(config: HubConfig): Promise<Redis> {
  const redis = createRedis(config);
  await connectRedis(redis);
  return redis;
}

/** Deletes every key under a namespace (SCAN + UNLINK). */
export async function dropNamespace(redis: Redis, namespace: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

/** Total of a topic's high watermarks (the number of messages written, for topics never compacted). */
export async function endOffsets(kafka: Kafka, topics: readonly string[]): Promise<Map<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = new Map<string, number>();
    for (const topic of topics) {
      for (const { partition, high } of await admin.fetchTopicOffsets(topic))
        ends.set(`${topic}:${partition}`, Number(high));
    }
    return ends;
  } finally {
    await admin.disconnect();
  }
}
