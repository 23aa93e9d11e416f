import { randomBytes } from 'node:crypto';
import {
  createRedis,
  loadConfig,
  queueEntryRecord,
  storedJson,
  UnreadableStoredRecordError,
} from '@homefirst/runtime';
import { readModels } from '@homefirst/schemas';
import { connectedRedis } from '@homefirst/testing';
import type { Redis } from 'ioredis';
import type { Visibility } from './auth/principal';
import { RedisReadModelReader } from './redis-reader';
import { awaitingPackageEntry, WARD_7_PLACE } from './testing/queue-entry';

// The API's reader on the real Redis: stored records written before versions and with them both read;
// a record it cannot read is an error naming its key, not a silently wrong board.

const ADMIN: Visibility = { trustOrg: null, councilOrg: null, pseudonymised: false };
const NOW = new Date('2025-01-10T12:00:00Z');

const entryOf = (personKey: string, readySince: string): readModels.QueueEntry =>
  awaitingPackageEntry(personKey, readySince, WARD_7_PLACE);

describe('RedisReadModelReader on the real Redis', () => {
  const config = loadConfig(process.env);
  const keys = new readModels.ReadModelKeys(`it-api-${randomBytes(4).toString('hex')}:`);
  let redis: Redis;
  let reader: RedisReadModelReader;

  beforeAll(async () => {
    redis = await connectedRedis(config);
    reader = new RedisReadModelReader(
      redis,
      () => createRedis(config),
      keys.namespace,
      readModels.DEFAULT_VIEW_CONFIG,
    );
  });
  afterAll(async () => {
    await redis.del(keys.queue, keys.queueEntry, keys.journey('newerPersonKey00000000'));
    redis.disconnect();
  });

  const queue = (...entries: [readModels.QueueEntry, string][]) =>
    Promise.all(
      entries.map(([entry, text]) =>
        redis
          .multi()
          .zadd(keys.queue, Date.parse(entry.readySince), entry.personKey)
          .hset(keys.queueEntry, entry.personKey, text)
          .exec(),
      ),
    );

  it('given one entry stored before versions and one with v:1, then the queue shows both', async () => {
    const legacy = entryOf('legacyPersonKey0000000', '2025-01-06T09:30:00.000Z');
    const current = entryOf('currentPersonKey000000', '2025-01-07T09:30:00.000Z');
    await queue([legacy, JSON.stringify(legacy)], [current, storedJson(queueEntryRecord, current)]);
    const view = await reader.queue({ page: 1, pageSize: 50 }, ADMIN, NOW);
    expect(view.items.map((item) => item.personKey)).toEqual([legacy.personKey, current.personKey]);
    expect(view.items[0]).not.toHaveProperty('v');
  });

  it('given an entry this build cannot read, then the queue fails naming its key and not its content', async () => {
    const bad = entryOf('aBadPersonKey000000000', '2025-01-01T09:30:00.000Z');
    await queue([bad, JSON.stringify({ ...bad, pathway: 'P9' })]);
    const read = reader.queue({ page: 1, pageSize: 50 }, ADMIN, NOW);
    await expect(read).rejects.toThrow(UnreadableStoredRecordError);
    await expect(read).rejects.toThrow(
      `Stored queue entry at ${keys.queueEntry} ${bad.personKey} is unreadable`,
    );
    await expect(read).rejects.not.toThrow(/9434765919/);
  });

  it('given a journey written by a newer projector, then reading it fails naming its key', async () => {
    await redis.set(keys.journey('newerPersonKey00000000'), '{"v":2,"personKey":"newerPersonKey00000000"}');
    await expect(reader.journey('newerPersonKey00000000', ADMIN, NOW)).rejects.toThrow(
      `Stored journey at ${keys.journey('newerPersonKey00000000')} is unreadable: version 2; this build reads version 1`,
    );
  });
});
