import {
  EventPublisher,
  GroupCommitPublisher,
  MessageDedupe,
  UnavailableError,
  connectRedis,
  createKafka,
  createProducer,
  createRedis,
  describeError,
  type Logger,
  type ReadinessCheck,
  type RecordWriter,
} from '@homefirst/runtime';
import { EventCodec, createPersonKeyer, createRegistryClient } from '@homefirst/schemas';
import type { Producer } from 'kafkajs';
import type { Redis } from 'ioredis';
import type { CouncilConfig } from './config';
import { CouncilIngest, type OutcomeCounter } from './pipeline/council-ingest';
import { RedisOrderStore } from './pipeline/order-store';

/** The live write path: Kafka producer, registry codec, Redis (record ids + order facts), ready to ingest. */
export interface CouncilRuntime {
  /** REST requests (and redrives): written with group commit, concurrent requests in one produce request. */
  readonly ingest: CouncilIngest;
  /**
   * CSV files: each chunk its own produce request (a chunk fills one), beside REST's, so a file being read
   * never holds a REST request up behind its chunks.
   */
  readonly fileIngest: CouncilIngest;
  /** Brokers and topic prefix: what a CSV checkpoint resumes into. */
  readonly target: string;
  readonly checks: Readonly<Record<string, ReadinessCheck>>;
  /** The connection the ingest writes with, and its Redis (for `redrive`'s marks and audit records). */
  readonly producer: Producer;
  readonly redis: Redis;
  close(): Promise<void>;
}

/** Connects everything and fails fast (UnavailableError naming the dependency) when something is down. */
export async function startCouncilRuntime(
  config: CouncilConfig,
  logger: Logger,
  counter?: OutcomeCounter,
): Promise<CouncilRuntime> {
  const { hub } = config;
  const kafka = createKafka(hub, logger);
  const producer: Producer = createProducer(kafka);
  const admin = kafka.admin();
  const redis: Redis = createRedis(hub, { keyPrefix: config.council.redisKeyPrefix, logger });
  // A chunk asks Redis about hundreds of records at once: send each tick's commands in one write.
  redis.options.enableAutoPipelining = true;
  const registry = createRegistryClient({ url: hub.registry.url });
  const codec = new EventCodec({
    registry,
    prefix: hub.topicPrefix,
  });
  const close = async (): Promise<void> => {
    await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
    redis.disconnect();
  };
  try {
    await Promise.all([
      producer.connect().catch((err: unknown) => {
        throw new UnavailableError(`Kafka is not reachable: ${describeError(err)}`, {
          dependency: 'kafka',
          cause: err,
        });
      }),
      admin.connect().catch(() => undefined),
      connectRedis(redis),
      codec.prepare(['homefirst.raw.v1', 'homefirst.council.events.v1', 'homefirst.deadletter.v1']),
    ]);
  } catch (err) {
    await close();
    throw err;
  }
  // Group commit, as the HL7 and FHIR connectors: concurrent REST requests go to Kafka together, each
  // answered only once its own records are acknowledged; one request in flight, so callers arriving meanwhile
  // share the next.
  const publisher = new GroupCommitPublisher({
    producer,
    codec,
    topicPrefix: hub.topicPrefix,
    timeoutMs: config.council.sendTimeoutMs,
    maxInFlight: 1,
  });
  const filePublisher = new EventPublisher({
    producer,
    codec,
    topicPrefix: hub.topicPrefix,
    timeoutMs: config.council.sendTimeoutMs,
  });
  // REST and files share everything but the publisher: the same record ids, order facts and person keys.
  const shared = {
    dedupe: new MessageDedupe(redis, { namespace: 'council' }),
    orderStore: new RedisOrderStore(redis),
    personKeyOf: createPersonKeyer(hub.personKeySecret),
    logger,
    stepToleranceMs: config.council.stepToleranceMs,
    nhsNumbers: hub.nhsNumbers,
    ...(counter && { counter }),
  };
  const ingestThrough = (write: RecordWriter): CouncilIngest =>
    new CouncilIngest({ ...shared, publish: (batch) => write.write(batch) });
  return {
    ingest: ingestThrough(publisher),
    fileIngest: ingestThrough(filePublisher),
    target: `${hub.kafka.brokers.join(',')}|${hub.topicPrefix}`,
    producer,
    redis,
    checks: {
      kafka: async () => {
        await admin.connect();
        await admin.describeCluster();
      },
      redis: () => redis.ping(),
      registry: (signal) => registry.ping(signal),
    },
    close,
  };
}
