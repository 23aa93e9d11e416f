import type { Redis } from 'ioredis';

/**
 * Deletes every key under a prefix (SCAN + UNLINK), as a test cleans up after itself. The client must have
 * no keyPrefix of its own, or the pattern would be prefixed twice.
 */
export async function deleteRedisKeys(redis: Redis, keyPrefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}
