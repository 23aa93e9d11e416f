import { randomBytes } from 'node:crypto';
import { deleteRedisKeys } from '@homefirst/testing';
import type { Redis } from 'ioredis';
import { loadConfig } from '../config';
import { connectRedis, createRedis } from '../redis';
import { IdentityIndex } from './identity-index';
import { MessageDedupe } from './message-dedupe';
import { ingestPortsContract } from './ports.contract';

const config = loadConfig(process.env);
const clients: { readonly redis: Redis; readonly keyPrefix: string }[] = [];
const redisOf = new WeakMap<object, Redis>();

ingestPortsContract('Redis', {
  async create(leaseMs) {
    // A fresh key prefix per test: each starts from an empty index.
    const keyPrefix = `ports-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}:`;
    const redis = createRedis(config, { keyPrefix });
    await connectRedis(redis);
    clients.push({ redis, keyPrefix });
    const identity = new IdentityIndex(redis, leaseMs);
    redisOf.set(identity, redis);
    return { identity, dedupe: new MessageDedupe(redis, { namespace: 'contract' }) };
  },
  setAside: async (identity, key) => {
    const redis = redisOf.get(identity);
    if (redis === undefined) throw new Error('not an index of this suite');
    return redis.lrange(key, 0, -1);
  },
  async close() {
    for (const { redis, keyPrefix } of clients) {
      // This suite's keys only: ioredis does not prefix KEYS' or SCAN's pattern (KEYS '*' is every key).
      await deleteRedisKeys(redis, keyPrefix);
      redis.disconnect();
    }
  },
});
