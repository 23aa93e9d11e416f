import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connectRedis, createKafka, createLogger, createRedis, type Logger } from '@homefirst/runtime';
import {
  ThrowawayPki,
  createCatalogueTopics,
  deleteCatalogueTopics,
  deleteRedisKeys,
  uniqueName,
  uniqueTopicPrefix,
} from '@homefirst/testing';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { loadHl7Config } from '../config';

type Hl7Config = ReturnType<typeof loadHl7Config>;

/**
 * An MLLP benchmark's corner of the shared stack: its own topic prefix (catalogue topics created), Redis
 * key prefix and throwaway PKI, the connector's config for them, and the connector process once started.
 * `close` stops the process and deletes everything the run made.
 */
export class BenchCorner {
  connector: ChildProcess | undefined;

  private constructor(
    readonly prefix: string,
    readonly redisPrefix: string,
    readonly pki: ThrowawayPki,
    /** The connector's MLLP listener settings, for its process environment. */
    readonly listenerEnv: Readonly<Record<string, string>>,
    readonly config: Hl7Config,
    readonly logger: Logger,
    readonly kafka: Kafka,
    readonly redis: Redis,
  ) {}

  /** `label` names the run (`hl7<label>` prefixes, logger `hl7v2-<label>`); `listenerEnv` chooses the connector's MLLP listener settings (mutual TLS from the PKI, or plaintext). */
  static async open(
    label: string,
    listenerEnv: (pki: ThrowawayPki) => Readonly<Record<string, string>>,
    overrides: Readonly<Record<string, string>> = {},
  ): Promise<BenchCorner> {
    const prefix = uniqueTopicPrefix(`hl7${label}`);
    const pki = new ThrowawayPki(`hl7${label}`);
    const listener = listenerEnv(pki);
    const config = loadHl7Config({
      ...process.env,
      ...listener,
      HOMEFIRST_TOPIC_PREFIX: prefix,
      ...overrides,
    });
    const logger = createLogger({ name: `hl7v2-${label}`, level: 'warn' }, process.stderr);
    const kafka = createKafka(config, logger);
    await createCatalogueTopics(kafka, prefix);
    const redis = createRedis(config);
    await connectRedis(redis);
    return new BenchCorner(
      prefix,
      `${uniqueName(`hl7${label}`)}:`,
      pki,
      listener,
      config,
      logger,
      kafka,
      redis,
    );
  }

  async close(): Promise<void> {
    if (this.connector && this.connector.exitCode === null) {
      this.connector.kill('SIGTERM');
      await once(this.connector, 'exit');
    }
    await deleteCatalogueTopics(this.kafka, this.prefix);
    await deleteRedisKeys(this.redis, this.redisPrefix);
    this.redis.disconnect();
    this.pki.remove();
  }
}
