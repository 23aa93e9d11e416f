import { createRedis, loadConfig, queueEntryRecord, storedJson } from '@homefirst/runtime';
import { readModels } from '@homefirst/schemas';
import { connectedRedis, deleteRedisKeys, uniqueName, waitFor } from '@homefirst/testing';
import type { Redis } from 'ioredis';
import type { Visibility } from './auth/principal';
import { LiveReadModelReader } from './live-reader';
import { awaitingPackageEntry, WARD_7_PLACE } from './testing/queue-entry';

// The API through the live alias on the real Redis: one alias read per request decides the namespace of the
// whole request, a switch moves the next request, and the change feed follows the switch.

const ADMIN: Visibility = { trustOrg: null, councilOrg: null, pseudonymised: false };
const NOW = new Date('2025-01-10T12:00:00Z');
const config = loadConfig(process.env);

describe('LiveReadModelReader on the real Redis', () => {
  const root = `${uniqueName('it-live')}:`;
  const versions = new readModels.VersionKeys(root);
  let redis: Redis;
  let reader: LiveReadModelReader;

  const enqueue = async (version: number, personKey: string): Promise<void> => {
    const keys = new readModels.ReadModelKeys(versions.namespace(version));
    const entry = awaitingPackageEntry(personKey, '2025-01-07T09:30:00.000Z', WARD_7_PLACE);
    await redis
      .multi()
      .zadd(keys.queue, Date.parse(entry.readySince), personKey)
      .hset(keys.queueEntry, personKey, storedJson(queueEntryRecord, entry))
      .exec();
  };

  beforeAll(async () => {
    redis = await connectedRedis(config);
    reader = new LiveReadModelReader(
      redis,
      () => createRedis(config),
      versions.namespace(1),
      readModels.DEFAULT_VIEW_CONFIG,
      0, // every pin reads the alias: the switch is seen at once
    );
    await enqueue(1, 'versionOnePerson000000');
    await enqueue(2, 'versionTwoPerson000000');
  });
  afterAll(async () => {
    reader.close();
    await deleteRedisKeys(redis, root);
    redis.disconnect();
  });

  it('reads the configured version until the alias is set, then the version it names', async () => {
    const before = await reader.pin();
    expect(before.namespace).toBe(versions.namespace(1));
    await redis.set(versions.alias, 'v2');
    const after = await reader.pin();
    expect(after.namespace).toBe(versions.namespace(2));
    // A request pinned before the switch keeps reading its version to the end.
    expect(
      (await before.reader.queue({ page: 1, pageSize: 10 }, ADMIN, NOW)).items.map((i) => i.personKey),
    ).toEqual(['versionOnePerson000000']);
    expect((await reader.queue({ page: 1, pageSize: 10 }, ADMIN, NOW)).items.map((i) => i.personKey)).toEqual(
      ['versionTwoPerson000000'],
    );
    await redis.del(versions.alias);
  });

  it('given the alias cached for 250 ms, when it switches, then pins keep the old whole version at most that long, then move', async () => {
    const cached = new LiveReadModelReader(
      redis,
      () => createRedis(config),
      versions.namespace(1),
      readModels.DEFAULT_VIEW_CONFIG,
      250,
    );
    expect((await cached.pin()).namespace).toBe(versions.namespace(1));
    await redis.set(versions.alias, 'v2');
    const soon = await cached.pin();
    // Still the version resolved moments ago, read whole: its own person, not the new version's.
    expect(soon.namespace).toBe(versions.namespace(1));
    expect(
      (await soon.reader.queue({ page: 1, pageSize: 10 }, ADMIN, NOW)).items.map((i) => i.personKey),
    ).toEqual(['versionOnePerson000000']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await cached.pin()).namespace).toBe(versions.namespace(2));
    await redis.del(versions.alias);
  });

  it('moves the change feed to the new version when the alias switches', async () => {
    const abort = new AbortController();
    let changes = 0;
    const feed = reader.changes(() => (changes += 1), abort.signal);
    const publish = (channel: string, message: string) => redis.publish(channel, message);
    await waitFor(
      'the feed to subscribe',
      async () => ((await publish(`${versions.namespace(1)}changes`, '{}')) > 0 ? true : undefined),
      10_000,
    );
    await waitFor('a change of v1', () => Promise.resolve(changes >= 1 ? true : undefined), 10_000);
    await redis.set(versions.alias, 'v2');
    await publish(versions.aliasChanged, 'v2');
    await waitFor(
      'the feed to move to v2',
      async () => ((await publish(`${versions.namespace(2)}changes`, '{}')) > 0 ? true : undefined),
      10_000,
    );
    // v1's channel has no subscriber any more.
    expect(await publish(`${versions.namespace(1)}changes`, '{}')).toBe(0);
    abort.abort();
    await feed;
  });
});

describe('LiveReadModelReader change listeners on the real Redis', () => {
  const root = `${uniqueName('it-live-listen')}:`;
  const versions = new readModels.VersionKeys(root);
  let redis: Redis;
  beforeAll(async () => {
    redis = await connectedRedis(config);
  });
  afterAll(async () => {
    await deleteRedisKeys(redis, root);
    redis.disconnect();
  });

  it('given pages kept and three boards listening, then they share two subscriptions, all move on a switch, and the old version has none', async () => {
    let connections = 0;
    const shared = new LiveReadModelReader(
      redis,
      () => {
        connections += 1;
        return createRedis(config);
      },
      versions.namespace(1),
      readModels.DEFAULT_VIEW_CONFIG,
      0,
      true, // as `serve`: each version's reader keeps pages on a change feed of its own
    );
    const subscribers = async (channel: string): Promise<number> => {
      const [, count] = (await redis.call('PUBSUB', 'NUMSUB', channel)) as [string, number];
      return Number(count);
    };
    const abort = new AbortController();
    const heard = [0, 0, 0];
    const boards = heard.map((_, i) => shared.changes(() => (heard[i] = (heard[i] ?? 0) + 1), abort.signal));
    try {
      await waitFor(
        'every board to hear a change of v1',
        async () => {
          await redis.publish(`${versions.namespace(1)}changes`, '{}');
          return heard.every((n) => n >= 1) ? true : undefined;
        },
        10_000,
      );
      // One change feed for the version and one alias subscription, however many boards.
      expect(connections).toBe(2);
      expect(await subscribers(`${versions.namespace(1)}changes`)).toBe(1);

      const before = [...heard];
      await redis.set(versions.alias, 'v2');
      await redis.publish(versions.aliasChanged, 'v2');
      await waitFor(
        'every board to move to v2',
        async () => {
          await redis.publish(`${versions.namespace(2)}changes`, '{}');
          return heard.every((n, i) => n >= (before[i] ?? 0) + 2) ? true : undefined;
        },
        10_000,
      );
      expect(await subscribers(`${versions.namespace(2)}changes`)).toBe(1);
      expect(await subscribers(`${versions.namespace(1)}changes`)).toBe(0);
      expect(connections).toBe(3);
    } finally {
      abort.abort();
      await Promise.all(boards);
    }
    shared.close();
    await redis.del(versions.alias);
    await waitFor(
      'the subscriptions closed',
      async () =>
        (await subscribers(versions.aliasChanged)) === 0 &&
        (await subscribers(`${versions.namespace(2)}changes`)) === 0
          ? true
          : undefined,
      10_000,
    );
  });
});
