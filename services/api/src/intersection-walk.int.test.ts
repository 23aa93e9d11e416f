import { randomBytes } from 'node:crypto';
import { loadConfig } from '@homefirst/runtime';
import { connectedRedis, deleteRedisKeys, seededRandom } from '@homefirst/testing';
import type { Redis } from 'ioredis';
import { intersectionPrefix } from './intersection-walk';

// The walk over the smallest index equals ZINTER's order and members on the real Redis, whatever the chunk
// size (down to 1), the share it expects, and however many indexes, ties in score included.

const config = loadConfig(process.env);
const root = `it-api-walk-${randomBytes(4).toString('hex')}:`;

describe('intersectionPrefix on the real Redis', () => {
  let redis: Redis;
  const names = ['site', 'ward', 'pathway', 'council'].map((name) => `${root}${name}`);

  beforeAll(async () => {
    redis = await connectedRedis(config);
    const random = seededRandom(11);
    const multi = redis.multi();
    for (let i = 0; i < 600; i += 1) {
      const member = `p${String(i).padStart(4, '0')}`;
      // Scores repeat (many people became ready in the same minute): ties are ordered by member, as ZINTER does.
      const score = Math.floor(random() * 200) * 60_000;
      names.forEach((name, n) => {
        if (random() < [0.5, 0.2, 0.6, 0.9][n]!) multi.zadd(name, score, member);
      });
    }
    await multi.exec();
  });
  afterAll(async () => {
    await deleteRedisKeys(redis, root);
    redis.disconnect();
  });

  const zinter = async (indexes: readonly string[]): Promise<string[]> =>
    redis.call('ZINTER', indexes.length, ...indexes) as Promise<string[]>;

  it.each([
    ['two indexes, chunks of 1', names.slice(0, 2), { minChunk: 1, maxChunk: 1 }, 0.5],
    ['three indexes, chunks of 7', names.slice(0, 3), { minChunk: 7, maxChunk: 7 }, 0.1],
    ['four indexes, sized from the share', names, {}, 0.05],
    ['four indexes, a share far too high (many rounds)', names, { minChunk: 2, maxChunk: 50 }, 1],
  ])(
    'given %s, when walked, then the first members equal ZINTER’s in order',
    async (_what, indexes, options, share) => {
      const sizes = await Promise.all(indexes.map((index) => redis.zcard(index)));
      const bySize = indexes
        .map((index, i) => ({ index, size: sizes[i] ?? 0 }))
        .sort((a, b) => a.size - b.size);
      const ordered = bySize.map(({ index }) => index);
      const all = await zinter(indexes);
      expect(all.length).toBeGreaterThan(10);
      for (const limit of [1, 10, all.length, all.length + 5])
        expect(await intersectionPrefix(redis, ordered, limit, share, options)).toEqual(all.slice(0, limit));
    },
  );

  it('given one index, when walked, then its first members; given an empty one, nothing', async () => {
    expect(await intersectionPrefix(redis, [names[0]!], 5, 1)).toEqual(await redis.zrange(names[0]!, 0, 4));
    expect(await intersectionPrefix(redis, [`${root}none`, names[0]!], 5, 1)).toEqual([]);
    expect(await intersectionPrefix(redis, names, 0, 1)).toEqual([]);
  });
});
