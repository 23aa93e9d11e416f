import { uniqueName, waitFor } from '@homefirst/testing';
import { createProducer } from '@homefirst/runtime';
import { readModels, type DeadLetterEvent } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { projectAll } from '../offline/project';
import { readSnapshot } from '../redis/read-models';
import { ReadModelWriter } from '../redis/writer';
import { population } from '../testing/population';
import { ProjectorStack } from '../testing/projector-stack';
import { codecFor, publishEvents, quietLogger } from '../testing/stack';
import { LiveProjector } from './live-projector';

const { ReadModelKeys } = readModels;
type ReadModelKeys = readModels.ReadModelKeys;

// The live projector against the real Kafka, registry and Redis.

const HOSPITAL = 'homefirst.hospital.events.v1';

/** Fetches of a few records and windows of a few dozen: every batch held, aligned and paced in a rebuild. */
const SMALL_WINDOWS = {
  batchSize: 20,
  windowLag: 10,
  windowMessages: 40,
  cachedPersons: 15,
  fetchBytesPerPartition: 3_000,
  sessionTimeoutMs: 6_000,
} as const;

describe('live projector (real stack)', () => {
  const stack = new ProjectorStack();
  const { config, prefix } = stack;
  const logger = quietLogger();
  let kafka: Kafka;
  let redis: Redis;
  let writerRedis: Redis;
  let keys: ReadModelKeys;
  const rebuildKeys = new ReadModelKeys(`${uniqueName('it-live-windows')}:`);
  const started: LiveProjector[] = [];
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    await stack.start();
    ({ kafka, redis } = stack);
    writerRedis = await stack.connectRedis();
    keys = new ReadModelKeys(`${uniqueName('it-live')}:`);
  });
  afterAll(async () => {
    for (const projector of started) await projector.stop().catch(() => undefined);
    for (const close of closers) await close().catch(() => undefined);
    writerRedis.disconnect();
    await stack.stop([keys.namespace, rebuildKeys.namespace]);
  });

  /** Waits until Redis holds the end offset of every partition of both topics. */
  const caughtUp = (): Promise<void> => stack.waitForProjection(keys, 60_000);

  const events = population({
    persons: 150,
    seed: 11,
    start: new Date('2025-03-01T00:00:00Z'),
    spreadHours: 24 * 6,
  });
  const [first, second] = [events.slice(0, 700), events.slice(700)];

  it('given events on both topics, when the projector runs, then Redis holds exactly the offline projection', async () => {
    await publishEvents(config, first);
    const deadLetters = createProducer(kafka);
    await deadLetters.connect();
    closers.push(() => deadLetters.disconnect());
    const projector = new LiveProjector({
      kafka,
      codec: codecFor(config),
      writer: new ReadModelWriter(writerRedis, keys),
      producer: deadLetters,
      topicPrefix: prefix,
      groupId: uniqueName('it-live-group'),
      logger,
      batchSize: 100,
      sessionTimeoutMs: 6_000,
    });
    started.push(projector);
    await projector.start();
    await caughtUp();
    expect(await readSnapshot(redis, keys)).toEqual(projectAll(first));

    await publishEvents(config, second);
    await caughtUp();
    expect(await readSnapshot(redis, keys)).toEqual(projectAll(events));
    expect(Object.values(await projector.lag()).every((lag) => lag === 0)).toBe(true);
  });

  it('given a rebuild in small fetches and windows (held batches, alignment, pacing, a small person cache), then Redis holds exactly the offline projection', async () => {
    const [rebuilt, secondRedis, producer] = [rebuildKeys, await stack.connectRedis(), createProducer(kafka)];
    await producer.connect();
    closers.push(
      () => producer.disconnect(),
      () => Promise.resolve(secondRedis.disconnect()),
    );
    const projector = new LiveProjector({
      kafka,
      codec: codecFor(config),
      writer: [new ReadModelWriter(writerRedis, rebuilt), new ReadModelWriter(secondRedis, rebuilt)],
      producer,
      topicPrefix: prefix,
      groupId: uniqueName('it-live-windows-group'),
      logger,
      ...SMALL_WINDOWS,
    });
    started.push(projector);
    await projector.start();
    await stack.waitForProjection(rebuilt, 90_000);
    expect(await readSnapshot(redis, rebuilt)).toEqual(projectAll(events));
  });

  it('given bytes no codec can read, then they go to the dead-letter topic with their origin and the projector moves on', async () => {
    const producer = createProducer(kafka);
    await producer.connect();
    await producer.send({
      topic: `${prefix}${HOSPITAL}`,
      acks: -1,
      messages: [{ key: 'garbage', value: Buffer.from('not avro at all') }],
    });
    await producer.disconnect();
    await caughtUp();

    const codec = codecFor(config);
    const consumer = kafka.consumer({ groupId: uniqueName('it-dlq'), maxWaitTimeInMs: 100 });
    const letters: DeadLetterEvent[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: `${prefix}homefirst.deadletter.v1`, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.value) letters.push(await codec.decode('homefirst.deadletter.v1', message.value));
      },
    });
    await waitFor('the dead letter', () => Promise.resolve(letters.length > 0 ? true : undefined), 30_000);
    await consumer.disconnect();
    expect(letters[0]?.payload).toMatchObject({
      stage: 'PROJECT',
      errorCode: 'MALFORMED_MESSAGE',
      originalTopic: `${prefix}${HOSPITAL}`,
      input: Buffer.from('not avro at all'),
    });
    expect(await readSnapshot(redis, keys)).toEqual(projectAll(events));
  });
});
