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
  settleRedisPersistence,
  summariseCpuProfile,
  type ProfileSummary,
} from '@homefirst/testing';
import type autocannon from 'autocannon';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Producer } from 'kafkajs';
import { kafkaAuditSink } from '../audit';
import { createTokenVerifier } from '../auth/verify';
import { ALIAS_TTL_MS, LiveReadModelReader } from '../live-reader';
import { registerReadRoutes } from '../routes/read-models';
import { buildServer } from '../server';
import { testApiToken } from '../testing/api-token';
import { awaitingPackageEntry } from '../testing/queue-entry';
import { bareReads, seedEndpointModels } from './endpoints';
import { changeEntries, redisCpu, runLoad } from './queue-load';

// Benchmark (not a test): GET /api/v1/queue (page of 50, audited; a mix of filters and role scopes) with
// 20,000 open delays under 20 concurrent connections, next to the bare Redis reads an unfiltered page
// needs (ZRANGE + HMGET) in the same run; then the tracker, weekly, KPI and journey endpoints, each next to its
// own bare Redis reads. Prints JSON; BENCH_PROFILE=1 adds the queue load phase's CPU profile, BENCH_ENDPOINTS=off
// measures the queue alone. Needs the local stack (npx homefirst stack up) and a build (npx tsc -b).

const OPEN_DELAYS = Number(process.env.BENCH_OPEN_DELAYS ?? 20_000);
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 20;

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN;

type BenchConfig = ReturnType<typeof loadConfig>;

const COUNCILS = ['E08000012', 'E08000011', 'E08000014'] as const;
const REASONS = readModels.SITREP_REASONS.slice(0, 6);

type Person = Parameters<typeof seedEndpointModels>[2][number];

/** 20,000 people waiting, as the projector stores them: the entries and every queue index. */
async function seedOpenDelays(redis: Redis, keys: readModels.ReadModelKeys): Promise<Person[]> {
  const people: Person[] = [];
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
      people.push({
        personKey,
        readySince,
        site: entry.site ?? '',
        ward: entry.ward ?? '',
        trust: entry.trust,
      });
      multi.hset(keys.queueEntry, personKey, JSON.stringify(entry));
      for (const index of keys.queueIndexesOf(entry)) multi.zadd(index, score, personKey);
    }
    await multi.exec();
  }
  return people;
}

/** A baseline: `read` in 20 concurrent loops for the run's duration; sorted milliseconds. */
async function timeBareReads(
  read: (loop: number, i: number) => Promise<unknown>,
): Promise<number[] & { cpuMicros?: number }> {
  const baseline: number[] & { cpuMicros?: number } = [];
  const before = process.cpuUsage();
  const until = Date.now() + DURATION_S * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, loop) => {
      for (let i = 0; Date.now() < until; i += 1) {
        const t0 = process.hrtime.bigint();
        await read(loop, i);
        baseline.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const used = process.cpuUsage(before);
  baseline.sort((a, b) => a - b);
  baseline.cpuMicros = used.user + used.system;
  return baseline;
}

/** Baseline: the Redis reads one queue page needs (ZRANGE + HMGET). */
const timeBareRedisPages = (redis: Redis, keys: readModels.ReadModelKeys): Promise<number[]> =>
  timeBareReads(async () => {
    const members = await redis.zrange(keys.queue, 0, 49);
    await redis.hmget(keys.queueEntry, ...members);
  });

/**
 * What the load generator saw of the API, and the server process's CPU per request (the load generator runs in
 * a process of its own): what a request costs, whatever else the machine is doing.
 */
const apiFigures = (
  result: autocannon.Result & { generatorCpuMicros?: number },
  cpuMicros: number,
): Record<string, number> => ({
  requestsPerSec: result.requests.average,
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  non2xx: result.non2xx,
  errors: result.errors,
  cpuMicrosPerRequest: Math.round(cpuMicros / Math.max(1, result.requests.total)),
  // The load generator's CPU per request (the same two cores serve both).
  generatorCpuMicrosPerRequest: Math.round(
    (result.generatorCpuMicros ?? 0) / Math.max(1, result.requests.total),
  ),
});

/** One endpoint under load next to its own bare Redis baseline. */
async function measureEndpoint(
  port: number,
  requests: { path: string; headers: Record<string, string> }[],
  bare: (loop: number, i: number) => Promise<unknown>,
): Promise<Record<string, unknown>> {
  // The previous phase's requests still in the server finish before this baseline starts (same process).
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const baseline = await timeBareReads(bare);
  const { result, cpuMicros } = await runLoad({
    url: `http://127.0.0.1:${port}`,
    requests,
    connections: CONNECTIONS,
    duration: DURATION_S,
  });
  const barePerSec = baseline.length / DURATION_S;
  return {
    api: apiFigures(result, cpuMicros),
    bareRedis: {
      readsPerSec: barePerSec,
      p50Ms: percentile(baseline, 0.5),
      p99Ms: percentile(baseline, 0.99),
      cpuMicrosPerRead: Math.round((baseline.cpuMicros ?? 0) / Math.max(1, baseline.length)),
    },
    ratio: Math.round((1000 * result.requests.average) / barePerSec) / 1000,
  };
}

const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret-000';

/** The API as `serve` wires it (read routes, durable audit unless BENCH_AUDIT=off), on a free port. */
async function startApi(
  config: BenchConfig,
  namespace: string,
  audit: { producer: Producer; prefix: string; logger: Logger },
): Promise<{ app: FastifyInstance; port: number; apiRedis: Redis; reader: LiveReadModelReader }> {
  const codec = createCodec(config, audit.prefix);
  // Its own connection, as `serve` makes it (main.ts), not the one the baseline reads on.
  const apiRedis = await connectedRedis(config, { autoPipelining: true });
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
  const reader = new LiveReadModelReader(
    apiRedis,
    () => createRedis(config),
    namespace,
    readModels.DEFAULT_VIEW_CONFIG,
    ALIAS_TTL_MS,
    // As `serve`: pages kept while the read models do not change (BENCH_KEEP_PAGES=off: every page read afresh).
    process.env.BENCH_KEEP_PAGES !== 'off',
  );
  registerReadRoutes(app, {
    // Through the live alias, as `serve` reads (a versioned namespace: the alias is resolved per request).
    reader,
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
  return { app, port, apiRedis, reader };
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

function report(
  { result, cpuMicros }: { result: autocannon.Result; cpuMicros: number },
  baseline: number[] & { cpuMicros?: number },
  profile: ProfileSummary | undefined,
): Record<string, unknown> {
  return {
    benchmark: 'api-queue',
    audit: process.env.BENCH_AUDIT === 'off' ? 'off' : 'durable, one PersonRecordsRead per page returned',
    openDelays: OPEN_DELAYS,
    mix: 'admin all, site, ward, reason, site+pathway; council all, council+ward; trust+pathway (page of 50)',
    connections: CONNECTIONS,
    seconds: DURATION_S,
    api: apiFigures(result, cpuMicros),
    bareRedisPage: {
      pagesPerSec: baseline.length / DURATION_S,
      p50Ms: percentile(baseline, 0.5),
      p99Ms: percentile(baseline, 0.99),
      cpuMicrosPerPage: Math.round((baseline.cpuMicros ?? 0) / Math.max(1, baseline.length)),
    },
    ratioP99: result.latency.p99 / percentile(baseline, 0.99),
    // Requests/s over the bare page reads/s of the same run.
    ratioThroughput: Math.round((1000 * result.requests.average) / (baseline.length / DURATION_S)) / 1000,
    targets: { p99Ms: 20, ratioThroughput: 0.3 },
    ...(profile !== undefined && { profileOfLoadPhase: profile }),
  };
}

/**
 * The other endpoints, each under the same load next to its own bare Redis reads: the tracker (a page of 50,
 * admin / trust / council, with and without a site filter), the weekly figures, the KPIs and one person's
 * journey (a different person each request).
 */
async function measureOtherEndpoints(
  redis: Redis,
  keys: readModels.ReadModelKeys,
  port: number,
  people: readonly Person[],
): Promise<Record<string, unknown>> {
  const { journeys } = await seedEndpointModels(redis, keys, people);
  await settleRedisPersistence(redis);
  const [admin, council, trust] = await Promise.all([
    tokenFor('admin'),
    tokenFor('council', 'E08000012'),
    tokenFor('trust', 'RHF'),
  ]);
  const get = (token: string, path: string) => ({ path, headers: { authorization: `Bearer ${token}` } });
  const kpiNames = [...readModels.KPI_NAMES];
  return {
    tracker: await measureEndpoint(
      port,
      [
        get(admin, '/api/v1/tracker?pageSize=50'),
        get(trust, '/api/v1/tracker?pageSize=50'),
        get(council, '/api/v1/tracker?pageSize=50'),
        get(admin, '/api/v1/tracker?pageSize=50&site=RHF01'),
      ],
      () => bareReads.tracker(redis, keys),
    ),
    weekly: await measureEndpoint(
      port,
      [get(admin, '/api/v1/tracker/weekly?weeks=12'), get(council, '/api/v1/tracker/weekly?weeks=12')],
      () => bareReads.weekly(redis, keys),
    ),
    kpis: await measureEndpoint(port, [get(admin, '/api/v1/kpis'), get(trust, '/api/v1/kpis')], () =>
      bareReads.kpis(redis, keys, kpiNames),
    ),
    journey: await measureEndpoint(
      port,
      journeys.slice(0, 500).map((personKey) => get(admin, `/api/v1/people/${personKey}/journey`)),
      (loop, i) => bareReads.journey(redis, keys, journeys[(loop * 25 + i) % 500] ?? ''),
    ),
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const run = `bench-${randomBytes(4).toString('hex')}`;
  // Versioned like the deployed default (rm:v1:): the API resolves the live alias as it does in service.
  const namespace = `rm:${run}:v1:`;
  const prefix = `${run}.`;
  const logger = createLogger({ name: 'bench', level: 'warn' }, process.stderr);
  const redis = await connectedRedis(config);
  const keys = new readModels.ReadModelKeys(namespace);

  const people = await seedOpenDelays(redis, keys);
  // The seeding's writes would otherwise set off an append-only-file rewrite (a fork) in the middle of a phase.
  await settleRedisPersistence(redis);
  const baseline = await timeBareRedisPages(redis, keys);

  const kafka = createKafka(config, logger);
  await createCatalogueTopics(kafka, prefix, { partitions: 1 });
  const producer = createProducer(kafka);
  await producer.connect();
  const { app, port, apiRedis, reader } = await startApi(config, namespace, { producer, prefix, logger });
  const requests = await requestMix();

  // The load generator runs in a process of its own, as a real client would, not on the server's event loop.
  let redisCpuMicros = 0;
  let changesMade = 0;
  const load = async () => {
    const before = await redisCpu(redis);
    const changing = changeEntries(redis, keys, people);
    const loaded = await runLoad({
      url: `http://127.0.0.1:${port}`,
      requests,
      connections: CONNECTIONS,
      duration: DURATION_S,
    });
    changesMade = await changing.stop();
    redisCpuMicros = (await redisCpu(redis)) - before;
    return loaded;
  };
  // BENCH_PROFILE=1: the API's CPU profile during the load phase, summarised by self time into the JSON.
  let output: Record<string, unknown>;
  if (process.env.BENCH_PROFILE === '1') {
    const { result, profile } = await profiling(load);
    output = report(result, baseline, summariseCpuProfile(profile, 25));
  } else output = report(await load(), baseline, undefined);
  // Redis's CPU per request in the load phase (the machine's cores serve the server, the generator and Redis).
  output.changesPerSec = changesMade / DURATION_S;
  const api = output.api as Record<string, number>;
  api.redisCpuMicrosPerRequest = Math.round(
    redisCpuMicros / Math.max(1, (api.requestsPerSec ?? 0) * DURATION_S),
  );
  // BENCH_ENDPOINTS=off: the queue alone.
  if (process.env.BENCH_ENDPOINTS !== 'off')
    output.otherEndpoints = await measureOtherEndpoints(redis, keys, port, people);
  console.log(JSON.stringify(output, null, 2));

  await app.close();
  reader.close();
  apiRedis.disconnect();
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
