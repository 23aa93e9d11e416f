import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from '@jest/globals';
import { createRedis, loadConfig } from '@homefirst/runtime';
import { readModels } from '@homefirst/schemas';
import { connectedRedis, deleteRedisKeys } from '@homefirst/testing';
import type { Redis } from 'ioredis';
import { RedisReadModelReader } from '../redis-reader';

export interface ReaderFixture {
  /** The describe block's own namespace (`it-api-<label>-<random>:`). */
  readonly keys: readModels.ReadModelKeys;
  /** The connection the tests store records with. */
  redis(): Redis;
  /** The API's reader over the namespace, with the default view config. */
  reader(): RedisReadModelReader;
}

/**
 * The API's reader on the stack's Redis over a namespace of the describe block's own: connected before
 * the tests, every key of the namespace deleted after.
 */
export function useReaderFixture(label: string): ReaderFixture {
  const config = loadConfig(process.env);
  const keys = new readModels.ReadModelKeys(`it-api-${label}-${randomBytes(4).toString('hex')}:`);
  let redis: Redis | undefined;
  let reader: RedisReadModelReader | undefined;
  beforeAll(async () => {
    redis = await connectedRedis(config);
    reader = new RedisReadModelReader(
      redis,
      () => createRedis(config),
      keys.namespace,
      readModels.DEFAULT_VIEW_CONFIG,
    );
  });
  afterAll(async () => {
    if (redis === undefined) return;
    await deleteRedisKeys(redis, keys.namespace);
    redis.disconnect();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the reader fixture is used before its beforeAll ran');
    return value;
  };
  return { keys, redis: () => started(redis), reader: () => started(reader) };
}
