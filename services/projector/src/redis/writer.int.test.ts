import { UnreadableStoredRecordError } from '@homefirst/runtime';
import { readModels } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import { projectAll } from '../offline/project';
import { population } from '../testing/population';
import { PersonStory, testNhsNumber } from '../testing/corpus';
import { asMessages, useWriterFixture } from '../testing/redis-writer-fixture';
import { readQueuePage, readSnapshot } from './read-models';
import { ReadModelWriter } from './writer';

const { queueView } = readModels;
type ReadModelKeys = readModels.ReadModelKeys;

// The Redis writer on the real Redis: state, indexes, KPI deltas and offsets in one transaction.

const TOPIC = 'it.homefirst.hospital.events.v1';

let redis: Redis;
let other: Redis;
let keys: ReadModelKeys;

useWriterFixture('it-rm', (fixture) => ({ redis, other, keys } = fixture));

const events = population({
  persons: 60,
  seed: 3,
  start: new Date('2025-03-01T00:00:00Z'),
  spreadHours: 24 * 7,
});

describe('read-model writer (real Redis): batches, re-deliveries and races', () => {
  it('given a population written in batches, then Redis holds exactly the offline projection, and the offset after the last', async () => {
    const writer = new ReadModelWriter(redis, keys);
    for (let i = 0; i < events.length; i += 97) {
      const result = await writer.applyBatch(TOPIC, 0, asMessages(events.slice(i, i + 97), i), 0);
      expect(result.kind).toBe('applied');
    }
    expect(await writer.storedOffset(TOPIC, 0)).toBe(events.length);
    const projected = projectAll(events);
    expect(await readSnapshot(redis, keys)).toEqual(projected);
    // The DRD index (the long-delay cohort's) holds exactly the queue, each scored by its DRD's day number.
    const byDrd = await redis.zrange(keys.queueByDrd, 0, -1, 'WITHSCORES');
    const stored = Object.fromEntries(
      byDrd.flatMap((v, i) => (i % 2 === 0 ? [[v, Number(byDrd[i + 1])]] : [])),
    );
    expect(projected.queue.length).toBeGreaterThan(0);
    expect(stored).toEqual(
      Object.fromEntries(
        projected.queue.map((e) => [e.personKey, readModels.drdDayNumber(e.dischargeReadyDate)]),
      ),
    );
  });

  it('given a batch already written, when it is delivered again, then nothing changes', async () => {
    const writer = new ReadModelWriter(redis, keys);
    await writer.applyBatch(TOPIC, 0, asMessages(events.slice(0, 200)), 0);
    const before = await readSnapshot(redis, keys);
    expect(await writer.applyBatch(TOPIC, 0, asMessages(events.slice(100, 200), 100), 0)).toEqual({
      kind: 'already-applied',
      nextOffset: 200,
    });
    const overlapping = await writer.applyBatch(TOPIC, 0, asMessages(events.slice(150, 300), 150), 0);
    expect(overlapping).toMatchObject({ kind: 'applied', events: 100, nextOffset: 300 });
    expect(await readSnapshot(redis, keys)).toEqual(projectAll(events.slice(0, 300)));
    expect(before).toEqual(projectAll(events.slice(0, 200)));
  });

  it('given Redis is behind the batch, then it asks to seek back instead of skipping', async () => {
    const writer = new ReadModelWriter(redis, keys);
    await writer.applyBatch(TOPIC, 2, asMessages(events.slice(0, 10)), 0);
    expect(await writer.applyBatch(TOPIC, 2, asMessages(events.slice(20, 30), 20), 0)).toEqual({
      kind: 'gap',
      nextOffset: 10,
    });
    expect(await writer.applyBatch(TOPIC, 3, asMessages(events.slice(20, 30), 20), 5)).toEqual({
      kind: 'gap',
      nextOffset: 5,
    });
  });

  it('given two writers racing with the same batch (a rebalance in flight), then it is applied once', async () => {
    const batch = asMessages(events.slice(0, 400));
    const results = await Promise.all([
      new ReadModelWriter(redis, keys).applyBatch(TOPIC, 1, batch, 0),
      new ReadModelWriter(other, keys).applyBatch(TOPIC, 1, batch, 0),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(['already-applied', 'applied']);
    expect(await readSnapshot(redis, keys)).toEqual(projectAll(events.slice(0, 400)));
  });
});

describe('read-model writer (real Redis): merges, pages and stored versions', () => {
  it('given a merge across partitions, then the retired record is emptied and the survivor carries both', async () => {
    const survivor = new PersonStory(testNhsNumber(900));
    const retired = new PersonStory(testNhsNumber(901));
    const writer = new ReadModelWriter(redis, keys);
    const retiredStay = [retired.admitted('2025-03-01T10:00:00Z'), retired.ready('2025-03-03T09:00:00Z')];
    const merge = survivor.merged('2025-03-04T09:00:00Z', retired);
    const later = retired.referred('2025-03-05T09:00:00Z');
    await writer.applyBatch(TOPIC, 4, asMessages(retiredStay), 0);
    await writer.applyBatch(TOPIC, 5, asMessages([merge]), 0);
    await writer.applyBatch(TOPIC, 4, asMessages([later], 2), 0);
    const snapshot = await readSnapshot(redis, keys);
    expect(snapshot).toEqual(projectAll([...retiredStay, merge, later]));
    expect(snapshot.queue.map((entry) => entry.personKey)).toEqual([survivor.personKey]);
    expect(await redis.hget(keys.merged, retired.personKey)).toBe(survivor.personKey);
  });

  it('pages the queue through the indexes exactly as the pure view does', async () => {
    const writer = new ReadModelWriter(redis, keys);
    await writer.applyBatch(TOPIC, 0, asMessages(events), 0);
    const snapshot = await readSnapshot(redis, keys);
    const now = new Date('2025-03-06T12:00:00Z');
    for (const filters of [
      {},
      { site: 'REM02' },
      { reason: 'AWAITING_P1_CARE_AT_HOME' as const },
      { site: 'REM01', pathway: 'P1' as const },
    ]) {
      const page = { page: 2, pageSize: 3 };
      const pure = queueView(snapshot.queue, now, filters, page);
      const fromRedis = await readQueuePage(redis, keys, now, filters, page);
      expect({ total: fromRedis.total, items: fromRedis.items }).toEqual({
        total: pure.total,
        items: pure.items,
      });
    }
  });

  it('given stored records, then each carries its version, and one this build cannot read stops the work naming its key', async () => {
    const writer = new ReadModelWriter(redis, keys);
    await writer.applyBatch(TOPIC, 0, asMessages(events.slice(0, 50)), 0);
    const [queued] = await redis.hkeys(keys.queueEntry);
    const person = events[0]?.personKey ?? '';
    expect(JSON.parse((await redis.hget(keys.queueEntry, queued ?? '')) ?? '{}')).toMatchObject({ v: 1 });
    expect(JSON.parse((await redis.get(keys.person(person))) ?? '{}')).toMatchObject({ v: 1 });

    // The person of the one new message (offsets below 50 are already applied and not read again).
    const next = events[50]?.personKey ?? '';
    await redis.set(keys.person(next), '{"v":2}');
    const again = writer.applyBatch(TOPIC, 0, asMessages(events.slice(0, 51)), 0);
    await expect(again).rejects.toThrow(UnreadableStoredRecordError);
    await expect(again).rejects.toThrow(`Stored person record at ${keys.person(next)} is unreadable`);
    expect(await writer.storedOffset(TOPIC, 0)).toBe(50);

    await redis.hset(keys.queueEntry, queued ?? '', '{"pathway":"P9"}');
    await expect(readQueuePage(redis, keys, new Date(), {}, { page: 1, pageSize: 500 })).rejects.toThrow(
      `Stored queue entry at ${keys.queueEntry} ${queued ?? ''} is unreadable`,
    );
    await redis.set(keys.offset(TOPIC, 0), 'fifty');
    await expect(writer.storedOffset(TOPIC, 0)).rejects.toThrow(
      `Stored offset at ${keys.offset(TOPIC, 0)} is unreadable`,
    );
  });
});
