import { writeFileSync } from 'node:fs';
import {
  createKafka,
  createLogger,
  createTopicsAndWait,
  loadConfig,
  type HubConfig,
  withAdmin,
} from '@homefirst/runtime';
import {
  allocationProfiling,
  createCatalogueTopics,
  deleteCatalogueTopics,
  gcPauses,
  type GcPauses,
  numberArgument,
  profiling,
  runBenchmark,
  summariseCpuProfile,
  uniqueName,
  uniqueTopicPrefix,
} from '@homefirst/testing';
import { Partitioners, type Kafka } from 'kafkajs';
import { FeedRouter } from '../consumer/feed-router';
import { ROUTER_FETCH } from '../consumer/settings';
import { requestsOf } from '../consumer/requests';
import { ensureRouterTopics, routerTopics } from '../consumer/topics';
import { CITY_COUNCILS, city } from '../testing/population';
import { codecFor, deleteTopics, publishEvents } from '../testing/stack';

/**
 * Benchmark (not a test): feed routing throughput next to its physical limit in the same run — a bare
 * kafkajs loop that consumes the same hospital and council events and produces each one again (acks=all,
 * the router's fetch sizes, each batch sent in the router's produce requests), measured before and after
 * the router. The router runs in this process with its
 * transactions (feeds + state + offsets per batch), from offset 0 of a topic it has never read.
 * Usage: npm run bench:route -w @homefirst/feed-router [-- --persons 5000]
 * Prints one JSON object. Uses the local stack (HOMEFIRST_* variables) with its own topics. Each run gives its
 * main thread's GC pauses; the router's, the heap it holds once done (after a full collection when Node runs
 * with --expose-gc, as bench:route and the suite do: its routing state and templates, the figure to hold
 * against the Deployment's memory limit).
 */

const round = (value: number): number => Math.round(value * 100) / 100;

interface Run {
  readonly ms: number;
  readonly eventsPerSecond: number;
  /** This process's CPU time (user + system, every thread: JavaScript, GC, libuv) per event. */
  readonly cpuMicrosPerEvent: number;
  /** The main thread's garbage-collection pauses while the clock ran. */
  readonly gc: GcPauses;
}

/** A run's figures; `cpu` is the process's CPU time used while its clock ran (process.cpuUsage(start)). */
const runOf = (events: number, ms: number, cpu: NodeJS.CpuUsage, gc: GcPauses): Run => ({
  ms: Math.round(ms),
  eventsPerSecond: Math.round((events * 1000) / ms),
  cpuMicrosPerEvent: round((cpu.user + cpu.system) / events),
  gc,
});

/** The bare loop: consume both topics, produce every value again to one topic; until `events` were produced. */
async function bareLoop(
  kafka: Kafka,
  config: HubConfig,
  output: string,
  events: number,
): Promise<Run & { msToFirstBatch: number }> {
  const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
  let first = 0;
  // The router's fetch sizes: the same events arrive in the same batches.
  const consumer = kafka.consumer({ groupId: uniqueName('bench-bare'), ...ROUTER_FETCH });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({
    topics: [
      `${config.topicPrefix}homefirst.hospital.events.v1`,
      `${config.topicPrefix}homefirst.council.events.v1`,
    ],
    fromBeginning: true,
  });
  let produced = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  let finished = 0;
  let cpuAtFinish: NodeJS.CpuUsage | undefined;
  let gcAtFinish: GcPauses | undefined;
  const gc = gcPauses();
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        const messages = batch.messages.map((m) => ({ key: m.key, value: m.value }));
        // In requests under the broker's message.max.bytes, as the router sends (a fetch holds up to 2 MiB).
        for (const request of requestsOf([{ topic: output, messages }]))
          await producer.sendBatch({ topicMessages: request, acks: -1 });
        produced += batch.messages.length;
        if (first === 0) first = performance.now() - started;
        if (produced >= events && finished === 0) {
          finished = performance.now();
          cpuAtFinish = process.cpuUsage(cpu);
          gcAtFinish = gc();
          resolve();
        }
      },
    });
  });
  await done;
  await consumer.disconnect();
  await producer.disconnect();
  return {
    ...runOf(events, finished - started, cpuAtFinish ?? process.cpuUsage(cpu), gcAtFinish ?? gc()),
    msToFirstBatch: Math.round(first),
  };
}

async function routerRun(kafka: Kafka, config: HubConfig, events: number, concurrency: number) {
  const topics = routerTopics(config.topicPrefix, CITY_COUNCILS);
  const router = new FeedRouter({
    kafka,
    codec: codecFor(config),
    topics,
    groupId: uniqueName('bench-router'),
    logger: createLogger({ name: 'bench-router', level: 'warn' }, process.stderr),
    concurrency,
    onFatal: (error) => (failure = error),
  });
  let failure: Error | undefined;
  const gc = gcPauses();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await router.start();
  let firstBatch = 0;
  while (router.counts.consumed < events) {
    if (failure !== undefined) throw failure;
    if (firstBatch === 0 && router.counts.consumed > 0) firstBatch = performance.now() - started;
    await new Promise((done) => setTimeout(done, 5));
  }
  const ms = performance.now() - started;
  const run = runOf(events, ms, process.cpuUsage(cpu), gc());
  // What the router holds once its work is done: the heap after a full collection, when --expose-gc.
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  const heapUsedMb = Math.round(memory.heapUsed / 1_048_576);
  // Buffers' memory is outside the heap: the router's kept events are small buffers (kept-events.ts).
  const arrayBuffersMb = Math.round(memory.arrayBuffers / 1_048_576);
  await router.stop();
  return {
    ...run,
    msToFirstCommit: Math.round(firstBatch),
    feedEvents: router.counts.routed,
    transactions: router.counts.transactions,
    stateWrites: router.counts.stateWrites,
    heapUsedMb,
    arrayBuffersMb,
  };
}

async function main(): Promise<void> {
  const persons = numberArgument('persons', 5_000);
  const concurrency = numberArgument('concurrency', 3);
  const config = loadConfig({ ...process.env, HOMEFIRST_TOPIC_PREFIX: uniqueTopicPrefix('bench-route') });
  const kafka = createKafka(config, createLogger({ name: 'bench-route', level: 'warn' }, process.stderr));
  const topics = routerTopics(config.topicPrefix, CITY_COUNCILS);
  const output = `${config.topicPrefix}bench.bare.out`;
  await retried(() => createCatalogueTopics(kafka, config.topicPrefix));
  await withAdmin(kafka, async (admin) => {
    // kafkajs' waitForLeaders gives up on Kafka 4's first UNKNOWN_TOPIC_OR_PARTITION; runtime's waits.
    await createTopicsAndWait(admin, [{ topic: output, numPartitions: 6 }]);
    await retried(() => ensureRouterTopics(admin, topics));
  });
  try {
    const events = await publishCity(kafka, config, persons);
    const bareBefore = await bareLoop(kafka, config, output, events);
    // BENCH_PROFILE=1: the router run's CPU profile (this process: the router and kafkajs), by self time.
    const profiled =
      process.env.BENCH_PROFILE === '1'
        ? await profiling(() => routerRun(kafka, config, events, concurrency))
        : undefined;
    // BENCH_ALLOC_PROFILE_OUT=file: what the router run allocates, by stack (a .heapprofile), instead.
    const allocations =
      profiled === undefined && process.env.BENCH_ALLOC_PROFILE_OUT
        ? await allocationProfiling(() => routerRun(kafka, config, events, concurrency))
        : undefined;
    if (allocations !== undefined && process.env.BENCH_ALLOC_PROFILE_OUT)
      writeFileSync(process.env.BENCH_ALLOC_PROFILE_OUT, JSON.stringify(allocations.profile));
    const router =
      profiled?.result ?? allocations?.result ?? (await routerRun(kafka, config, events, concurrency));
    // BENCH_PROFILE_OUT=file: the whole profile too, for a closer look (a caller tree) than the summary.
    if (profiled !== undefined && process.env.BENCH_PROFILE_OUT)
      writeFileSync(process.env.BENCH_PROFILE_OUT, JSON.stringify(profiled.profile));
    const bareAfter = await bareLoop(kafka, config, output, events);
    const bare = (bareBefore.eventsPerSecond + bareAfter.eventsPerSecond) / 2;
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: 'feed routing vs a bare kafkajs consume-and-produce loop (same events, same run)',
          persons,
          events,
          councils: CITY_COUNCILS,
          concurrency,
          bareBefore,
          router,
          bareAfter,
          ratio: round(router.eventsPerSecond / bare),
          // Steadier than the rates on a shared machine: the bare loops' CPU per event over the router's.
          cpuRatio: round(
            (bareBefore.cpuMicrosPerEvent + bareAfter.cpuMicrosPerEvent) / 2 / router.cpuMicrosPerEvent,
          ),
          target: 0.5,
          ...(profiled !== undefined && { profileOfRouterRun: summariseCpuProfile(profiled.profile, 40) }),
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await deleteTopics(kafka, [topics.state, output, ...topics.feeds.values()]);
    await deleteCatalogueTopics(kafka, config.topicPrefix);
  }
}

/**
 * Publishes the city's events and returns how many: the events themselves are not kept. Held for the whole
 * run (about 1 KB each), they would be live heap that every garbage collection of the measured loops marks —
 * a cost no router in production pays, larger for the loop that allocates more.
 */
async function publishCity(kafka: Kafka, config: HubConfig, persons: number): Promise<number> {
  const events = city({ persons, seed: 2026, cancellations: true });
  await publishEvents(kafka, config, events, 1_000);
  return events.length;
}

/** Topic metadata lags a moment behind a creation on a busy broker: try again a few times. */
async function retried(work: () => Promise<void>, attempts = 10): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((done) => setTimeout(done, 500));
    }
  }
}

// Open Kafka connections must not keep a finished (or failed) benchmark alive.
runBenchmark(() => main().finally(() => setTimeout(() => process.exit(), 2_000).unref()));
