import { connectedRedis, deleteRedisKeys, uniqueName } from '@homefirst/testing';
import { readModels } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import { projectAll } from '../offline/project';
import { population } from '../testing/population';
import { asMessages } from '../testing/redis-writer-fixture';
import { stackConfig } from '../testing/stack';
import { FollowedNamespace } from './namespace';
import { readSnapshot } from './read-models';
import { ReadModelWriter } from './writer';

const { ReadModelKeys, VersionKeys } = readModels;

// A live writer follows the alias: when it switches (even between the writer's read and its EXEC), the
// batch lands in the new version, against that version's own offsets — nothing lost, nothing doubled.

const TOPIC = 'it.homefirst.hospital.events.v1';
const config = stackConfig();
let redis: Redis;
let root: string;

beforeEach(async () => {
  redis = await connectedRedis(config);
  root = `${uniqueName('it-alias')}:`;
});
afterEach(async () => {
  await deleteRedisKeys(redis, root);
  redis.disconnect();
});

const events = population({
  persons: 40,
  seed: 11,
  start: new Date('2025-03-01T00:00:00Z'),
  spreadHours: 24 * 5,
});

describe('a live writer following the alias (real Redis)', () => {
  it('given the alias switches to a version that already holds the first batches, then later batches land there once', async () => {
    const v1 = new ReadModelKeys(`${root}v1:`);
    const v2 = new ReadModelKeys(`${root}v2:`);
    const live = new ReadModelWriter(redis, new FollowedNamespace(v1.namespace));
    const half = Math.floor(events.length / 2);
    expect((await live.applyBatch(TOPIC, 0, asMessages(events.slice(0, half), 0), 0)).kind).toBe('applied');
    expect(live.keys.namespace).toBe(v1.namespace);

    // A rebuild filled v2 further than v1 (up to 3/4), then switched the alias.
    const rebuilt = Math.floor((events.length * 3) / 4);
    const rebuild = new ReadModelWriter(redis, v2);
    await rebuild.applyBatch(TOPIC, 0, asMessages(events.slice(0, rebuilt), 0), 0);
    await redis.set(new VersionKeys(root).alias, 'v2');

    // The live writer's next batch starts where v1 was (half): v2 already has up to 3/4, so only the rest applies.
    const result = await live.applyBatch(TOPIC, 0, asMessages(events.slice(half), half), 0);
    expect(result).toMatchObject({
      kind: 'applied',
      nextOffset: events.length,
      events: events.length - rebuilt,
    });
    expect(live.keys.namespace).toBe(v2.namespace);
    expect(await live.storedOffset(TOPIC, 0)).toBe(events.length);
    expect(await readSnapshot(redis, v2)).toEqual(projectAll(events));
    // The old version got nothing more after the switch.
    expect(await redis.get(v1.offset(TOPIC, 0))).toBe(String(half));
  });

  it('given a switch to a version already past the whole batch, then the batch is already applied (seek forward)', async () => {
    const v2 = new ReadModelKeys(`${root}v2:`);
    await new ReadModelWriter(redis, v2).applyBatch(TOPIC, 0, asMessages(events, 0), 0);
    await redis.set(new VersionKeys(root).alias, 'v2');
    const live = new ReadModelWriter(redis, new FollowedNamespace(`${root}v1:`));
    expect(await live.applyBatch(TOPIC, 0, asMessages(events.slice(0, 10), 0), 0)).toEqual({
      kind: 'already-applied',
      nextOffset: events.length,
    });
  });

  it('given an unversioned namespace, then no alias is read and it is written as it is', async () => {
    const plain = new FollowedNamespace(`${root}plain:`);
    expect(plain.aliasKey).toBeNull();
    const writer = new ReadModelWriter(redis, plain);
    await writer.applyBatch(TOPIC, 0, asMessages(events.slice(0, 5), 0), 0);
    expect(await redis.get(new ReadModelKeys(`${root}plain:`).offset(TOPIC, 0))).toBe('5');
  });
});
