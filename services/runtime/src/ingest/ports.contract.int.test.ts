import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { loadConfig } from '../config';
import { connectRedis, createRedis } from '../redis';
import { IdentityIndex } from './identity-index';
import { MessageDedupe } from './message-dedupe';
import { ingestPortsContract } from './ports.contract';

const config = loadConfig(process.env);
const clients: Redis[] = [];
const redisOf = new WeakMap<object, Redis>();

ingestPortsContract('Redis', {
  async create() {
    // A fresh key prefix per test: each starts from an empty index.
    const redis = createRedis(config, {
      keyPrefix: `ports-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}:`,
    });
    await connectRedis(redis);
    clients.push(redis);
    const identity = new IdentityIndex(redis);
    redisOf.set(identity, redis);
    return { identity, dedupe: new MessageDedupe(redis, { namespace: 'contract' }) };
  },
  setAside: async (identity, key) => {
    const redis = redisOf.get(identity);
    if (redis === undefined) throw new Error('not an index of this suite');
    return redis.lrange(key, 0, -1);
  },
  async close() {
    for (const redis of clients) {
      // ioredis prefixes KEYS' pattern and DEL's keys, but answers KEYS with full key names.
      const keys = await redis.keys('*');
      if (keys.length > 0)
        await redis.del(...keys.map((key) => key.slice((redis.options.keyPrefix ?? '').length)));
      redis.disconnect();
    }
  },
});
