import { readModels } from '@homefirst/schemas';
import { spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createKafka, loadConfig, type HubConfig } from '@homefirst/runtime';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { projectAll } from '../offline/project';
import { readSnapshot } from '../redis/read-models';
import { population } from '../testing/population';
import { buildProjector, repoRoot, startProjector, type ProjectorProcess } from '../testing/process';
import {
  connectedRedis,
  createTopics,
  endOffsets,
  publishEvents,
  quietLogger,
  uniqueName,
  waitFor,
} from '../testing/stack';

const { ReadModelKeys } = readModels;
type ReadModelKeys = readModels.ReadModelKeys;

// Kafka and Redis restart under a running projector: it rides the outages out and loses nothing.
// A private stack on the projector's own ports (never the shared one), started and stopped with the CLI.

jest.setTimeout(600_000);

const PORTS = {
  HOMEFIRST_KAFKA_PORT: '29192',
  HOMEFIRST_KAFKA_CONTROLLER_PORT: '29193',
  HOMEFIRST_REGISTRY_PORT: '28181',
  HOMEFIRST_REDIS_PORT: '26479',
};
const TOPICS = ['homefirst.hospital.events.v1', 'homefirst.council.events.v1'];

describe('projector across Kafka and Redis restarts (private stack)', () => {
  const hubDir = mkdtempSync(join(tmpdir(), 'homefirst-projector-hub-'));
  const stackEnv = { ...process.env, ...PORTS, HOMEFIRST_HUB_DIR: hubDir };
  const stack = (...args: string[]): string => {
    const result = spawnSync(
      process.execPath,
      [resolve(repoRoot(), 'services/cli/bin/homefirst.js'), 'stack', ...args],
      {
        env: stackEnv,
        encoding: 'utf8',
      },
    );
    if (result.status !== 0)
      throw new Error(`homefirst stack ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
    return `${result.stdout}${result.stderr}`;
  };
  const config: HubConfig = loadConfig({
    HOMEFIRST_KAFKA_BROKERS: `127.0.0.1:${PORTS.HOMEFIRST_KAFKA_PORT}`,
    HOMEFIRST_REGISTRY_URL: `http://127.0.0.1:${PORTS.HOMEFIRST_REGISTRY_PORT}/apis/ccompat/v7`,
    HOMEFIRST_REDIS_URL: `redis://127.0.0.1:${PORTS.HOMEFIRST_REDIS_PORT}`,
    HOMEFIRST_TOPIC_PREFIX: `${uniqueName('dis')}.`,
  });
  const keys = new ReadModelKeys(`${uniqueName('dis-rm')}:`);
  let kafka: Kafka;
  let projector: ProjectorProcess | undefined;

  beforeAll(async () => {
    buildProjector();
    stack('up');
    kafka = createKafka(config, quietLogger());
    await createTopics(kafka, config.topicPrefix, 6);
  });
  afterAll(async () => {
    await projector?.kill('SIGKILL');
    const down = stack('down');
    rmSync(hubDir, { recursive: true, force: true });
    expect(down).not.toMatch(/fail|still running/i);
  });

  /** Whether something accepts TCP connections on the port (proves a server really is down). */
  const listening = (port: string): Promise<boolean> =>
    new Promise((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port: Number(port) });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });

  const storedTotal = async (redis: Redis): Promise<number> => {
    let total = 0;
    for (const topic of TOPICS)
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

    stack('down', 'kafka');
    expect(await listening(PORTS.HOMEFIRST_KAFKA_PORT)).toBe(false);
    await sleep(5_000);
    stack('up');
    await publishEvents(config, thirds[1] ?? []);

    stack('down', 'redis');
    expect(await listening(PORTS.HOMEFIRST_REDIS_PORT)).toBe(false);
    await sleep(3_000);
    stack('up');
    await publishEvents(config, thirds[2] ?? []);

    const redis = await connectedRedis(config);
    try {
      const total = [
        ...(
          await endOffsets(
            kafka,
            TOPICS.map((t) => `${config.topicPrefix}${t}`),
          )
        ).values(),
      ].reduce((a, b) => a + b, 0);
      expect(total).toBe(events.length);
      await waitFor(
        'the projector to catch up after the restarts',
        async () => ((await storedTotal(redis)) === total ? true : undefined),
        180_000,
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
