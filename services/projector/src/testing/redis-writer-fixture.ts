import { afterEach, beforeEach } from '@jest/globals';
import { connectedRedis, deleteRedisKeys, uniqueName } from '@homefirst/testing';
import { readModels } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import type { ProjectedEvent } from '../person/journal';
import type { BatchMessage } from '../redis/writer';
import { stackConfig } from './stack';

/** Read-model writer helpers for the Redis stack tests (the shared stack's Redis). */

/** Events as one partition's batch, at consecutive offsets from `from`. */
export const asMessages = (events: readonly ProjectedEvent[], from = 0): BatchMessage[] =>
  events.map((event, i) => ({ offset: from + i, event }));

/** Two connections to the stack's Redis (a writer's and another client's) and a namespace of the test's own. */
export interface WriterFixture {
  readonly redis: Redis;
  readonly other: Redis;
  readonly keys: readModels.ReadModelKeys;
}

/**
 * Registers the hooks of a test file: before each test, both connections and the keys of a fresh
 * namespace named `${name}-…:`, handed to `use`; after it, the namespace deleted and the connections closed.
 */
export function useWriterFixture(name: string, use: (fixture: WriterFixture) => void): void {
  let fixture: WriterFixture | undefined;
  beforeEach(async () => {
    const config = stackConfig();
    fixture = {
      redis: await connectedRedis(config),
      other: await connectedRedis(config),
      keys: new readModels.ReadModelKeys(`${uniqueName(name)}:`),
    };
    use(fixture);
  });
  afterEach(async () => {
    if (fixture === undefined) return;
    await deleteRedisKeys(fixture.redis, fixture.keys.namespace);
    fixture.redis.disconnect();
    fixture.other.disconnect();
  });
}
