import {
  DEFAULT_MAX_INPUT_BYTES,
  createCodec,
  createKafka,
  createLogger,
  createProducer,
  loadConfig,
  type HubConfig,
  type Logger,
} from '@homefirst/runtime';
import { type EventCodec } from '@homefirst/schemas';
import {
  connectedRedis,
  createCatalogueTopics,
  deleteCatalogueTopics,
  deleteRedisKeys,
  uniqueName,
} from '@homefirst/testing';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { createIngest } from '../connector';
import { TrustTokens } from '../http/auth';
import { buildFhirServer } from '../http/server';
import type { FhirIngest } from '../ingest/fhir-ingest';
import { fhirMetrics } from '../ingest/metrics';
import type { TrustServer } from '../pull/trust-server';
import { PARSE_OPTIONS, SECRET } from './corpus';

/**
 * A FHIR connector on real Kafka, registry and Redis for stack tests and the benchmark: its own topic
 * prefix (topics created from the catalogue), Redis key prefix and consumer groups; @homefirst/testing's
 * TopicReader decodes what was written. Nothing here stands in for a server.
 */

export const TOKENS = {
  REM: 'rem-test-token-0123456789abcdef',
  RXN: 'rxn-test-token-0123456789abcdef',
} as const;

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
  /** The NHS-number policy of the endpoint (default: test numbers accepted, as outside production). */
  readonly acceptTestNumbers?: boolean;
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
  const prefix = options.prefix ?? `${uniqueName('fhir')}.`;
  const redisPrefix = `${uniqueName('fhir')}:`;
  const config = loadConfig({ ...(options.env ?? process.env), HOMEFIRST_TOPIC_PREFIX: prefix });
  const logger = options.logger ?? createLogger({ name: 'fhir-test', level: 'silent' });
  const kafka = createKafka(config, logger);
  const admin = kafka.admin();
  await admin.connect();
  if (options.createTopics !== false)
    await createCatalogueTopics(kafka, prefix, { partitions: options.partitions ?? 3 });
  const producer = createProducer(kafka);
  await producer.connect();
  const refusalProducer = createProducer(kafka);
  await refusalProducer.connect();
  const codec = createCodec(config, prefix);
  const redis = await connectedRedis(config, { keyPrefix: redisPrefix });
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const ingest = createIngest({
    producer,
    refusalProducer,
    codec,
    redis,
    topicPrefix: prefix,
    personKeySecret: SECRET,
    logger,
    maxInputBytes: maxBodyBytes,
  });
  const app = buildFhirServer({
    ingest,
    tokens: new TrustTokens(new Map(Object.entries(TOKENS).map(([ods, token]) => [token, ods]))),
    parse: {
      mrnSystems: PARSE_OPTIONS.mrnSystems,
      extensionUrls: PARSE_OPTIONS.extensionUrls,
      ...(options.acceptTestNumbers !== undefined && {
        nhsNumbers: { acceptTestNumbers: options.acceptTestNumbers },
      }),
    },
    maxBodyBytes,
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
      await refusalProducer.disconnect().catch(() => undefined);
      // The connector's keys (dedupe, spells, identities, checkpoints), under this harness's own prefix.
      await deleteRedisKeys(redis, redisPrefix);
      redis.disconnect();
      if (options.createTopics !== false) await deleteCatalogueTopics(kafka, prefix);
      await admin.disconnect();
    },
  };
}
