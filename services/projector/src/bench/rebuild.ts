import { setTimeout as sleep } from 'node:timers/promises';
import { createProducer, type HubConfig } from '@homefirst/runtime';
import { consumerRate, cpuSecondsOf, decodingConsumerRate, rssMbOf, uniqueName } from '@homefirst/testing';
import { type readModels, type EventCodec, type Location } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import type { Kafka, Message } from 'kafkajs';
import { streamOf, type ProjectedEvent } from '../person/journal';
import { AINTREE, PersonStory, ROYAL, isHospitalEvent, testNhsNumbers } from '../testing/corpus';
import { seededRandom, storyOf } from '../testing/population';
import { startProjector, type ProjectorProcess } from '../testing/process';

type ReadModelKeys = readModels.ReadModelKeys;

/**
 * The rebuild part of the benchmark: topics filled with N events, a bare kafkajs consumer reading them, and
 * the projector — the real `homefirst-projector run`, in processes of its own so their RSS is the
 * projector's alone — rebuilding its read models from offset 0.
 */

export const HOSPITAL = 'homefirst.hospital.events.v1';
export const COUNCIL = 'homefirst.council.events.v1';
const PARTITIONS = [0, 1, 2, 3, 4, 5];

export const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * People until `count` events in all, in chunks of about 5,000 events: `storyOf` gives the events of the
 * person with this test NHS number, `produced` events into the run (the last person's story is cut at `count`).
 */
function* peopleChunks(
  count: number,
  firstNhsNumber: number,
  storyOf: (nhsNumber: string, produced: number) => ProjectedEvent[],
): Generator<ProjectedEvent[]> {
  const numbers = testNhsNumbers(firstNhsNumber);
  let produced = 0;
  let chunk: ProjectedEvent[] = [];
  while (produced < count) {
    const next = numbers.next();
    if (next.done === true) throw new RangeError('ran out of test NHS numbers');
    const story = storyOf(next.value, produced).slice(0, count - produced);
    produced += story.length;
    chunk.push(...story);
    if (chunk.length >= 5_000) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Generates people (realistic stays, 3–15 events each) until `count` events, in chunks. */
export function storyChunks(
  count: number,
  seed: number,
  firstNhsNumber: number,
): Generator<ProjectedEvent[]> {
  const random = seededRandom(seed);
  const start = Date.parse('2024-01-01T00:00:00Z');
  return peopleChunks(count, firstNhsNumber, (nhsNumber) =>
    storyOf(nhsNumber, random, start + random() * 365 * 86_400_000),
  );
}

/**
 * One stay of exactly `n` events (n ≥ 3): admitted, n − 3 updates (ward transfers and new expected discharge
 * dates, as a long stay with frequent A08s sends), ready, discharged. The bench's own generator until
 * src/testing exports one.
 */
export function longStay(nhsNumber: string, n: number, admittedAtMs: number): ProjectedEvent[] {
  const person = new PersonStory(nhsNumber, { location: ROYAL });
  const at = (minutes: number): string => new Date(admittedAtMs + minutes * 60_000).toISOString();
  const events: ProjectedEvent[] = [person.admitted(at(0))];
  for (let i = 1; i <= n - 3; i += 1) {
    if (i % 2 === 0) {
      const ward: Location = i % 4 === 0 ? ROYAL : AINTREE;
      events.push(person.transferred(at(i * 10), ward));
    } else {
      const date = new Date(admittedAtMs + (2 + (i % 20)) * 86_400_000).toISOString().slice(0, 10);
      events.push(person.expectedDischarge(at(i * 10), date));
    }
  }
  events.push(person.ready(at((n - 2) * 10), { pathway: 'P1' }));
  events.push(person.discharged(at((n - 1) * 10)));
  return events;
}

/** People of `perPerson` events each until `count` events, in chunks. */
export const longStayChunks = (
  count: number,
  perPerson: number,
  firstNhsNumber: number,
): Generator<ProjectedEvent[]> =>
  peopleChunks(count, firstNhsNumber, (nhsNumber, produced) =>
    longStay(nhsNumber, perPerson, Date.parse('2024-06-01T00:00:00Z') + produced * 1_000),
  );

/** Produces the events (keyed by personKey, acks=all) to the prefix's person topics. */
export async function produce(
  config: HubConfig,
  kafka: Kafka,
  codec: EventCodec,
  chunks: Iterable<ProjectedEvent[]>,
): Promise<{ seconds: number }> {
  const producer = createProducer(kafka);
  await producer.connect();
  const started = performance.now();
  for (const chunk of chunks) {
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

const personTopics = (config: HubConfig): string[] => [
  `${config.topicPrefix}${HOSPITAL}`,
  `${config.topicPrefix}${COUNCIL}`,
];

/** A bare kafkajs consumer reading every event of the person topics: events/s from its first batch. */
export const bareConsumer = (config: HubConfig, kafka: Kafka, count: number): Promise<number> =>
  consumerRate(kafka, personTopics(config), count);

/** The floor under any projector: the bare consumer that also Avro-decodes every value. */
export const decodingConsumer = (
  config: HubConfig,
  kafka: Kafka,
  codec: EventCodec,
  count: number,
): Promise<number> => decodingConsumerRate(kafka, codec, personTopics(config), count);

/** Records projected under `keys`: the sum of the offsets stored with the read models. */
export async function storedTotal(redis: Redis, keys: ReadModelKeys, prefix: string): Promise<number> {
  const names = [HOSPITAL, COUNCIL].flatMap((topic) =>
    PARTITIONS.map((p) => keys.offset(`${prefix}${topic}`, p)),
  );
  const values = await redis.mget(...names);
  return values.reduce((sum, value) => sum + Number(value ?? 0), 0);
}

/** Projector processes (`homefirst-projector run --no-sweep`, one consumer group) and their peak RSS. */
export class ProjectorFleet {
  readonly processes: ProjectorProcess[] = [];
  private peak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(count: number, env: Record<string, string>) {
    for (let i = 0; i < count; i += 1) this.processes.push(startProjector(['run', '--no-sweep'], env));
    this.timer = setInterval(() => this.sample(), 200);
  }

  private sample(): void {
    for (const { child } of this.processes) {
      const rss = rssMbOf(child.pid);
      if (Number.isFinite(rss)) this.peak = Math.max(this.peak, rss);
    }
  }

  async running(): Promise<void> {
    await Promise.all(this.processes.map((process) => process.running()));
  }

  /** Highest RSS of any one projector process since the last reset, MB. */
  peakMb(): number {
    this.sample();
    return Math.round(this.peak);
  }

  /** CPU seconds all projector processes have used so far. */
  cpuSeconds(): number {
    return this.processes.reduce((sum, { child }) => sum + cpuSecondsOf(child.pid), 0);
  }

  resetPeak(): void {
    this.peak = 0;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.processes.map((process) => process.kill('SIGTERM')));
  }
}

/** The environment of a projector process on the bench's topics, namespace and group. */
export const projectorEnv = (
  config: HubConfig,
  keys: ReadModelKeys,
  extra: Record<string, string>,
): Record<string, string> => ({
  HOMEFIRST_TOPIC_PREFIX: config.topicPrefix,
  HOMEFIRST_READMODEL_NAMESPACE: keys.namespace,
  HOMEFIRST_PROJECTOR_GROUP: uniqueName('bench-projector'),
  HOMEFIRST_HTTP_PORT: '0',
  HOMEFIRST_LOG_LEVEL: 'info',
  ...extra,
});

/**
 * Starts the projector processes and measures the rebuild of `events` events: from the moment they joined the
 * group (logged "projector running") until Redis holds the offsets after every event. Leaves them running.
 */
export async function measureRebuild(
  redis: Redis,
  keys: ReadModelKeys,
  config: HubConfig,
  events: number,
  processes: number,
  env: Record<string, string>,
): Promise<{
  fleet: ProjectorFleet;
  eventsPerSecond: number;
  seconds: number;
  rssMbPeak: number;
  cpuMicrosPerEvent: number;
}> {
  const fleet = new ProjectorFleet(processes, projectorEnv(config, keys, env));
  await fleet.running();
  const started = performance.now();
  const cpuBefore = fleet.cpuSeconds();
  while ((await storedTotal(redis, keys, config.topicPrefix)) < events) await sleep(50);
  const seconds = (performance.now() - started) / 1000;
  const cpuMicrosPerEvent = round(((fleet.cpuSeconds() - cpuBefore) * 1e6) / events);
  return { fleet, eventsPerSecond: events / seconds, seconds, rssMbPeak: fleet.peakMb(), cpuMicrosPerEvent };
}
