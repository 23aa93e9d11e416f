import { connectedRedis, deleteRedisKeys, redisKeysUnder, uniqueName } from '@homefirst/testing';
import { readModels } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import { stackConfig } from '../testing/stack';
import type { RebuildState } from './plan';
import { VersionStore } from './version-store';

// The rebuild's Redis side on the real Redis: the lock refuses a second holder, the switch is all or nothing
// (lock held, alias unchanged, new version not behind), and dropping a version leaves every other key.

const config = stackConfig();
let redis: Redis;
let root: string;
let store: VersionStore;
const partitions = [
  { topic: 'p.hospital', partition: 0 },
  { topic: 'p.council', partition: 0 },
];
const dropping: RebuildState = {
  phase: 'dropping',
  runId: 'run-a',
  switchedAt: '2026-12-04T23:00:00.000Z',
  fromVersion: 1,
  toVersion: 2,
  dropAfter: 0,
  events: 10,
};

beforeEach(async () => {
  redis = await connectedRedis(config);
  root = `${uniqueName('it-vs')}:`;
  store = new VersionStore(redis, `${root}v1:`);
});
afterEach(async () => {
  await deleteRedisKeys(redis, root);
  redis.disconnect();
});

const setOffsets = async (version: number, offsets: readonly number[]): Promise<void> => {
  const keys = new readModels.ReadModelKeys(`${root}v${version}:`);
  for (const [i, p] of partitions.entries())
    await redis.set(keys.offset(p.topic, p.partition), String(offsets[i]));
};

describe('version store (real Redis)', () => {
  it('refuses an unversioned namespace with a line naming the expected shape', () => {
    expect(() => new VersionStore(redis, `${root}plain:`)).toThrow(/no version segment \(<root>v<N>:/);
  });

  it('gives the lock to one run at a time and names the holder to the other', async () => {
    const first = await store.acquireLock({ runId: 'run-a', since: 'then', toVersion: 2 }, 10_000);
    expect(first.acquired).toBe(true);
    expect(await store.acquireLock({ runId: 'run-b', since: 'now', toVersion: 2 }, 10_000)).toEqual({
      acquired: false,
      holder: { runId: 'run-a', since: 'then', toVersion: 2 },
    });
    expect(await store.refreshLock('someone else', 10_000)).toBe(false);
    if (first.acquired) expect(await store.refreshLock(first.value, 10_000)).toBe(true);
  });

  it('switches only with the lock held and the new version not behind the live one, atomically', async () => {
    const taken = await store.acquireLock({ runId: 'run-a', since: 'then', toVersion: 2 }, 10_000);
    if (!taken.acquired) throw new Error('lock not taken');
    const attempt = (lockValue: string) =>
      store.switchAlias({ lockValue, fromVersion: 1, toVersion: 2, partitions, nextState: dropping });
    await setOffsets(1, [10, 20]);
    await setOffsets(2, [10, 19]);
    expect(await attempt(taken.value)).toBe('behind');
    expect(await store.liveVersion()).toBe(1);
    await setOffsets(2, [12, 20]);
    expect(await attempt('not the holder')).toBe('lock');
    expect(await store.liveVersion()).toBe(1);
    expect(await attempt(taken.value)).toBe('ok');
    expect(await store.liveVersion()).toBe(2);
    expect(await store.state()).toEqual(dropping);
    // The alias is no longer v1: a second switch from v1 is refused.
    expect(await attempt(taken.value)).toBe('moved');
  });

  it('drops one version, leaving the others and the alias', async () => {
    await setOffsets(1, [1, 1]);
    await setOffsets(2, [1, 1]);
    await redis.set(`${root}v10:queue`, 'x');
    await redis.set(store.keys.alias, 'v2');
    expect(await store.dropNamespace(`${root}v1:`, 100)).toBe(2);
    const left = await redisKeysUnder(redis, root);
    expect(left.sort()).toEqual(
      [
        store.keys.alias,
        `${root}v10:queue`,
        ...partitions.map((p) => `${root}v2:offsets:${p.topic}:0`),
      ].sort(),
    );
  });

  it('copies permanent alert markers, not claims, and never overwrites', async () => {
    await redis.set(`${root}v1:alerts:sent:a`, 'sent-a');
    await redis.set(`${root}v1:alerts:sent:b`, 'claim', 'PX', 60_000);
    await redis.set(`${root}v2:alerts:sent:c`, 'mine');
    await redis.set(`${root}v1:alerts:sent:c`, 'theirs');
    expect(await store.copyAlertMarkers(`${root}v1:`, `${root}v2:`)).toBe(1);
    expect(
      await redis.mget(`${root}v2:alerts:sent:a`, `${root}v2:alerts:sent:b`, `${root}v2:alerts:sent:c`),
    ).toEqual(['sent-a', null, 'mine']);
  });
});
