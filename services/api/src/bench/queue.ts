import { randomBytes } from 'node:crypto';
import { EventCodec, createRegistryClient, readModels } from '@homefirst/schemas';
import {
  createKafka,
  createLogger,
  createProducer,
  createRedis,
  loadConfig,
  type Logger,
} from '@homefirst/runtime';
import {
  connectedRedis,
  createCatalogueTopics,
  deleteCatalogueTopics,
  deleteRedisKeys,
} from '@homefirst/testing';
import autocannon from 'autocannon';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Producer } from 'kafkajs';
import { kafkaAuditSink } from '../audit';
import { createTokenVerifier } from '../auth/verify';
import { RedisReadModelReader } from '../redis-reader';
import { registerReadRoutes } from '../routes/read-models';
import { buildServer } from '../server';
import { testApiToken } from '../testing/api-token';
import { awaitingPackageEntry } from '../testing/queue-entry';

// Benchmark (not a test): GET /api/v1/queue (page of 50, audited) with 20,000 open delays under 20
// concurrent connections, next to the bare Redis reads the endpoint needs (ZRANGE + HMGET) in the same run.
// Prints JSON. Needs the local stack (npx homefirst stack up) and a build (npx tsc -b).

const OPEN_DELAYS = Number(process.env.BENCH_OPEN_DELAYS ?? 20_000);
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 20;

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN;

type BenchConfig = ReturnType<typeof loadConfig>;

/** 20,000 people waiting, as the projector stores them. */
async function seedOpenDelays(redis: Redis, keys: readModels.ReadModelKeys): Promise<void> {
  const started = Date.now() - 30 * 86_400_000;
  for (let i = 0; i < OPEN_DELAYS; i += 1000) {
    const multi = redis.multi();
    for (let j = i; j < Math.min(OPEN_DELAYS, i + 1000); j++) {
      const readySince = new Date(started + j * 60_000).toISOString();
      const personKey = randomBytes(16).toString('base64url').slice(0, 22);
      const entry = awaitingPackageEntry(personKey, readySince, {
        nhsNumber: null,
        spellId: `S${j}`,
        trust: 'RHF',
        site: `RHF0${j % 3}`,
        ward: `W${j % 20}`,
        pathway: j % 10 < 5 ? 'P0' : 'P1',
      });
      const score = Date.parse(readySince);
      multi.zadd(keys.queue, score, personKey).hset(keys.queueEntry, personKey, JSON.stringify(entry));
      multi.zadd(keys.queueBy('sitrep', entry.sitrepReason), score, personKey);
    }
    await multi.exec();
  }
}

/** Baseline: the Redis reads one page needs, 20 concurrent loops, same duration; sorted milliseconds. */
async function timeBareRedisPages(redis: Redis, keys: readModels.ReadModelKeys): Promise<number[]> {
  const baseline: number[] = [];
  const until = Date.now() + DURATION_S * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < until) {
        const t0 = process.hrtime.bigint();
        const members = await redis.zrange(keys.queue, 0, 49);
        await redis.hmget(keys.queueEntry, ...members);
        baseline.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  return baseline.sort((a, b) => a - b);
}

const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret-000';

/** The API as `serve` wires it (read routes, durable audit unless BENCH_AUDIT=off), on a free port. */
async function startApi(
  config: BenchConfig,
  redis: Redis,
  namespace: string,
  audit: { producer: Producer; prefix: string; logger: Logger },
): Promise<{ app: FastifyInstance; port: number }> {
  const codec = new EventCodec({
    registry: createRegistryClient({ url: config.registry.url }),
    prefix: audit.prefix,
  });
  const app = await buildServer({
    logger: audit.logger,
    verifyToken: createTokenVerifier({
      kind: 'secret',
      secret: BENCH_SECRET,
      issuer: 'homefirst-dev',
      audience: 'homefirst-api',
    }),
    rateLimitPerMinute: 10_000_000,
  });
  registerReadRoutes(app, {
    reader: new RedisReadModelReader(
      redis,
      () => createRedis(config),
      namespace,
      readModels.DEFAULT_VIEW_CONFIG,
    ),
    // BENCH_AUDIT=off measures the endpoint without its durable audit write, to show what that costs.
    audit:
      process.env.BENCH_AUDIT === 'off'
        ? () => Promise.resolve()
        : kafkaAuditSink({ producer: audit.producer, codec, topicPrefix: audit.prefix, apiOrg: 'HUB' }),
    maxPageSize: 200,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { app, port };
}

const adminToken = (): Promise<string> => testApiToken({ role: 'admin', subject: 'bench' }, BENCH_SECRET);

function report(result: autocannon.Result, baseline: number[]): void {
  const output = {
    benchmark: 'api-queue',
    audit: process.env.BENCH_AUDIT === 'off' ? 'off' : 'durable, one PersonRecordRead per row returned',
    openDelays: OPEN_DELAYS,
    connections: CONNECTIONS,
    seconds: DURATION_S,
    api: {
      requestsPerSec: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
    },
    bareRedisPage: {
      pagesPerSec: baseline.length / DURATION_S,
      p50Ms: percentile(baseline, 0.5),
      p99Ms: percentile(baseline, 0.99),
    },
    ratioP99: result.latency.p99 / percentile(baseline, 0.99),
    targetP99Ms: 20,
  };
  console.log(JSON.stringify(output, null, 2));
}

async function main(): Promise<void> {
  const config = loadConfig();
  const run = `bench-${randomBytes(4).toString('hex')}`;
  const namespace = `rm:${run}:`;
  const prefix = `${run}.`;
  const logger = createLogger({ name: 'bench', level: 'warn' });
  const redis = await connectedRedis(config);
  const keys = new readModels.ReadModelKeys(namespace);

  await seedOpenDelays(redis, keys);
  const baseline = await timeBareRedisPages(redis, keys);

  const kafka = createKafka(config, logger);
  await createCatalogueTopics(kafka, prefix, { partitions: 1 });
  const producer = createProducer(kafka);
  await producer.connect();
  const { app, port } = await startApi(config, redis, namespace, { producer, prefix, logger });
  const token = await adminToken();

  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/v1/queue?pageSize=50`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    // The load generator runs in its own thread, as a real client would, not on the server's event loop.
    workers: 1,
    headers: { authorization: `Bearer ${token}` },
  });
  report(result, baseline);

  await app.close();
  await new Promise((r) => setTimeout(r, 2000)); // let in-flight audit writes settle before the topics go
  await producer.disconnect();
  await deleteCatalogueTopics(kafka, prefix);
  await deleteRedisKeys(redis, namespace);
  redis.disconnect();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
