import { ReadPosition, uniqueName, waitFor, waitForHighWatermark } from '@homefirst/testing';
import { createProducer } from '@homefirst/runtime';
import { readModels, type AlertEvent } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import type { Kafka, Producer } from 'kafkajs';
import { projectAll } from '../offline/project';
import type { ProjectedEvent } from '../person/journal';
import { readQueuePage, readSnapshot } from '../redis/read-models';
import { ReadModelWriter } from '../redis/writer';
import { DeadlineSweeper } from '../sweeper/sweeper';
import { AINTREE, PersonStory, ROYAL, testNhsNumber } from '../testing/corpus';
import { population } from '../testing/population';
import { ProjectorStack } from '../testing/projector-stack';
import { codecFor, publishEvents, quietLogger } from '../testing/stack';
import { LiveProjector } from './live-projector';

const { trackerStatus, ReadModelKeys } = readModels;
type QueueEntry = readModels.QueueEntry;
type TrackerEpisode = readModels.TrackerEpisode;
type ReadModelKeys = readModels.ReadModelKeys;

// A realistic day (Tuesday 11 March 2025) at Liverpool University Hospitals and Liverpool City Council,
// published the way the connectors publish (runtime's EventPublisher, durable), projected live, then
// the queue and the 48-hour tracker checked in Redis at 18:00 — and the sweeper's alerts, exactly once.

jest.setTimeout(180_000);

const NOW = new Date('2025-03-11T18:00:00Z');

const story = (n: number, location = ROYAL): PersonStory =>
  new PersonStory(testNhsNumber(700 + n), { location });
const mrsA = story(0); // P1, waiting for home care, deadline tonight
const mrB = story(1); // P0, home the same day
const msC = story(2, AINTREE); // P2, waiting for a reablement bed since Saturday
const mrD = story(3); // ready, then unwell again
const mrsE = story(4, AINTREE); // the council's events arrive before the hospital's

const day: { readonly council: ProjectedEvent[]; readonly hospital: ProjectedEvent[] } = {
  council: [
    mrsE.referred('2025-03-11T09:00:00Z'),
    mrsE.packageRequested('2025-03-11T10:00:00Z', 'HOME_CARE'),
    mrsE.sourced('2025-03-11T14:00:00Z', '2025-03-13'),
  ],
  hospital: [
    mrsA.admitted('2025-03-07T14:00:00Z'),
    mrsA.ready('2025-03-09T20:00:00Z', { pathway: 'P1' }),
    mrsA.referred('2025-03-10T09:30:00Z'),
    mrsA.assessed('2025-03-10T15:00:00Z'),
    mrsA.packageRequested('2025-03-10T16:00:00Z', 'REABLEMENT_AT_HOME'),
    mrsA.providerOffered('2025-03-11T09:00:00Z'),
    mrsA.providerDeclined('2025-03-11T12:00:00Z'),
    mrB.admitted('2025-03-10T02:00:00Z'),
    mrB.ready('2025-03-11T08:00:00Z', { pathway: 'P0' }),
    mrB.discharged('2025-03-11T15:00:00Z', 'P0'),
    msC.admitted('2025-03-04T11:00:00Z'),
    msC.ready('2025-03-08T10:00:00Z', { pathway: 'P2' }),
    msC.referred('2025-03-08T12:00:00Z', 'P2'),
    msC.packageRequested('2025-03-09T10:00:00Z', 'REABLEMENT_BED'),
    mrD.admitted('2025-03-08T10:00:00Z'),
    mrD.ready('2025-03-10T10:00:00Z', {
      pathway: 'P1',
      delay: { reason: 'AWAITING_THERAPY_DECISION', attribution: 'NHS' },
    }),
    mrD.withdrawn('2025-03-11T11:00:00Z'),
    mrsE.admitted('2025-03-08T16:00:00Z'),
    mrsE.ready('2025-03-10T16:00:00Z', { pathway: 'P1' }),
  ],
};
// The rest of the two hospitals: a week of admissions around the day, all on the same streams.
const background = population({
  persons: 300,
  seed: 311,
  start: new Date('2025-03-04T00:00:00Z'),
  spreadHours: 24 * 7,
  firstNhsNumber: 2000,
}).filter((event) => event.occurredAt <= NOW);

// One stack, one day of events and one live projector for the file.
const stack = new ProjectorStack();
const { config, prefix } = stack;
const keys = new ReadModelKeys(`${uniqueName('it-day')}:`);
let kafka: Kafka;
let redis: Redis;
let writerRedis: Redis;
let producer: Producer;
let projector: LiveProjector;
const all = [...day.council, ...day.hospital, ...background];

beforeAll(async () => {
  await stack.start();
  ({ kafka, redis } = stack);
  writerRedis = await stack.connectRedis();
  producer = createProducer(kafka);
  await producer.connect();
  // Council first, then the hospital's day, then everyone else.
  await publishEvents(config, day.council);
  await publishEvents(config, day.hospital);
  await publishEvents(config, background);
  projector = new LiveProjector({
    kafka,
    codec: codecFor(config),
    writer: new ReadModelWriter(writerRedis, keys),
    producer,
    topicPrefix: prefix,
    groupId: uniqueName('it-day-group'),
    logger: quietLogger(),
    sessionTimeoutMs: 6_000,
  });
  await projector.start();
  const total = await stack.published();
  await waitFor('the day to be projected', async () =>
    Object.values(await projector.lag()).every((lag) => lag === 0) && total === all.length ? true : undefined,
  );
});
afterAll(async () => {
  await projector.stop();
  await producer.disconnect();
  writerRedis.disconnect();
  await stack.stop([keys.namespace]);
});

const entryOf = async (person: PersonStory): Promise<QueueEntry | null> => {
  const text = await redis.hget(keys.queueEntry, person.personKey);
  return text === null ? null : (JSON.parse(text) as QueueEntry);
};
const episodesOf = async (person: PersonStory): Promise<TrackerEpisode[]> =>
  Object.values(await redis.hgetall(keys.trackerEpisode))
    .map((text) => JSON.parse(text) as TrackerEpisode)
    .filter((episode) => episode.personKey === person.personKey);

describe('a realistic day through the live projector (real stack): the queue', () => {
  it('holds the queue: who waits, where, on which pathway, and why', async () => {
    expect(await entryOf(mrsA)).toMatchObject({
      site: 'REM01',
      ward: 'WARD 7Y',
      pathway: 'P1',
      delayReason: 'AWAITING_P1_CARE_AT_HOME',
      council: 'E08000012',
    });
    expect(await entryOf(msC)).toMatchObject({
      site: 'REM02',
      pathway: 'P2',
      delayReason: 'AWAITING_P2_BED',
      // Requested from the council's brokerage: social care's (docs/delay-attribution.md).
      attribution: 'SOCIAL_CARE',
    });
    expect(await entryOf(mrsE)).toMatchObject({
      pathway: 'P1',
      delayReason: 'AWAITING_PACKAGE_START',
      attribution: 'SOCIAL_CARE',
    });
    expect(await entryOf(mrB)).toBeNull();
    expect(await entryOf(mrD)).toBeNull();
    const page = await readQueuePage(
      redis,
      keys,
      NOW,
      { site: 'REM02', pathway: 'P2' },
      { page: 1, pageSize: 100 },
    );
    expect(page.items.map((item) => item.personKey)).toContain(msC.personKey);
    expect(page.items.every((item) => item.site === 'REM02' && item.pathway === 'P2')).toBe(true);
    expect(page.items.find((item) => item.personKey === msC.personKey)).toMatchObject({
      excessBedDays: 3,
      costGbp: 1200,
    });
  });
});

describe('a realistic day through the live projector (real stack): tracker, offline equality and alerts', () => {
  it('holds the 48-hour tracker: at risk, breached, met, withdrawn, on track at 18:00', async () => {
    const status = async (person: PersonStory): Promise<string[]> =>
      (await episodesOf(person)).map((episode) => trackerStatus(episode, NOW));
    expect(await status(mrsA)).toEqual(['at_risk']);
    expect(await status(msC)).toEqual(['breached']);
    expect(await status(mrB)).toEqual(['met']);
    expect(await status(mrD)).toEqual(['withdrawn']);
    expect(await status(mrsE)).toEqual(['on_track']);
  });

  it('equals the offline projection of the same events', async () => {
    expect(await readSnapshot(redis, keys)).toEqual(projectAll(all));
  });

  it('when two sweepers race at 18:00, then each due alert is published exactly once', async () => {
    // As `run` and `sweep` do at start-up: register the alerts schema first (two processes registering the same
    // new subject at the same instant can get a 409 from Apicurio — see README, limits).
    const sweeperCodec = codecFor(config);
    await sweeperCodec.prepare(['homefirst.alerts.v1']);
    const sweeper = (): DeadlineSweeper =>
      new DeadlineSweeper({
        redis,
        keys,
        producer,
        codec: sweeperCodec,
        topicPrefix: prefix,
        atRiskHours: 12,
        logger: quietLogger(),
      });
    const [one, two] = await Promise.all([sweeper().sweep(NOW), sweeper().sweep(NOW)]);
    expect(one.due).toBeGreaterThan(2);
    expect(one.published + two.published).toBe(one.due);
    expect((await sweeper().sweep(NOW)).published).toBe(0);

    const codec = codecFor(config);
    const alerts: AlertEvent[] = [];
    const alertsTopic = `${prefix}homefirst.alerts.v1`;
    const read = new ReadPosition();
    const consumer = kafka.consumer({ groupId: uniqueName('it-alerts'), maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: alertsTopic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        if (message.value) alerts.push(await codec.decode('homefirst.alerts.v1', message.value));
        read.handled(topic, partition, message.offset);
      },
    });
    await waitFor('the alerts', () => Promise.resolve(alerts.length >= one.due ? true : undefined), 30_000);
    // Every alert the sweeps wrote has been read (a duplicate would be among them).
    await waitForHighWatermark(kafka, [alertsTopic], read, 30_000);
    await consumer.disconnect();
    expect(alerts).toHaveLength(one.due);
    expect(new Set(alerts.map((alert) => alert.eventId)).size).toBe(one.due);
    const byPerson = new Map(alerts.map((alert) => [alert.personKey, alert.type]));
    expect(byPerson.get(mrsA.personKey)).toBe('DischargeDeadlineAtRisk');
    expect(byPerson.get(msC.personKey)).toBe('DischargeDeadlineBreached');
    expect(byPerson.has(mrsE.personKey)).toBe(false); // provider sourced, not yet at the deadline
    expect(byPerson.has(mrB.personKey)).toBe(false);
  });
});
