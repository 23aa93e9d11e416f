import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  connectRedis,
  createKafka,
  createLogger,
  createProducer,
  createRedis,
  loadConfig,
  type HubConfig,
  type Logger,
} from '@homefirst/runtime';
import { catalogue, createRegistryClient, EventCodec, type HomefirstEvent } from '@homefirst/schemas';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import { createIngest } from '../connector';
import { TrustTokens } from '../http/auth';
import { buildFhirServer } from '../http/server';
import type { FhirIngest } from '../ingest/fhir-ingest';
import { fhirMetrics } from '../ingest/metrics';
import type { TrustServer } from '../pull/trust-server';
import { PARSE_OPTIONS, SECRET } from './corpus';

/**
 * A FHIR connector on real Kafka, registry and Redis for stack tests and the benchmark: its own topic
 * prefix (topics created from the catalogue), Redis key prefix and consumer groups, and a topic reader
 * that decodes what was written. Nothing here stands in for a server.
 */

export const unique = (prefix: string): string =>
  `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

export const TOKENS = {
  REM: 'rem-test-token-0123456789abcdef',
  RXN: 'rxn-test-token-0123456789abcdef',
} as const;

export interface TopicRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string;
  readonly event: HomefirstEvent;
}

export interface HarnessOptions {
  /** Defaults to the addresses jest's global setup put in the environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly publishTimeoutMs?: number;
  readonly maxBodyBytes?: number;
  readonly partitions?: number;
  readonly trustServerFor?: (ods: string) => Promise<TrustServer | undefined>;
  readonly logger?: Logger;
  /** Create the topics (default true); the benchmark and outage tests may reuse. */
  readonly createTopics?: boolean;
  readonly prefix?: string;
}

export interface Harness {
  readonly config: HubConfig;
  readonly prefix: string;
  readonly redisPrefix: string;
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly producer: Producer;
  readonly codec: EventCodec;
  readonly redis: Redis;
  readonly ingest: FhirIngest;
  readonly app: FastifyInstance;
  readonly baseUrl: string;
  /** Sends a request to the FHIR endpoint with a trust's token (REM by default). */
  send(
    method: string,
    path: string,
    body?: string | Buffer,
    options?: { token?: string | null; contentType?: string },
  ): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const prefix = options.prefix ?? `${unique('fhir')}.`;
  const redisPrefix = `${unique('fhir')}:`;
  const config = loadConfig({ ...(options.env ?? process.env), HOMEFIRST_TOPIC_PREFIX: prefix });
  const logger = options.logger ?? createLogger({ name: 'fhir-test', level: 'silent' });
  const kafka = createKafka(config, logger);
  const admin = kafka.admin();
  await admin.connect();
  if (options.createTopics !== false)
    await admin.createTopics({
      topics: catalogue.map((t) => ({ topic: `${prefix}${t.name}`, numPartitions: options.partitions ?? 3 })),
      waitForLeaders: true,
    });
  const producer = createProducer(kafka);
  await producer.connect();
  const codec = new EventCodec({ registry: createRegistryClient({ url: config.registry.url }), prefix });
  const redis = createRedis(config, { keyPrefix: redisPrefix });
  await connectRedis(redis);
  const ingest = createIngest({
    producer,
    codec,
    redis,
    topicPrefix: prefix,
    personKeySecret: SECRET,
    logger,
  });
  const app = buildFhirServer({
    ingest,
    tokens: new TrustTokens(new Map(Object.entries(TOKENS).map(([ods, token]) => [token, ods]))),
    parse: { mrnSystems: PARSE_OPTIONS.mrnSystems, extensionUrls: PARSE_OPTIONS.extensionUrls },
    maxBodyBytes: options.maxBodyBytes ?? 5 * 1024 * 1024,
    publishTimeoutMs: options.publishTimeoutMs ?? 10_000,
    logger,
    metrics: fhirMetrics(),
    ...(options.trustServerFor && { trustServerFor: options.trustServerFor }),
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `${address}/fhir`;
  return {
    config,
    prefix,
    redisPrefix,
    kafka,
    admin,
    producer,
    codec,
    redis,
    ingest,
    app,
    baseUrl,
    async send(method, path, body, opts = {}) {
      const token = opts.token === undefined ? TOKENS.REM : opts.token;
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(token !== null && { authorization: `Bearer ${token}` }),
          ...(body !== undefined && { 'content-type': opts.contentType ?? 'application/fhir+json' }),
        },
        ...(body !== undefined && { body }),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
      };
    },
    async close() {
      await app.close();
      await ingest.drain(5_000);
      await producer.disconnect().catch(() => undefined);
      redis.disconnect();
      if (options.createTopics !== false)
        await admin
          .deleteTopics({ topics: catalogue.map((t) => `${prefix}${t.name}`) })
          .catch(() => undefined);
      await admin.disconnect();
    },
  };
}

/**
 * Reads a test's topics from the beginning into memory, decoded, until stopped. A record is kept once per
 * (topic, partition, offset): a consumer may be handed a record again after a broker restart (at-least-once
 * delivery), and tests count what is in the topic, not how often it was delivered.
 */
export class TopicReader {
  readonly records: TopicRecord[] = [];
  private readonly seen = new Set<string>();
  private consumer: Consumer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly codec: EventCodec,
    private readonly prefix: string,
  ) {}

  async start(
    topics: readonly string[] = [
      'homefirst.hospital.events.v1',
      'homefirst.raw.v1',
      'homefirst.deadletter.v1',
    ],
  ): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: unique('fhir-reader'), maxWaitTimeInMs: 100 });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: topics.map((t) => `${this.prefix}${t}`), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const at = `${topic}/${partition}/${message.offset}`;
        if (!message.value || this.seen.has(at)) return;
        this.seen.add(at);
        const { event } = await this.codec.decodeAny(message.value);
        this.records.push({
          topic: topic.slice(this.prefix.length),
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? '',
          event,
        });
      },
    });
  }

  of(topic: string): TopicRecord[] {
    return this.records.filter((r) => r.topic === topic);
  }

  hospital(): TopicRecord[] {
    return this.of('homefirst.hospital.events.v1');
  }

  /** Waits until `probe` holds, failing after `timeoutMs` with what was read so far. */
  async until(what: string, probe: (reader: TopicReader) => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (probe(this)) return;
      await sleep(50);
    }
    throw new Error(
      `timed out after ${timeoutMs} ms waiting for ${what}; read ${this.records.length} records: ${this.records
        .map((r) => `${r.topic}:${r.event.type}`)
        .join(', ')}`,
    );
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
