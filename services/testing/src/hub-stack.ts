import { createKafka, createLogger, loadConfig, type HubConfig, type Logger } from '@homefirst/runtime';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { connectedRedis } from './connected-redis';
import { uniqueTopicPrefix } from './names';
import { deleteRedisKeys } from './redis-keys';
import { createCatalogueTopics, deleteCatalogueTopics, type CatalogueTopicOptions } from './topics';

/**
 * A test's own corner of the shared stack: the hub config with a unique topic prefix, a Kafka client, the
 * catalogue topics under that prefix and a Redis connection. Made when the suite is declared (so its config
 * can build child-process environments), started in `beforeAll`, stopped in `afterAll`, which deletes the
 * Redis keys the test names, disconnects and deletes the topics.
 */
export class HubStack {
  readonly config: HubConfig;
  readonly prefix: string;
  readonly logger: Logger;
  private kafkaClient: Kafka | undefined;
  private redisClient: Redis | undefined;

  constructor(label: string, overrides: Readonly<Record<string, string>> = {}) {
    this.config = loadConfig({
      ...process.env,
      HOMEFIRST_TOPIC_PREFIX: uniqueTopicPrefix(label),
      ...overrides,
    });
    this.prefix = this.config.topicPrefix;
    this.logger = createLogger({ name: label, level: 'silent' });
  }

  get kafka(): Kafka {
    if (this.kafkaClient === undefined) throw new Error('HubStack.kafka used before start()');
    return this.kafkaClient;
  }

  get redis(): Redis {
    if (this.redisClient === undefined) throw new Error('HubStack.redis used before start()');
    return this.redisClient;
  }

  /** The prefixed name of a catalogue topic. */
  topic(name: string): string {
    return `${this.prefix}${name}`;
  }

  async start(topics: CatalogueTopicOptions = {}): Promise<void> {
    this.kafkaClient = createKafka(this.config, this.logger);
    await createCatalogueTopics(this.kafkaClient, this.prefix, topics);
    this.redisClient = await this.connectRedis();
  }

  /** Another Redis connection to the stack (e.g. for a writer that must not share the test's). */
  connectRedis(): Promise<Redis> {
    return connectedRedis(this.config);
  }

  /** Deletes the keys under `keyPrefixes`, disconnects and deletes the topics. */
  async stop(keyPrefixes: readonly string[] = []): Promise<void> {
    if (this.redisClient !== undefined) {
      for (const keyPrefix of keyPrefixes) await deleteRedisKeys(this.redisClient, keyPrefix);
      this.redisClient.disconnect();
    }
    if (this.kafkaClient !== undefined) await deleteCatalogueTopics(this.kafkaClient, this.prefix);
  }
}
