import {
  GroupCommitPublisher,
  IdentityIndex,
  MessageDedupe,
  connectRedis,
  createKafka,
  createProducer,
  createRedis,
  type Logger,
} from '@homefirst/runtime';
import { EventCodec, createPersonKeyer, createRegistryClient } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import type { Admin, Producer } from 'kafkajs';
import type { Hl7ConnectorConfig } from './config';
import { Hl7Pipeline } from './ingest/pipeline';
import { hl7Metrics } from './ingest/metrics';
import { MllpServer } from './mllp/server';
import { readMllpTls } from './mllp/tls';

/** How long a write may keep going after its sender got AR (kafkajs retries in the background meanwhile). */
const BACKGROUND_WRITE_LIMIT_MS = 10 * 60 * 1000;

export interface RunningConnector {
  readonly mllpPort: number;
  readonly pipeline: Hl7Pipeline;
  readonly server: MllpServer;
  readonly producer: Producer;
  readonly admin: Admin;
  readonly redis: Redis;
  readonly codec: EventCodec;
  /** Stops accepting, answers what was received, then closes Kafka and Redis. */
  close(): Promise<void>;
}

/**
 * Starts the live connector: the MLLP TLS files read and checked, Kafka producer (idempotent, acks=all),
 * registry codec (schemas registered or looked up at start, so a broken registry fails fast), Redis (dedupe +
 * identity index), MLLP listener.
 */
export async function startHl7Connector(
  config: Hl7ConnectorConfig,
  logger: Logger,
): Promise<RunningConnector> {
  // Certificates first: a bad path or a key that does not match fails before any connection is made.
  const tls = config.mllp.tls === null ? null : readMllpTls(config.mllp.tls);
  const kafka = createKafka(config, logger);
  const producer = createProducer(kafka);
  const refusalProducer = createProducer(kafka);
  const admin = kafka.admin();
  const codec = new EventCodec({
    registry: createRegistryClient({ url: config.registry.url }),
    prefix: config.topicPrefix,
  });
  const redis = createRedis(config, { keyPrefix: config.mllp.redisKeyPrefix, logger });
  // Commands of concurrent messages issued in the same tick go out in one write (one syscall, not one each).
  redis.options.enableAutoPipelining = true;
  const opened: Array<() => Promise<void>> = [];
  try {
    await producer.connect();
    opened.push(() => producer.disconnect());
    await refusalProducer.connect();
    opened.push(() => refusalProducer.disconnect());
    await admin.connect();
    opened.push(() => admin.disconnect());
    await codec.prepare(['homefirst.raw.v1', 'homefirst.hospital.events.v1', 'homefirst.deadletter.v1']);
    await connectRedis(redis);
    opened.push(() => Promise.resolve(redis.disconnect()));

    const publisher = new GroupCommitPublisher({
      producer,
      codec,
      topicPrefix: config.topicPrefix,
      timeoutMs: BACKGROUND_WRITE_LIMIT_MS,
    });
    const metrics = hl7Metrics();
    const pipeline = new Hl7Pipeline({
      mapping: { settings: config.mapping, personKey: createPersonKeyer(config.personKeySecret) },
      identity: new IdentityIndex(redis),
      dedupe: new MessageDedupe(redis, { namespace: 'hl7v2' }),
      writer: publisher,
      refusalWriter: new GroupCommitPublisher({
        producer: refusalProducer,
        codec,
        topicPrefix: config.topicPrefix,
        timeoutMs: BACKGROUND_WRITE_LIMIT_MS,
      }),
      logger,
      transport: 'MLLP',
      ackTimeoutMs: config.mllp.publishTimeoutMs,
      metrics,
      maxFrameBytes: config.mllp.maxFrameBytes,
    });
    const server = new MllpServer({
      host: config.mllp.host,
      port: config.mllp.port,
      maxFrameBytes: config.mllp.maxFrameBytes,
      idleTimeoutMs: config.mllp.idleTimeoutMs,
      maxConnections: config.mllp.maxConnections,
      logger,
      handler: pipeline,
      tls,
      onConnectionsChanged: (open) => metrics.connections.set(open),
      onFramingProblem: (problem) => metrics.framing.inc({ problem }),
      onRefused: (reason) => metrics.framing.inc({ problem: reason }),
    });
    const mllpPort = await server.start();
    let closing: Promise<void> | undefined;
    return {
      mllpPort,
      pipeline,
      server,
      producer,
      admin,
      redis,
      codec,
      close: () =>
        (closing ??= (async () => {
          await server.close();
          for (const close of opened.reverse()) await close().catch(() => undefined);
        })()),
    };
  } catch (err) {
    for (const close of opened.reverse()) await close().catch(() => undefined);
    throw err;
  }
}
