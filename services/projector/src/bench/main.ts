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
  uniqueName,
  uniqueTopicPrefix,
} from '@homefirst/testing';
import { readModels, EventCodec, createRegistryClient } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import type { Kafka, Message, Producer } from 'kafkajs';
import { LiveProjector } from '../consumer/live-projector';
import { streamOf, type ProjectedEvent } from '../person/journal';
import { readQueuePage } from '../redis/read-models';
import { ReadModelWriter } from '../redis/writer';
import { PersonStory, isHospitalEvent, testNhsNumbers } from '../testing/corpus';
import { seededRandom, storyOf } from '../testing/population';

const { ReadModelKeys } = readModels;
type ReadModelKeys = readModels.ReadModelKeys;

/**
 * Benchmark (not a test), every figure next to its physical limit in the same run:
 *   1. projection throughput over a topic of N events (default 1,000,000) vs a bare kafkajs consumer
 *      reading the same topics;
 *   2. end-to-end latency, connector ACK (durable publish resolved) → read model updated (the writer's
 *      transaction committed, seen on the `changes` channel), at 200 events/s sustained;
 *   3. queue page latency with 20,000 open delays (the API's access path).
 * Usage: npm run bench:project -w @homefirst/projector [-- --events 100000 --latency-seconds 30]
 * Prints one JSON object. Uses the local stack (HOMEFIRST_* variables) with its own topics and namespace.
 */

const HOSPITAL = 'homefirst.hospital.events.v1';
const COUNCIL = 'homefirst.council.events.v1';

const argument = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? undefined : Number(process.argv[index + 1]);
  return value !== undefined && Number.isFinite(value) ? value : fallback;
};

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** Generates people until `count` events, in chunks (a million events never sit in memory at once). */
function* eventChunks(count: number, seed: number, firstNhsNumber: number): Generator<ProjectedEvent[]> {
  const random = seededRandom(seed);
  const numbers = testNhsNumbers(firstNhsNumber);
  const start = Date.parse('2024-01-01T00:00:00Z');
  let produced = 0;
  let chunk: ProjectedEvent[] = [];
  while (produced < count) {
    const next = numbers.next();
    if (next.done === true) throw new RangeError('ran out of test NHS numbers');
    const story = storyOf(next.value, random, start + random() * 365 * 86_400_000).slice(0, count - produced);
    produced += story.length;
    chunk.push(...story);
    if (chunk.length >= 5_000) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

async function produce(
  config: HubConfig,
  kafka: Kafka,
  codec: EventCodec,
  count: number,
): Promise<{ seconds: number }> {
  const producer = createProducer(kafka);
  await producer.connect();
  const started = performance.now();
  for (const chunk of eventChunks(count, 1, 0)) {
    const byTopic = new Map<string, Message[]>([
      [`${config.topicPrefix}${HOSPITAL}`, []],
      [`${config.topicPrefix}${COUNCIL}`, []],
    ]);
    for (const event of chunk) {
      const value = isHospitalEvent(event)
        ? await codec.encode(HOSPITAL, event)
        : await codec.encode(COUNCIL, event);
      byTopic
        .get(`${config.topicPrefix}${streamOf(event.type) === 'hospital' ? HOSPITAL : COUNCIL}`)
        ?.push({ key: event.personKey, value });
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic.entries()].map(([topic, messages]) => ({ topic, messages })),
    });
  }
  await producer.disconnect();
  return { seconds: (performance.now() - started) / 1000 };
}

async function bareConsumer(config: HubConfig, kafka: Kafka, count: number): Promise<number> {
  const consumer = kafka.consumer({ groupId: uniqueName('bench-bare'), maxBytes: 10_485_760 });
  await consumer.connect();
  await consumer.subscribe({
    topics: [`${config.topicPrefix}${HOSPITAL}`, `${config.topicPrefix}${COUNCIL}`],
    fromBeginning: true,
  });
  let seen = 0;
  let started = 0;
  const done = new Promise<number>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        if (started === 0) started = performance.now();
        seen += batch.messages.length;
        if (seen >= count) resolve(performance.now());
        await Promise.resolve();
      },
    });
  });
  const ended = await done;
  await consumer.disconnect();
  return count / ((ended - started) / 1000);
}

async function storedTotal(redis: Redis, keys: ReadModelKeys, prefix: string): Promise<number> {
  const names = [HOSPITAL, COUNCIL].flatMap((topic) =>
    [0, 1, 2, 3, 4, 5].map((p) => keys.offset(`${prefix}${topic}`, p)),
  );
  const values = await redis.mget(...names);
  return values.reduce((sum, value) => sum + Number(value ?? 0), 0);
}

/** What every phase of the run uses. */
interface BenchRun {
  readonly config: HubConfig;
  readonly kafka: Kafka;
  readonly codec: EventCodec;
  /** Reads (offsets, queue pages) on their own connection. */
  readonly redis: Redis;
  readonly keys: ReadModelKeys;
}

/** Peak resident memory, sampled every 250 ms; reset at the start of each phase. */
function rssSampler(): { peakMb: () => number; reset: () => void; stop: () => void } {
  let peakRss = 0;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 250);
  return {
    peakMb: () => Math.round(peakRss / 1_048_576),
    reset: () => {
      peakRss = 0;
    },
    stop: () => clearInterval(timer),
  };
}

/** 1. The live projector rebuilding every event already on the topics, against the bare consumer's rate. */
async function measureThroughput(
  run: BenchRun,
  projector: LiveProjector,
  events: number,
  bare: number,
  rss: ReturnType<typeof rssSampler>,
): Promise<Record<string, unknown>> {
  const started = performance.now();
  await projector.start();
  while ((await storedTotal(run.redis, run.keys, run.config.topicPrefix)) < events) await sleep(50);
  const projection = events / ((performance.now() - started) / 1000);
  return {
    bareConsumerEventsPerSecond: Math.round(bare),
    projectionEventsPerSecond: Math.round(projection),
    ratio: round(projection / bare, 3),
    target: '≥ 0.7 (design.md)',
    rssMbPeakDuringRebuild: rss.peakMb(),
  };
}

/** Resolves when the writer has committed past `offset` of a partition, as announced on the `changes` channel. */
async function committedWatcher(
  subscriber: Redis,
  keys: ReadModelKeys,
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

/** 2. Latency: 200 events/s through the durable publish, each waited for on the changes channel. */
async function measureLatency(
  run: BenchRun,
  producer: Producer,
  subscriber: Redis,
  latencySeconds: number,
  rss: ReturnType<typeof rssSampler>,
): Promise<Record<string, unknown>> {
  const visible = await committedWatcher(subscriber, run.keys);
  const numbers = testNhsNumbers(800_000);
  const latencies: number[] = [];
  const inflight: Promise<void>[] = [];
  const total = 200 * latencySeconds;
  const begin = performance.now();
  for (let i = 0; i < total; i += 1) {
    const due = begin + (i * 1000) / 200;
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
  await Promise.all(inflight);
  latencies.sort((a, b) => a - b);
  return {
    eventsPerSecond: 200,
    seconds: latencySeconds,
    samples: latencies.length,
    ackToReadModelMs: {
      p50: round(percentile(latencies, 0.5)),
      p99: round(percentile(latencies, 0.99)),
      max: round(latencies.at(-1) ?? Number.NaN),
    },
    target: 'p99 < 200 ms (design.md)',
    rssMbPeak: rss.peakMb(),
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
  const queueKeys = new ReadModelKeys(`${uniqueName('bench-queue')}:`);
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

async function main(): Promise<void> {
  const events = argument('events', 1_000_000);
  const latencySeconds = argument('latency-seconds', 30);
  const openDelays = argument('open-delays', 20_000);
  const config = loadConfig({ ...process.env, HOMEFIRST_TOPIC_PREFIX: uniqueTopicPrefix('bench') });
  const logger = createLogger({ name: 'bench', level: 'warn' });
  const kafka = createKafka(config, logger);
  const codec = new EventCodec({
    registry: createRegistryClient({ url: config.registry.url }),
    prefix: config.topicPrefix,
  });
  const connect = (): Promise<Redis> => connectedRedis(config);
  const writerConnections = await Promise.all(Array.from({ length: argument('concurrency', 3) }, connect));
  const [redis, writerRedis, subscriber] = await Promise.all([connect(), connect(), connect()]);
  const keys = new ReadModelKeys(`${uniqueName('bench-rm')}:`);
  const run: BenchRun = { config, kafka, codec, redis, keys };
  await createCatalogueTopics(kafka, config.topicPrefix);
  const report: Record<string, unknown> = { events, partitions: 6 };
  const rss = rssSampler();
  try {
    process.stderr.write(`producing ${events} events…\n`);
    const produced = await produce(config, kafka, codec, events);
    report.produceSeconds = round(produced.seconds);

    process.stderr.write('bare consumer…\n');
    const bare = await bareConsumer(config, kafka, events);

    process.stderr.write('projection…\n');
    const producer = createProducer(kafka);
    await producer.connect();
    const projector = new LiveProjector({
      kafka,
      codec,
      writer: writerConnections.map((connection) => new ReadModelWriter(connection, keys)),
      producer,
      topicPrefix: config.topicPrefix,
      groupId: uniqueName('bench-projector'),
      logger,
      batchSize: argument('batch-size', 1000),
    });
    report.throughput = await measureThroughput(run, projector, events, bare, rss);
    process.stderr.write(`${JSON.stringify(report.throughput)}\n`);

    process.stderr.write(`latency at 200 events/s for ${latencySeconds} s…\n`);
    rss.reset();
    report.latency = await measureLatency(run, producer, subscriber, latencySeconds, rss);
    process.stderr.write(`${JSON.stringify(report.latency)}\n`);
    await projector.stop();
    await producer.disconnect();

    process.stderr.write(`queue pages with ${openDelays} open delays…\n`);
    report.queuePage = await measureQueuePages(redis, writerRedis, openDelays);
  } finally {
    rss.stop();
    await deleteRedisKeys(redis, keys.namespace).catch(() => undefined);
    await deleteCatalogueTopics(kafka, config.topicPrefix);
    redis.disconnect();
    writerRedis.disconnect();
    subscriber.disconnect();
    for (const connection of writerConnections) connection.disconnect();
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
