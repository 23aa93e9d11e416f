import { setTimeout as sleep } from 'node:timers/promises';
import {
  createKafka,
  createLogger,
  createProducer,
  loadConfig,
  sendDurably,
  type HubConfig,
} from '@homefirst/runtime';
import {
  connectedRedis,
  createCatalogueTopics,
  deleteCatalogueTopics,
  deleteRedisKeys,
  numberArgument,
  stackCodec,
  uniqueName,
  uniqueTopicPrefix,
} from '@homefirst/testing';
import { readModels, type EventCodec } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import type { Kafka, Producer } from 'kafkajs';
import { readQueuePage } from '../redis/read-models';
import { ReadModelWriter } from '../redis/writer';
import { PersonStory, testNhsNumbers } from '../testing/corpus';
import { seededRandom } from '../testing/population';
import {
  HOSPITAL,
  bareConsumer,
  decodingConsumer,
  longStayChunks,
  measureRebuild,
  produce,
  round,
  storyChunks,
} from './rebuild';

/**
 * Benchmark (not a test), every figure next to its physical limit in the same run:
 *   1. rebuild: the projector (`homefirst-projector run`, in processes of its own) projecting a topic of N
 *      events (default 1,000,000) from offset 0, vs a bare kafkajs consumer reading the same topics; the
 *      projector's peak RSS during it; and a consumer that only Avro-decodes (the ceiling of any projector);
 *   2. end-to-end latency, connector ACK (durable publish resolved) → read model updated (the writer's
 *      transaction committed, seen on the `changes` channel), at 1,000 events/s sustained (--latency-rate), same processes;
 *   3. queue page latency with 20,000 open delays (the API's access path);
 *   4. history length: rebuilds of people with 10, 100 and 2,000 events each (the cost of an event must not
 *      grow with its person's history).
 * Usage: npm run bench:project -w @homefirst/projector [-- --events 100000 --latency-seconds 30]
 *   options: --open-delays, --batch-size, --concurrency, --processes (projector processes, one group),
 *   --heap-mb (the projector's --max-old-space-size, default 144, with 8 MB semi-spaces; 0: Node's defaults),
 *   --history-events (events per history scenario, default 100,000; 0 skips it)
 * Prints one JSON object. Uses the local stack (HOMEFIRST_* variables) with its own topics and namespaces.
 */

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;

/** What every phase of the run uses. */
interface BenchRun {
  readonly config: HubConfig;
  readonly kafka: Kafka;
  readonly codec: EventCodec;
  /** Reads (offsets, queue pages) on their own connection. */
  readonly redis: Redis;
  readonly keys: readModels.ReadModelKeys;
}

/** The projector processes' settings from the command line. */
const projectorSettings = (): Record<string, string> => ({
  HOMEFIRST_PROJECTOR_BATCH_SIZE: String(numberArgument('batch-size', 500)),
  HOMEFIRST_PROJECTOR_CONCURRENCY: String(numberArgument('concurrency', 3)),
  // V8 grows its heap far past the live set when let; the projector is run with its heap capped, as
  // `homefirst up` runs it (services/cli/src/services/catalogue.ts).
  ...(numberArgument('heap-mb', 144) > 0 && {
    NODE_OPTIONS: `--max-old-space-size=${numberArgument('heap-mb', 144)} --max-semi-space-size=8`,
  }),
});

/** Resolves when the writer has committed past `offset` of a partition, as announced on the `changes` channel. */
async function committedWatcher(
  subscriber: Redis,
  keys: readModels.ReadModelKeys,
): Promise<(topic: string, partition: number, offset: number) => Promise<void>> {
  const committed = new Map<string, number>();
  const waiters = new Map<string, { offset: number; resolve: () => void }[]>();
  await subscriber.subscribe(keys.changes);
  subscriber.on('message', (_channel: string, text: string) => {
    const change = JSON.parse(text) as { topic: string; partition: number; nextOffset: number };
    const key = `${change.topic}:${change.partition}`;
    committed.set(key, Math.max(committed.get(key) ?? 0, change.nextOffset));
    const pending = waiters.get(key) ?? [];
    waiters.set(
      key,
      pending.filter((waiter) => {
        if (waiter.offset >= change.nextOffset) return true;
        waiter.resolve();
        return false;
      }),
    );
  });
  return (topic, partition, offset) => {
    const key = `${topic}:${partition}`;
    if ((committed.get(key) ?? 0) > offset) return Promise.resolve();
    return new Promise((resolve) => waiters.set(key, [...(waiters.get(key) ?? []), { offset, resolve }]));
  };
}

/** 2. Latency: `rate` events/s through the durable publish, each waited for on the changes channel. */
async function measureLatency(
  run: BenchRun,
  producer: Producer,
  subscriber: Redis,
  latencySeconds: number,
  rate: number,
  rssMbPeak: () => number,
): Promise<Record<string, unknown>> {
  const visible = await committedWatcher(subscriber, run.keys);
  const numbers = testNhsNumbers(800_000);
  const latencies: number[] = [];
  const inflight: Promise<void>[] = [];
  const total = rate * latencySeconds;
  const begin = performance.now();
  for (let i = 0; i < total; i += 1) {
    const due = begin + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const nhs = numbers.next().value as string;
    const event = new PersonStory(nhs).admitted(new Date().toISOString());
    inflight.push(
      (async () => {
        const topic = `${run.config.topicPrefix}${HOSPITAL}`;
        const [metadata] = await sendDurably(producer, {
          topic,
          messages: [
            {
              key: event.personKey,
              value: await run.codec.encode(HOSPITAL, event),
            },
          ],
        });
        const acked = performance.now();
        if (metadata === undefined) return;
        await visible(topic, metadata.partition, Number(metadata.baseOffset));
        latencies.push(performance.now() - acked);
      })(),
    );
  }
  const sendingMs = performance.now() - begin;
  await Promise.all(inflight);
  latencies.sort((a, b) => a - b);
  return {
    eventsPerSecond: rate,
    // Below `rate` when the publishes could not keep up (each is awaited only for its latency).
    achievedEventsPerSecond: round((total * 1000) / sendingMs),
    seconds: latencySeconds,
    samples: latencies.length,
    ackToReadModelMs: {
      p50: round(percentile(latencies, 0.5)),
      p99: round(percentile(latencies, 0.99)),
      max: round(latencies.at(-1) ?? Number.NaN),
    },
    target: 'p99 < 100 ms at 1,000 events/s sustained (design.md)',
    projectorRssMbPeak: rssMbPeak(),
  };
}

/** People ready for discharge and still in, spread over two sites, 30 wards and 20 days. */
async function seedOpenDelays(
  writer: ReadModelWriter,
  openDelays: number,
  random: () => number,
): Promise<void> {
  const waiting = testNhsNumbers(600_000);
  let offset = 0;
  for (let i = 0; i < openDelays; i += 500) {
    const batch = [];
    for (let j = 0; j < 500 && i + j < openDelays; j += 1) {
      const person = new PersonStory(waiting.next().value as string, {
        location: {
          site: random() < 0.5 ? 'REM01' : 'REM02',
          ward: `WARD ${Math.floor(random() * 30)}`,
          room: null,
          bed: null,
        },
      });
      const ready = new Date(Date.parse('2025-03-01T00:00:00Z') + random() * 20 * 86_400_000).toISOString();
      batch.push({
        offset: offset++,
        event: person.ready(ready, { pathway: random() < 0.5 ? 'P1' : 'P2' }),
      });
    }
    await writer.applyBatch('bench.queue', 0, batch, 0);
  }
}

/** 3. Queue pages with 20,000 open delays (the API's access path), in a namespace of their own. */
async function measureQueuePages(
  redis: Redis,
  writerRedis: Redis,
  openDelays: number,
): Promise<Record<string, unknown>> {
  const queueKeys = new readModels.ReadModelKeys(`${uniqueName('bench-queue')}:`);
  const random = seededRandom(5);
  await seedOpenDelays(new ReadModelWriter(writerRedis, queueKeys), openDelays, random);
  const timings: number[] = [];
  const filters = [
    {},
    { site: 'REM01' },
    { pathway: 'P2' as const },
    { site: 'REM02', pathway: 'P1' as const },
    { ward: 'WARD 7' },
  ];
  for (let i = 0; i < 1000; i += 1) {
    const t0 = performance.now();
    await readQueuePage(
      redis,
      queueKeys,
      new Date('2025-03-25T12:00:00Z'),
      filters[i % filters.length] ?? {},
      { page: 1 + Math.floor(random() * 20), pageSize: 50 },
    );
    timings.push(performance.now() - t0);
  }
  timings.sort((a, b) => a - b);
  const queuePage = {
    openDelays: await redis.zcard(queueKeys.queue),
    pageSize: 50,
    queries: timings.length,
    ms: { p50: round(percentile(timings, 0.5), 2), p99: round(percentile(timings, 0.99), 2) },
    target: 'p99 < 20 ms (design.md, for the API)',
  };
  await deleteRedisKeys(redis, queueKeys.namespace);
  return queuePage;
}

/** 4. Rebuilds of people with 10, 100 and 2,000 events each, each on topics and a namespace of its own. */
async function measureHistoryLengths(
  hub: HubConfig,
  kafka: Kafka,
  codec: EventCodec,
  redis: Redis,
  events: number,
): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = { eventsPerScenario: events };
  for (const perPerson of [10, 100, 2_000]) {
    const config = { ...hub, topicPrefix: uniqueTopicPrefix(`bench-h${perPerson}`) };
    const keys = new readModels.ReadModelKeys(`${uniqueName(`bench-h${perPerson}`)}:`);
    await createCatalogueTopics(kafka, config.topicPrefix);
    try {
      process.stderr.write(`history: people of ${perPerson} events…\n`);
      await produce(config, kafka, codec, longStayChunks(events, perPerson, 200_000));
      const rebuild = await measureRebuild(redis, keys, config, events, 1, projectorSettings());
      await rebuild.fleet.stop();
      result[`eventsPerPerson${perPerson}`] = {
        eventsPerSecond: Math.round(rebuild.eventsPerSecond),
        projectorCpuMicrosPerEvent: rebuild.cpuMicrosPerEvent,
        projectorRssMbPeak: rebuild.rssMbPeak,
      };
      process.stderr.write(`${JSON.stringify(result[`eventsPerPerson${perPerson}`])}\n`);
    } finally {
      await deleteRedisKeys(redis, keys.namespace).catch(() => undefined);
      await deleteCatalogueTopics(kafka, config.topicPrefix);
    }
  }
  return result;
}

async function main(): Promise<void> {
  const events = numberArgument('events', 1_000_000);
  const latencySeconds = numberArgument('latency-seconds', 30);
  const latencyRate = numberArgument('latency-rate', 1_000);
  const openDelays = numberArgument('open-delays', 20_000);
  const processes = numberArgument('processes', 1);
  const historyEvents = numberArgument('history-events', 100_000);
  const config = loadConfig({ ...process.env, HOMEFIRST_TOPIC_PREFIX: uniqueTopicPrefix('bench') });
  const logger = createLogger({ name: 'bench', level: 'warn' }, process.stderr);
  const kafka = createKafka(config, logger);
  const codec = stackCodec(config);
  const connect = (): Promise<Redis> => connectedRedis(config);
  const [redis, writerRedis, subscriber] = await Promise.all([connect(), connect(), connect()]);
  const keys = new readModels.ReadModelKeys(`${uniqueName('bench-rm')}:`);
  const run: BenchRun = { config, kafka, codec, redis, keys };
  await createCatalogueTopics(kafka, config.topicPrefix);
  const report: Record<string, unknown> = { events, partitions: 6, projectorProcesses: processes };
  try {
    process.stderr.write(`producing ${events} events…\n`);
    const produced = await produce(config, kafka, codec, storyChunks(events, 1, 0));
    report.produceSeconds = round(produced.seconds);

    process.stderr.write('bare consumer…\n');
    const bare = await bareConsumer(config, kafka, events);

    process.stderr.write('decoding consumer…\n');
    const decoding = await decodingConsumer(config, kafka, codec, events);

    process.stderr.write('rebuild…\n');
    const rebuild = await measureRebuild(redis, keys, config, events, processes, projectorSettings());
    report.throughput = {
      bareConsumerEventsPerSecond: Math.round(bare),
      projectionEventsPerSecond: Math.round(rebuild.eventsPerSecond),
      ratio: round(rebuild.eventsPerSecond / bare, 3),
      target: '≥ 0.7 (design.md)',
      // What decoding alone leaves of the bare rate: no projector that reads the events can beat it.
      decodingConsumerEventsPerSecond: Math.round(decoding),
      decodingConsumerRatio: round(decoding / bare, 3),
      projectorCpuMicrosPerEvent: rebuild.cpuMicrosPerEvent,
      projectorRssMbPeakDuringRebuild: rebuild.rssMbPeak,
      rssTarget: '< 256 MB (design.md)',
    };
    process.stderr.write(`${JSON.stringify(report.throughput)}\n`);

    process.stderr.write(`latency at ${latencyRate} events/s for ${latencySeconds} s…\n`);
    rebuild.fleet.resetPeak();
    const producer = createProducer(kafka);
    await producer.connect();
    try {
      report.latency = await measureLatency(run, producer, subscriber, latencySeconds, latencyRate, () =>
        rebuild.fleet.peakMb(),
      );
    } finally {
      await producer.disconnect();
      await rebuild.fleet.stop();
    }
    process.stderr.write(`${JSON.stringify(report.latency)}\n`);

    process.stderr.write(`queue pages with ${openDelays} open delays…\n`);
    report.queuePage = await measureQueuePages(redis, writerRedis, openDelays);

    if (historyEvents > 0)
      report.historyLength = await measureHistoryLengths(config, kafka, codec, redis, historyEvents);
  } finally {
    await deleteRedisKeys(redis, keys.namespace).catch(() => undefined);
    await deleteCatalogueTopics(kafka, config.topicPrefix);
    redis.disconnect();
    writerRedis.disconnect();
    subscriber.disconnect();
  }
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

void main()
  .then(() => process.exit(0))
  .catch((err: unknown) => {
    process.stderr.write(
      `bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  });
