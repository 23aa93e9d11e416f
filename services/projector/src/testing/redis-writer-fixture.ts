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

/** Opens a fixture: both connections, and the keys of a fresh namespace named `${name}-…:`. */
export async function openWriterFixture(name: string): Promise<WriterFixture> {
  const config = stackConfig();
  return {
    redis: await connectedRedis(config),
    other: await connectedRedis(config),
    keys: new readModels.ReadModelKeys(`${uniqueName(name)}:`),
  };
}

/** Deletes the fixture's namespace and closes both connections. */
export async function closeWriterFixture(fixture: WriterFixture): Promise<void> {
  await deleteRedisKeys(fixture.redis, fixture.keys.namespace);
  fixture.redis.disconnect();
  fixture.other.disconnect();
}
