import type { readModels } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import { projectAll } from '../offline/project';
import type { ProjectedEvent } from '../person/journal';
import { PersonStory, testNhsNumber } from '../testing/corpus';
import { asMessages, useWriterFixture } from '../testing/redis-writer-fixture';
import { readSnapshot } from './read-models';
import { ReadModelWriter } from './writer';

type ReadModelKeys = readModels.ReadModelKeys;

// The writer's person cache on the real Redis: a cached person is never used once someone else wrote it.

const HOSPITAL = 'it.homefirst.hospital.events.v1';
const COUNCIL = 'it.homefirst.council.events.v1';

let redis: Redis;
let other: Redis;
let keys: ReadModelKeys;
const cached = (connection: Redis): ReadModelWriter =>
  new ReadModelWriter(connection, keys, { personCache: { topics: [HOSPITAL, COUNCIL], maxPersons: 100 } });

useWriterFixture('it-cache', (fixture) => ({ redis, other, keys } = fixture));

describe('read-model writer person cache (real Redis)', () => {
  it('given another writer wrote a cached person’s partition in between (a rebalance), then the next window reads the person again', async () => {
    const person = new PersonStory(testNhsNumber(910));
    const stay = [
      person.admitted('2025-03-01T10:00:00Z'),
      person.ready('2025-03-03T09:00:00Z', { pathway: 'P1' }),
      person.referred('2025-03-03T10:00:00Z'),
      person.discharged('2025-03-06T12:00:00Z'),
    ];
    const [admitted, ready, referred, discharged] = stay as [
      ProjectedEvent,
      ProjectedEvent,
      ProjectedEvent,
      ProjectedEvent,
    ];
    const first = cached(redis);
    expect((await first.applyBatch(HOSPITAL, 2, asMessages([admitted]), 0)).kind).toBe('applied');
    // Another member writes the next hospital event and the council event of the same partition number.
    await cached(other).applyBatch(HOSPITAL, 2, asMessages([ready], 1), 0);
    await new ReadModelWriter(other, keys).applyBatch(COUNCIL, 2, asMessages([referred]), 0);
    expect((await first.applyBatch(HOSPITAL, 2, asMessages([discharged], 2), 0)).kind).toBe('applied');
    expect(await readSnapshot(redis, keys)).toEqual(projectAll(stay));
  });

  it('given a cached person merged away by a writer of another partition, then their later event goes to the survivor', async () => {
    const survivor = new PersonStory(testNhsNumber(911));
    const retired = new PersonStory(testNhsNumber(912));
    const retiredStay = [retired.admitted('2025-03-01T10:00:00Z'), retired.ready('2025-03-03T09:00:00Z')];
    const merge = survivor.merged('2025-03-04T09:00:00Z', retired);
    const later = retired.transferred('2025-03-05T09:00:00Z', {
      site: 'REM02',
      ward: 'W9',
      room: null,
      bed: null,
    });
    const mine = cached(redis);
    await mine.applyBatch(HOSPITAL, 4, asMessages(retiredStay), 0);
    await cached(other).applyBatch(HOSPITAL, 5, asMessages([merge]), 0);
    await mine.applyBatch(HOSPITAL, 4, asMessages([later], 2), 0);
    const snapshot = await readSnapshot(redis, keys);
    expect(snapshot).toEqual(projectAll([...retiredStay, merge, later]));
    expect(snapshot.queue.map((entry) => entry.personKey)).toEqual([survivor.personKey]);
  });

  it('given a window of several partitions of both topics, then it equals the offline projection and moves every offset', async () => {
    const people = [913, 914, 915].map((n) => new PersonStory(testNhsNumber(n)));
    const hospital = people.flatMap((p) => [
      p.admitted('2025-03-01T10:00:00Z'),
      p.ready('2025-03-02T10:00:00Z'),
    ]);
    const council = people.map((p) => p.referred('2025-03-02T11:00:00Z'));
    const writer = cached(redis);
    const { results } = await writer.applyWindow([
      { topic: HOSPITAL, partition: 1, messages: asMessages(hospital.slice(0, 2)), startIfNone: 0 },
      { topic: COUNCIL, partition: 1, messages: asMessages(council.slice(0, 1)), startIfNone: 0 },
      { topic: HOSPITAL, partition: 3, messages: asMessages(hospital.slice(2)), startIfNone: 0 },
      { topic: COUNCIL, partition: 3, messages: asMessages(council.slice(1)), startIfNone: 0 },
    ]);
    expect(results.map((result) => result.kind)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(await writer.storedOffset(HOSPITAL, 3)).toBe(4);
    expect(await writer.storedOffset(COUNCIL, 3)).toBe(2);
    expect(await readSnapshot(redis, keys)).toEqual(projectAll([...hospital, ...council]));
    // A redelivery of part of it is recognised per partition.
    const again = await writer.applyWindow([
      { topic: HOSPITAL, partition: 1, messages: asMessages(hospital.slice(0, 2)), startIfNone: 0 },
      { topic: COUNCIL, partition: 3, messages: asMessages(council.slice(1), 5), startIfNone: 0 },
    ]);
    expect(again.results).toEqual([
      { kind: 'already-applied', nextOffset: 2 },
      { kind: 'gap', nextOffset: 2 },
    ]);
  });
});
