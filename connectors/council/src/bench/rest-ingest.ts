import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createKafka, createLogger, createProducer, sendBatchDurably } from '@homefirst/runtime';
import { councilTopic, rawTopic } from '@homefirst/schemas';
import {
  createCatalogueTopics,
  deleteCatalogueTopics,
  httpLoad,
  latencyStats,
  runBenchmark,
  uniqueTopicPrefix,
  type LatencyStats,
} from '@homefirst/testing';
import type { Kafka, TopicMessages } from 'kafkajs';
import { loadCouncilConfig } from '../config';
import { RECORDS_PATH } from '../http/server';
import { CouncilEdge } from '../testing/edge';
import { testNhsNumber } from '../testing/generate';

/**
 * Benchmark (not a test): council REST ingest — N requests of one record each, from `concurrency` keep-alive
 * senders in a worker thread (the councils' systems are other machines), each answered only once Kafka
 * acknowledged its raw body and its event — next to a bare kafkajs producer (idempotent, acks=all) writing
 * the same two records per request, of the same sizes, with the same concurrency, to the same broker in the
 * same run. Prints one JSON document.
 *
 *   node connectors/council/dist/bench/rest-ingest.js [--requests 5000] [--concurrency 32]
 *
 * Uses the stack in HOMEFIRST_* (default: the local one), its own topic and Redis key prefixes, and deletes
 * them afterwards.
 */

const TOKEN = 'bench-rest-ingest-token-00000001';

const option = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  const value = at > 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
};

/** One referral record per request, each a different person (no duplicates, no order checks failing). */
const bodyOf = (tag: string, i: number): Buffer =>
  Buffer.from(
    JSON.stringify([
      {
        recordId: `BENCH-${tag}-${i}`,
        councilCode: 'E08000012',
        nhsNumber: testNhsNumber(i),
        event: 'referral_received',
        occurredAt: '2025-01-06T09:30:00+00:00',
        pathway: 1,
        hospitalOdsCode: 'REM',
        hospitalSpellId: `V${i}`,
        referralId: `REF-${tag}-${i}`,
      },
    ]),
  );

/** The bare producer: per request, a raw record the size of the body (plus its envelope) and an event. */
async function bare(
  kafka: Kafka,
  prefix: string,
  bodies: readonly Buffer[],
  concurrency: number,
): Promise<LatencyStats & { seconds: number }> {
  const producer = createProducer(kafka);
  await producer.connect();
  // Sizes of the connector's records: the raw event wraps the body in ~200 bytes; a ReferralReceived ~300.
  const event = randomBytes(300);
  const requests: TopicMessages[][] = bodies.map((body, i) => [
    {
      topic: `${prefix}${rawTopic.name}`,
      messages: [{ key: 'E08000012', value: randomBytes(body.length + 200) }],
    },
    { topic: `${prefix}${councilTopic.name}`, messages: [{ key: `person-${i}`, value: event }] },
  ]);
  try {
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < requests.length; i = next++) {
          const t0 = performance.now();
          await sendBatchDurably(producer, { topicMessages: requests[i] ?? [] });
          latencies[i] = performance.now() - t0;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { ...latencyStats(latencies, seconds), seconds: Math.round(seconds * 100) / 100 };
  } finally {
    await producer.disconnect();
  }
}

async function main(): Promise<void> {
  const requests = option('--requests', 5_000);
  const concurrency = option('--concurrency', 32);
  const warmup = Math.min(500, requests);
  const tag = Date.now().toString(36);
  const bodies = Array.from({ length: warmup + requests }, (_, i) => bodyOf(tag, i));

  const barePrefix = uniqueTopicPrefix('bench-rest-bare');
  const logger = createLogger({ name: 'bench-rest', level: 'warn' }, process.stderr);
  const kafka = createKafka(loadCouncilConfig(process.env, { requireTokens: false }).hub, logger);
  await createCatalogueTopics(kafka, barePrefix);
  const edge = new CouncilEdge('bench-rest', { tokens: new Map([[TOKEN, 'E08000012']]) });
  try {
    await bare(kafka, barePrefix, bodies.slice(requests), concurrency); // warm-up
    const bareStats = await bare(kafka, barePrefix, bodies.slice(0, requests), concurrency);

    await edge.start();
    const url = `${edge.base}${RECORDS_PATH}`;
    const load = { url, token: TOKEN, concurrency, expect: 200 } as const;
    const warm = await httpLoad({ ...load, bodies: bodies.slice(requests) });
    const cpu = process.cpuUsage();
    const run = await httpLoad({ ...load, bodies: bodies.slice(0, requests) });
    const used = process.cpuUsage(cpu);
    const failures = [...warm.failures, ...run.failures];
    if (failures.length > 0)
      throw new Error(`${failures.length} requests failed, e.g. ${failures.slice(0, 3).join('; ')}`);
    const rest = {
      ...latencyStats(run.latencies, run.seconds),
      seconds: Math.round(run.seconds * 100) / 100,
      // The connector's CPU (its own process; the senders are a worker thread of it): steadier than the rate.
      cpuMicrosPerRequest: Math.round((used.user + used.system) / requests),
    };
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: 'council REST (one record per request) vs a bare kafkajs producer, same concurrency',
          requests,
          concurrency,
          rest,
          bareKafkajs: bareStats,
          ratio: Math.round((rest.msgsPerSec / bareStats.msgsPerSec) * 100) / 100,
          records: 'per request: raw copy + ReferralReceived, acks=all',
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await edge.stop();
    await deleteCatalogueTopics(kafka, barePrefix);
  }
}

runBenchmark(main);
