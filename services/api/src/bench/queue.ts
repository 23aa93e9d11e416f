import { randomBytes } from 'node:crypto';
import { readModels } from '@homefirst/schemas';
import {
  createCodec,
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
  profiling,
  summariseCpuProfile,
  type ProfileSummary,
} from '@homefirst/testing';
import autocannon from 'autocannon';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Producer } from 'kafkajs';
import { kafkaAuditSink } from '../audit';
import { createTokenVerifier } from '../auth/verify';
import { LiveReadModelReader } from '../live-reader';
import { registerReadRoutes } from '../routes/read-models';
import { buildServer } from '../server';
import { testApiToken } from '../testing/api-token';
import { awaitingPackageEntry } from '../testing/queue-entry';

// Benchmark (not a test): GET /api/v1/queue (page of 50, audited; a mix of filters and role scopes) with
// 20,000 open delays under 20 concurrent connections, next to the bare Redis reads an unfiltered page
// needs (ZRANGE + HMGET) in the same run. Prints JSON; BENCH_PROFILE=1 adds the load phase's CPU profile. Needs the local stack (npx homefirst stack up) and a build (npx tsc -b).

const OPEN_DELAYS = Number(process.env.BENCH_OPEN_DELAYS ?? 20_000);
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 20;

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN;

type BenchConfig = ReturnType<typeof loadConfig>;

const COUNCILS = ['E08000012', 'E08000011', 'E08000014'] as const;
const REASONS = readModels.SITREP_REASONS.slice(0, 6);

/** 20,000 people waiting, as the projector stores them: the entries and every queue index. */
async function seedOpenDelays(redis: Redis, keys: readModels.ReadModelKeys): Promise<void> {
  const started = Date.now() - 30 * 86_400_000;
  for (let i = 0; i < OPEN_DELAYS; i += 1000) {
    const multi = redis.multi();
    for (let j = i; j < Math.min(OPEN_DELAYS, i + 1000); j++) {
      const readySince = new Date(started + j * 60_000).toISOString();
      const personKey = randomBytes(16).toString('base64url').slice(0, 22);
      const reason = REASONS[j % REASONS.length] ?? 'AWAITING_P1_NEW_PACKAGE';
      const entry: readModels.QueueEntry = {
        ...awaitingPackageEntry(personKey, readySince, {
          nhsNumber: null,
          spellId: `S${j}`,
          trust: 'RHF',
          site: `RHF0${j % 3}`,
          ward: `W${j % 20}`,
          pathway: j % 10 < 5 ? 'P0' : 'P1',
        }),
        council: COUNCILS[j % COUNCILS.length] ?? null,
        delayReason: reason,
        sitrepReason: reason,
      };
      const score = Date.parse(readySince);
      multi.hset(keys.queueEntry, personKey, JSON.stringify(entry));
      for (const index of keys.queueIndexesOf(entry)) multi.zadd(index, score, personKey);
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
  const codec = createCodec(config, audit.prefix);
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
    // Through the live alias, as `serve` reads (a versioned namespace: the alias is resolved per request).
    reader: new LiveReadModelReader(
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

const tokenFor = (role: string, org?: string): Promise<string> =>
  testApiToken({ role, subject: `bench-${role}`, ...(org !== undefined && { org }) }, BENCH_SECRET);

/**
 * The mix each connection cycles through: an admin's whole queue and single filters (site, ward,
 * reason), two filters, a council user (its own referrals), a council user on one ward, a trust user on
 * one pathway — the views a discharge hub's and a brokerage team's boards open.
 */
async function requestMix(): Promise<{ path: string; headers: Record<string, string> }[]> {
  const [admin, council, trust] = await Promise.all([
    tokenFor('admin'),
    tokenFor('council', 'E08000012'),
    tokenFor('trust', 'RHF'),
  ]);
  const as = (token: string, query: string): { path: string; headers: Record<string, string> } => ({
    path: `/api/v1/queue?pageSize=50${query}`,
    headers: { authorization: `Bearer ${token}` },
  });
  return [
    as(admin, ''),
    as(admin, '&site=RHF01'),
    as(admin, '&ward=W3'),
    as(admin, `&reason=${REASONS[1] ?? ''}`),
    as(admin, '&site=RHF02&pathway=P1'),
    as(council, ''),
    as(council, '&ward=W7'),
    as(trust, '&pathway=P1'),
  ];
}

function report(result: autocannon.Result, baseline: number[], profile: ProfileSummary | undefined): void {
  const output = {
    benchmark: 'api-queue',
    audit: process.env.BENCH_AUDIT === 'off' ? 'off' : 'durable, one PersonRecordsRead per page returned',
    openDelays: OPEN_DELAYS,
    mix: 'admin all, site, ward, reason, site+pathway; council all, council+ward; trust+pathway (page of 50)',
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
    ...(profile !== undefined && { profileOfLoadPhase: profile }),
  };
  console.log(JSON.stringify(output, null, 2));
}

async function main(): Promise<void> {
  const config = loadConfig();
  const run = `bench-${randomBytes(4).toString('hex')}`;
  // Versioned like the deployed default (rm:v1:): the API resolves the live alias as it does in service.
  const namespace = `rm:${run}:v1:`;
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
  const requests = await requestMix();

  const load = (): Promise<autocannon.Result> =>
    autocannon({
      url: `http://127.0.0.1:${port}`,
      requests,
      connections: CONNECTIONS,
      duration: DURATION_S,
      // The load generator runs in its own thread, as a real client would, not on the server's event loop.
      workers: 1,
    });
  // BENCH_PROFILE=1: the API's CPU profile during the load phase (the server's thread; the load generator's
  // worker thread is not in it), summarised by self time into the JSON.
  if (process.env.BENCH_PROFILE === '1') {
    const { result, profile } = await profiling(load);
    report(result, baseline, summariseCpuProfile(profile, 25));
  } else report(await load(), baseline, undefined);

  await app.close();
  await new Promise((r) => setTimeout(r, 2000)); // let in-flight audit writes settle before the topics go
  await producer.disconnect();
  await deleteCatalogueTopics(kafka, prefix);
  await deleteRedisKeys(redis, `rm:${run}:`);
  redis.disconnect();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
