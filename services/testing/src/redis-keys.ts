import type { Redis } from 'ioredis';

/**
 * Every key under a prefix, by full name: a full SCAN (one call with a COUNT may stop early on a big
 * keyspace). ioredis never applies a client's keyPrefix to SCAN's pattern nor to its answer, so `keyPrefix` is
 * matched as given, whatever the client's own prefix.
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

/**
 * Deletes every key under a prefix (SCAN + UNLINK), as a test cleans up after itself. A client with a
 * keyPrefix of its own (which ioredis adds to UNLINK's keys) is given the names without it.
 */
export async function deleteRedisKeys(redis: Redis, keyPrefix: string): Promise<void> {
  const own = redis.options.keyPrefix ?? '';
  const keys = (await redisKeysUnder(redis, keyPrefix)).map((key) =>
    own !== '' && key.startsWith(own) ? key.slice(own.length) : key,
  );
  for (let at = 0; at < keys.length; at += 1000) await redis.unlink(...keys.slice(at, at + 1000));
}

/**
 * Has Redis compact its append-only file now and waits until that is done, so a benchmark's bulk writes do not
 * set off an automatic rewrite (a forked child competing for the CPU) while it measures. Needs a user allowed
 * BGREWRITEAOF (the stack's hub-admin); a rewrite already under way is waited for.
 */
export async function settleRedisPersistence(redis: Redis, timeoutMs = 60_000): Promise<void> {
  await redis.bgrewriteaof().catch((err: unknown) => {
    if (!/already in progress|scheduled/i.test(String(err))) throw err;
  });
  const until = Date.now() + timeoutMs;
  for (;;) {
    const info = await redis.info('persistence');
    if (!/^(aof_rewrite_in_progress|aof_rewrite_scheduled|rdb_bgsave_in_progress):1/m.test(info)) return;
    if (Date.now() > until)
      throw new Error(`Redis still rewriting its append-only file after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
