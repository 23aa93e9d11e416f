import { randomBytes } from 'node:crypto';
import { createRedis, loadConfig, queueEntryRecord, storedJson } from '@homefirst/runtime';
import { readModels } from '@homefirst/schemas';
import { connectedRedis, deleteRedisKeys, waitFor } from '@homefirst/testing';
import type { Redis } from 'ioredis';
import type { Visibility } from './auth/principal';
import { RedisReadModelReader } from './redis-reader';
import { WARD_7_PLACE, awaitingPackageEntry } from './testing/queue-entry';

// Queue pages kept between changes (`serve`'s reader) on the real Redis: a page is read once while nothing
// changes; a change the projector publishes (in the MULTI of its write) is in the very next page; a change with no
// notice is not, until the counts' second has passed; and while the subscription is lost nothing is kept.

const ADMIN: Visibility = { trustOrg: null, councilOrg: null, pseudonymised: false };
const NOW = new Date('2025-01-10T12:00:00Z');
const config = loadConfig(process.env);
const SUBSCRIBER = `it-kept-pages-${randomBytes(4).toString('hex')}`;

describe('RedisReadModelReader keeping queue pages between changes', () => {
  const keys = new readModels.ReadModelKeys(`it-api-kept-${randomBytes(4).toString('hex')}:`);
  let redis: Redis;
  let reader: RedisReadModelReader;
  let readsOfEntries = 0;
  const entry = (personKey: string, ward: string): readModels.QueueEntry => ({
    ...awaitingPackageEntry(personKey, '2025-01-06T09:30:00.000Z', WARD_7_PLACE),
    ward,
  });
  /** As the projector writes: the entry, its indexes and the change notice, in one MULTI. */
  const write = async (value: readModels.QueueEntry, notice = true): Promise<void> => {
    const multi = redis.multi().hset(keys.queueEntry, value.personKey, storedJson(queueEntryRecord, value));
    for (const index of keys.queueIndexesOf(value))
      multi.zadd(index, Date.parse(value.readySince), value.personKey);
    if (notice) multi.publish(keys.changes, '{}');
    await multi.exec();
  };
  const wards = async (): Promise<(string | null)[]> =>
    (await reader.queue({ page: 1, pageSize: 10 }, ADMIN, NOW)).items.map((item) => item.ward);

  beforeAll(async () => {
    redis = await connectedRedis(config);
    reader = new RedisReadModelReader(
      redis,
      () => createRedis(config, { connectionName: SUBSCRIBER }),
      keys.namespace,
      readModels.DEFAULT_VIEW_CONFIG,
      1_000,
      500,
      true,
    );
    // Counts the reads of queue entries (HMGET) this reader's connection sends: a page read afresh makes one.
    const hmgetBuffer = redis.hmgetBuffer.bind(redis);
    jest.spyOn(redis, 'hmgetBuffer').mockImplementation((...args: Parameters<typeof hmgetBuffer>) => {
      readsOfEntries += 1;
      return hmgetBuffer(...args);
    });
    await write(entry('keptPersonKey000000001', 'W1'));
  });
  afterAll(async () => {
    reader.close();
    await deleteRedisKeys(redis, keys.namespace);
    redis.disconnect();
  });

  it('given no change, when the same page is read again, then its entries are not read again', async () => {
    // The subscription is made on first use: wait until pages are kept, then count.
    await waitFor(
      'queue pages kept',
      async () => {
        await wards();
        const before = readsOfEntries;
        await wards();
        return readsOfEntries === before ? true : undefined;
      },
      5_000,
    );
    const before = readsOfEntries;
    expect(await wards()).toEqual(['W1']);
    expect(readsOfEntries).toBe(before);
  });

  /** Waits until `check` holds of the page. */
  const pageShows = (what: string, check: (shown: (string | null)[]) => boolean, timeoutMs = 2_000) =>
    waitFor(what, async () => (check(await wards()) ? true : undefined), timeoutMs);

  it('given a change published with its write, when the page is read next, then it shows the change', async () => {
    expect(await wards()).toEqual(['W1']);
    await write(entry('keptPersonKey000000001', 'W2'));
    // The notice travels on another connection: it is in before a board could ask again (SSE goes after it).
    await pageShows('the change', (shown) => shown[0] === 'W2');
    await write(entry('keptPersonKey000000002', 'W3'));
    await pageShows('the new person', (shown) => shown.length === 2);
    expect(await wards()).toEqual(['W2', 'W3']);
  });

  it('given a change with no notice, then a kept page serves it for at most the counts second', async () => {
    expect(await wards()).toEqual(['W2', 'W3']);
    await write(entry('keptPersonKey000000002', 'W4'), false);
    await pageShows('the unannounced change', (shown) => shown[1] === 'W4', 3_000);
  });

  it('given the subscription dropped, then nothing is kept until it is made again, and listeners re-read', async () => {
    let heard = 0;
    const abort = new AbortController();
    const listening = reader.changes(() => (heard += 1), abort.signal);
    const clients = String(await redis.client('LIST')).split('\n');
    const subscriber = clients.find((line) => line.includes(` name=${SUBSCRIBER} `));
    expect(subscriber).toBeDefined();
    await redis.client('KILL', 'ID', /\bid=(\d+)/.exec(subscriber ?? '')?.[1] ?? '');
    // Reconnected and subscribed again: the SSE listener hears of it (changes may have been missed meanwhile).
    await waitFor('the listener told', () => (heard >= 1 ? true : undefined), 10_000);
    await write(entry('keptPersonKey000000001', 'W5'));
    await pageShows('the change after', (shown) => shown[0] === 'W5');
    abort.abort();
    await listening;
  });
});
