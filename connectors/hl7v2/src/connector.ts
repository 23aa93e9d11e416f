import {
  createCodec,
  GroupCommitPublisher,
  IdentityIndex,
  MessageDedupe,
  connectRedis,
  createKafka,
  createProducer,
  createRedis,
  type Logger,
} from '@homefirst/runtime';
import { type EventCodec, createPersonKeyer, type Transport } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import type { Admin, Kafka, Producer } from 'kafkajs';
import type { Hl7ConnectorConfig, Hl7ToolConfig } from './config';
import { Hl7Pipeline } from './ingest/pipeline';
import { hl7Metrics, type Hl7Metrics } from './ingest/metrics';
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

/** The live ingest path without a listener: what `serve` and `redrive` both run. */
export interface Hl7Ingest {
  readonly pipeline: Hl7Pipeline;
  readonly kafka: Kafka;
  readonly producer: Producer;
  readonly admin: Admin;
  readonly redis: Redis;
  readonly codec: EventCodec;
  close(): Promise<void>;
}

export interface Hl7IngestSettings extends Hl7ToolConfig {
  readonly transport: Transport;
  readonly publishTimeoutMs?: number;
  readonly maxFrameBytes?: number;
  readonly metrics?: Hl7Metrics;
}

/**
 * Opens the live ingest path: Kafka producers (idempotent, acks=all; refusals on a connection of their own),
 * registry codec (schemas registered or looked up now, so a broken registry fails fast), Redis (dedupe +
 * identity index), and the pipeline over them.
 */
export async function openHl7Ingest(settings: Hl7IngestSettings, logger: Logger): Promise<Hl7Ingest> {
  const kafka = createKafka(settings, logger);
  const producer = createProducer(kafka);
  const refusalProducer = createProducer(kafka);
  const admin = kafka.admin();
  const codec = createCodec(settings);
  const redis = createRedis(settings, { keyPrefix: settings.redisKeyPrefix, logger });
  // Commands of concurrent messages issued in the same tick go out in one write (one syscall, not one each).
  redis.options.enableAutoPipelining = true;
  const opened: Array<() => Promise<void>> = [];
  const closeAll = async (): Promise<void> => {
    for (const close of opened.reverse()) await close().catch(() => undefined);
  };
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
  } catch (err) {
    await closeAll();
    throw err;
  }
  const publisherOf = (p: Producer): GroupCommitPublisher =>
    new GroupCommitPublisher({
      producer: p,
      codec,
      topicPrefix: settings.topicPrefix,
      timeoutMs: BACKGROUND_WRITE_LIMIT_MS,
      // One produce request in flight, not kafkajs' five: messages arriving meanwhile go together in the
      // next, so fewer, larger requests (bench:ingest faster, p99 lower than with a request per turn).
      maxInFlight: 1,
    });
  const pipeline = new Hl7Pipeline({
    mapping: { settings: settings.mapping, personKey: createPersonKeyer(settings.personKeySecret) },
    identity: new IdentityIndex(redis),
    dedupe: new MessageDedupe(redis, { namespace: 'hl7v2' }),
    writer: publisherOf(producer),
    refusalWriter: publisherOf(refusalProducer),
    logger,
    transport: settings.transport,
    ...(settings.publishTimeoutMs !== undefined && { ackTimeoutMs: settings.publishTimeoutMs }),
    ...(settings.metrics !== undefined && { metrics: settings.metrics }),
    ...(settings.maxFrameBytes !== undefined && { maxFrameBytes: settings.maxFrameBytes }),
  });
  return { pipeline, kafka, producer, admin, redis, codec, close: closeAll };
}

/**
 * Starts the live connector: the MLLP TLS files read and checked, the ingest path (`openHl7Ingest`), the
 * MLLP listener.
 */
export async function startHl7Connector(
  config: Hl7ConnectorConfig,
  logger: Logger,
): Promise<RunningConnector> {
  // Certificates first: a bad path or a key that does not match fails before any connection is made.
  const tls = config.mllp.tls === null ? null : readMllpTls(config.mllp.tls);
  const metrics = hl7Metrics();
  const ingest = await openHl7Ingest(
    {
      ...config,
      redisKeyPrefix: config.mllp.redisKeyPrefix,
      transport: 'MLLP',
      publishTimeoutMs: config.mllp.publishTimeoutMs,
      maxFrameBytes: config.mllp.maxFrameBytes,
      metrics,
    },
    logger,
  );
  try {
    const { pipeline } = ingest;
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
      producer: ingest.producer,
      admin: ingest.admin,
      redis: ingest.redis,
      codec: ingest.codec,
      close: () =>
        (closing ??= (async () => {
          await server.close();
          await ingest.close();
        })()),
    };
  } catch (err) {
    await ingest.close();
    throw err;
  }
}
