import { Redis } from 'ioredis';
import type { HubConfig } from './config';
import { UnavailableError, describeError } from './errors';
import type { Logger } from './logger';

export interface RedisOptions {
  /** Prepended to every key (not to SCAN/KEYS patterns' results); tests use a unique one each. */
  readonly keyPrefix?: string;
  /** Where connection errors go; without one they are dropped (ioredis would print them to stderr). */
  readonly logger?: Logger;
}

/**
 * An ioredis client that does not connect until `connectRedis`. Commands give up after a couple
 * of reconnect attempts instead of piling up while Redis is down.
 */
export function createRedis(config: Pick<HubConfig, 'redis'>, options: RedisOptions = {}): Redis {
  const redis = new Redis(config.redis.url, {
    lazyConnect: true,
    maxRetriesPerRequest: 2,
    connectTimeout: 5_000,
    ...(options.keyPrefix !== undefined && { keyPrefix: options.keyPrefix }),
  });
  const { logger } = options;
  redis.on('error', (err: unknown) =>
    logger?.warn({ err, component: 'redis' }, `Redis connection error: ${describeError(err)}`),
  );
  return redis;
}

/**
 * Connects, checks with PING, then turns the offline queue off: from now on a command sent while
 * Redis is away fails at once (callers map that to UnavailableError) instead of waiting in memory.
 */
export async function connectRedis(redis: Redis): Promise<void> {
  try {
    if (redis.status === 'wait' || redis.status === 'end') await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new UnavailableError(`Redis is not reachable: ${describeError(err)}`, {
      dependency: 'redis',
      cause: err,
    });
  }
  redis.options.enableOfflineQueue = false;
}
