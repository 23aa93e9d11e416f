import type { Redis } from 'ioredis';

/**
 * Every key under a prefix: a full SCAN (one call with a COUNT may stop early on a big keyspace). The client
 * must have no keyPrefix of its own, or the pattern would be prefixed twice.
 */
export async function redisKeysUnder(redis: Redis, keyPrefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found;
}

/** Deletes every key under a prefix (SCAN + UNLINK), as a test cleans up after itself. */
export async function deleteRedisKeys(redis: Redis, keyPrefix: string): Promise<void> {
  const keys = await redisKeysUnder(redis, keyPrefix);
  for (let at = 0; at < keys.length; at += 1000) await redis.unlink(...keys.slice(at, at + 1000));
}
