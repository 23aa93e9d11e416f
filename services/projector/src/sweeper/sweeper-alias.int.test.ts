import { createProducer } from '@homefirst/runtime';
import { readModels } from '@homefirst/schemas';
import { uniqueName } from '@homefirst/testing';
import type { Producer } from 'kafkajs';
import { FollowedNamespace } from '../redis/namespace';
import { ReadModelWriter } from '../redis/writer';
import { population } from '../testing/population';
import { ProjectorStack } from '../testing/projector-stack';
import { codecFor, quietLogger } from '../testing/stack';
import { DeadlineSweeper } from './sweeper';

const { ReadModelKeys, VersionKeys } = readModels;

// The 48-hour sweeper follows the live alias: after a rebuild switched to v2 it sweeps v2's open episodes and
// records what it sent there, not in the version it was configured with.

const stack = new ProjectorStack();
const root = `${uniqueName('it-sweep-alias')}:`;
const v1 = new ReadModelKeys(`${root}v1:`);
const v2 = new ReadModelKeys(`${root}v2:`);
let producer: Producer;

beforeAll(async () => {
  await stack.start();
  producer = createProducer(stack.kafka);
  await producer.connect();
});
afterAll(async () => {
  await producer.disconnect();
  await stack.redis.del(new VersionKeys(root).alias);
  await stack.stop([v1.namespace, v2.namespace]);
});

it('given the alias names v2, then a sweeper configured with v1 sweeps and marks v2', async () => {
  const events = population({
    persons: 30,
    seed: 5,
    start: new Date('2025-03-01T00:00:00Z'),
    spreadHours: 48,
  });
  await new ReadModelWriter(stack.redis, v2).applyBatch(
    'it.homefirst.hospital.events.v1',
    0,
    events.map((event, offset) => ({ offset, event })),
    0,
  );
  await stack.redis.set(new VersionKeys(root).alias, 'v2');
  const codec = codecFor(stack.config);
  await codec.prepare(['homefirst.alerts.v1']);
  const sweeper = new DeadlineSweeper({
    redis: stack.redis,
    keys: new FollowedNamespace(v1.namespace),
    producer,
    codec,
    topicPrefix: stack.prefix,
    atRiskHours: 12,
    logger: quietLogger(),
  });
  const result = await sweeper.sweep(new Date('2025-03-20T00:00:00Z'));
  expect(result.due).toBeGreaterThan(0);
  expect(result.published).toBe(result.due);
  const marked = async (keys: readModels.ReadModelKeys): Promise<number> => {
    const [, found] = await stack.redis.scan(
      '0',
      'MATCH',
      `${keys.namespace}alerts:sent:*`,
      'COUNT',
      10_000_000,
    );
    return found.length;
  };
  expect(await marked(v2)).toBe(result.due);
  expect(await marked(v1)).toBe(0);
});
