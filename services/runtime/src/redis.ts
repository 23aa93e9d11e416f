import { Redis } from 'ioredis';
import type { HubConfig } from './config';
import { UnavailableError, describeError } from './errors';
import type { Logger } from './logger';

export interface RedisOptions {
  /** Prepended to every key (not to SCAN/KEYS patterns' results); tests use a unique one each. */
  readonly keyPrefix?: string;
  /** Where connection errors go; without one they are dropped (ioredis would print them to stderr). */
  readonly logger?: Logger;
  /** A command unanswered this long fails (ioredis `commandTimeout`); default: no limit. */
  readonly commandTimeoutMs?: number;
  /**
   * Commands issued in the same tick of the event loop go to Redis in one write (ioredis `enableAutoPipelining`):
   * for a server whose concurrent requests each send a few commands (the query API), fewer socket writes and reads.
   */
  readonly autoPipelining?: boolean;
  /** The connection's name in CLIENT LIST (ioredis `connectionName`). */
  readonly connectionName?: string;
}

/** While Redis stays unreachable, one connection-error line per this many ms (with a count), not one per retry. */
const ERROR_LOG_INTERVAL_MS = 10_000;

/**
 * An ioredis client that does not connect until `connectRedis`. Commands give up after a couple
 * of reconnect attempts instead of piling up while Redis is down.
 */
export function createRedis(config: Pick<HubConfig, 'redis'>, options: RedisOptions = {}): Redis {
  const { url, username, password } = config.redis;
  const redis = new Redis(url, {
    lazyConnect: true,
    // Apart from the URL, which holds no credentials (redis-config.ts); the password is never logged.
    ...(username !== undefined && { username }),
    ...(password !== undefined && { password }),
    maxRetriesPerRequest: 2,
    connectTimeout: 5_000,
    ...(options.keyPrefix !== undefined && { keyPrefix: options.keyPrefix }),
    ...(options.commandTimeoutMs !== undefined && { commandTimeout: options.commandTimeoutMs }),
    ...(options.autoPipelining === true && { enableAutoPipelining: true }),
    ...(options.connectionName !== undefined && { connectionName: options.connectionName }),
  });
  const { logger } = options;
  let failing = 0;
  let lastLogged = 0;
  redis.on('error', (err: unknown) => {
    failing += 1;
    const now = Date.now();
    if (failing > 1 && now - lastLogged < ERROR_LOG_INTERVAL_MS) return;
    lastLogged = now;
    logger?.warn(
      { err, component: 'redis', errorsSoFar: failing },
      `Redis connection error: ${describeError(err)}`,
    );
  });
  redis.on('ready', () => {
    if (failing > 0) logger?.info({ component: 'redis', errors: failing }, 'Redis reachable again');
    failing = 0;
  });
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

/** ioredis' answer to a command sent, or in flight, while its connection is closed or being made again. */
function lostConnection(err: unknown): err is Error {
  return (
    err instanceof Error &&
    (err.message.startsWith("Stream isn't writeable") || err.message === 'Connection is closed.')
  );
}

/** Resolves once the client is ready again, or rejects with `cause` after `ms` (or when it gave up). */
function readyAgain(redis: Redis, ms: number, cause: Error): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  if (redis.status === 'end') return Promise.reject(cause);
  return new Promise<void>((resolve, reject) => {
    const done = (outcome: () => void): void => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('end', onEnd);
      outcome();
    };
    const onReady = (): void => done(resolve);
    const onEnd = (): void => done(() => reject(cause));
    const timer = setTimeout(() => done(() => reject(cause)), ms);
    redis.once('ready', onReady);
    redis.once('end', onEnd);
  });
}

/** How long `acrossReconnect` waits for a dropped connection to come back (ioredis reconnects in ~50 ms). */
export const RECONNECT_GRACE_MS = 1_000;

/**
 * Runs `command`, an idempotent one; if it failed only because the client's connection had dropped (a Redis
 * restart or failover, an operator's `ACL LOAD` or `CLIENT KILL`), waits up to `graceMs` for the client to
 * reconnect and runs it once more. With the offline queue off (connectRedis) a command fails at once while
 * ioredis reconnects; where that failure costs more than a short wait — a resend check that fails makes a
 * connector write the message again — this rides out the blip. Redis really down still fails, after `graceMs`.
 */
export async function acrossReconnect<T>(
  redis: Redis,
  command: () => Promise<T>,
  graceMs: number = RECONNECT_GRACE_MS,
): Promise<T> {
  try {
    return await command();
  } catch (err) {
    if (!lostConnection(err)) throw err;
    await readyAgain(redis, graceMs, err);
    return command();
  }
}
