import { readModels } from '@homefirst/schemas';
import { setTimeout as sleep } from 'node:timers/promises';
import { createKafka, loadConfig, type HubConfig } from '@homefirst/runtime';
import {
  connectedRedis,
  createCatalogueTopics,
  portOpen,
  recordsWritten,
  sharedPrivateStack,
  uniqueName,
  waitFor,
} from '@homefirst/testing';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { projectAll } from '../offline/project';
import { readSnapshot } from '../redis/read-models';
import { population } from '../testing/population';
import { buildProjector, startProjector, type ProjectorProcess } from '../testing/process';
import { PERSON_TOPICS } from '../testing/projector-stack';
import { publishEvents, quietLogger } from '../testing/stack';

const { ReadModelKeys } = readModels;
type ReadModelKeys = readModels.ReadModelKeys;

// Kafka and Redis restart under a running projector: it rides the outages out and loses nothing.
// The disruptive tests' private stack (sharedPrivateStack; never the shared dev stack), started and stopped
// with the CLI.

jest.setTimeout(600_000);

describe('projector across Kafka and Redis restarts (private stack)', () => {
  const stack = sharedPrivateStack();
  const PORTS = stack.options.ports;
  const topicPrefix = `${uniqueName('dis')}.`;
  // Read once the stack is up: its Redis admin's password file exists from then on.
  let config: HubConfig;
  const keys = new ReadModelKeys(`${uniqueName('dis-rm')}:`);
  let kafka: Kafka;
  let projector: ProjectorProcess | undefined;

  beforeAll(async () => {
    buildProjector();
    // A start that fails (a port briefly held by something else) is stopped and retried.
    await stack.up([], 3);
    config = loadConfig({ ...stack.hubEnv, HOMEFIRST_TOPIC_PREFIX: topicPrefix });
    kafka = createKafka(config, quietLogger());
    await createCatalogueTopics(kafka, config.topicPrefix);
  });
  afterAll(async () => {
    await projector?.kill('SIGKILL');
  });

  const storedTotal = async (redis: Redis): Promise<number> => {
    let total = 0;
    for (const topic of PERSON_TOPICS)
      for (let partition = 0; partition < 6; partition += 1)
        total += Number((await redis.get(keys.offset(`${config.topicPrefix}${topic}`, partition))) ?? 0);
    return total;
  };

  it('given Kafka and then Redis restarted mid-stream, then the projector catches up with nothing lost or doubled', async () => {
    const events = population({
      persons: 300,
      seed: 4242,
      start: new Date('2025-03-03T00:00:00Z'),
      spreadHours: 24 * 10,
    });
    const thirds = [events.slice(0, 800), events.slice(800, 1600), events.slice(1600)];
    await publishEvents(config, thirds[0] ?? []);
    projector = startProjector(['run', '--no-sweep'], {
      ...stack.hubEnv,
      HOMEFIRST_KAFKA_BROKERS: config.kafka.brokers.join(','),
      HOMEFIRST_REGISTRY_URL: config.registry.url,
      HOMEFIRST_REDIS_URL: config.redis.url,
      HOMEFIRST_TOPIC_PREFIX: config.topicPrefix,
      HOMEFIRST_READMODEL_NAMESPACE: keys.namespace,
      HOMEFIRST_PROJECTOR_GROUP: uniqueName('dis-group'),
      HOMEFIRST_PROJECTOR_SESSION_TIMEOUT_MS: '6000',
      HOMEFIRST_PROJECTOR_SWEEP: 'false',
      HOMEFIRST_LOG_LEVEL: 'info',
    });
    await projector.running();

    await stack.down('kafka');
    expect(await portOpen(PORTS.kafka)).toBe(false);
    await sleep(5_000);
    await stack.up();
    await publishEvents(config, thirds[1] ?? []);

    await stack.down('redis');
    expect(await portOpen(PORTS.redis)).toBe(false);
    await sleep(3_000);
    await stack.up();
    await publishEvents(config, thirds[2] ?? []);

    const redis = await connectedRedis(config);
    try {
      const total = await recordsWritten(
        kafka,
        PERSON_TOPICS.map((t) => `${config.topicPrefix}${t}`),
      );
      expect(total).toBe(events.length);
      await waitFor(
        'the projector to catch up after the restarts',
        async () => ((await storedTotal(redis)) === total ? true : undefined),
        {
          timeoutMs: 180_000,
          intervalMs: 500,
          failFast: () =>
            projector?.child.exitCode === null
              ? undefined
              : `the projector exited (${projector?.child.exitCode})`,
        },
      ).catch((err: unknown) => {
        throw new Error(`${String(err)}\n${projector?.output() ?? ''}`);
      });
      expect(projector.child.exitCode).toBeNull(); // it rode the outages out
      expect(await readSnapshot(redis, keys)).toEqual(projectAll(events));
    } finally {
      redis.disconnect();
    }
    await projector.kill('SIGTERM');
  });
});
