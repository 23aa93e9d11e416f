import { connectRedis, createRedis, type HubConfig, type RedisOptions } from '@homefirst/runtime';
import type { Redis } from 'ioredis';

/** A Redis client of the hub's kind (runtime's factory), connected and answering PING. */
export async function connectedRedis(
  config: Pick<HubConfig, 'redis'>,
  options: RedisOptions = {},
): Promise<Redis> {
  const redis = createRedis(config, options);
  await connectRedis(redis);
  return redis;
}
