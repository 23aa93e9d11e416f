import { randomBytes } from 'node:crypto';
import { connectRedis, createRedis, loadConfig } from '@homefirst/runtime';
import type { Redis } from 'ioredis';
import { orderStoreContract } from './order-store.contract';
import { RedisOrderStore } from './order-store';

const config = loadConfig(process.env);
const clients: Redis[] = [];

orderStoreContract('Redis', {
  async create() {
    // A fresh key prefix per test: each starts from an empty store.
    const prefix = `order-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}:`;
    const redis = createRedis(config, { keyPrefix: prefix });
    await connectRedis(redis);
    clients.push(redis);
    return new RedisOrderStore(redis);
  },
  async close() {
    for (const redis of clients) {
      // ioredis prefixes KEYS' pattern and DEL's keys, but answers KEYS with full key names.
      const prefix = redis.options.keyPrefix ?? '';
      const keys = await redis.keys('*');
      if (keys.length > 0) await redis.del(...keys.map((key) => key.slice(prefix.length)));
      redis.disconnect();
    }
  },
});
