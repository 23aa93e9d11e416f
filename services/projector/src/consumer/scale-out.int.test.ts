import { readModels } from '@homefirst/schemas';
import { createKafka } from '@homefirst/runtime';
import type { Redis } from 'ioredis';
import { AssignerProtocol, type Kafka } from 'kafkajs';
import { projectAll } from '../offline/project';
import { readSnapshot } from '../redis/read-models';
import { population } from '../testing/population';
import { buildProjector, startProjector, type ProjectorProcess } from '../testing/process';
import {
  connectedRedis,
  createTopics,
  deleteTopics,
  dropNamespace,
  endOffsets,
  publishEvents,
  quietLogger,
  stackConfig,
  uniqueName,
  waitFor,
} from '../testing/stack';

const { ReadModelKeys } = readModels;
type ReadModelKeys = readModels.ReadModelKeys;

// Projections scale out through consumer groups: two instances split the partitions (partition p of both
// person topics on the same instance) and build the same read model as one instance does.

jest.setTimeout(240_000);

const TOPICS = ['homefirst.hospital.events.v1', 'homefirst.council.events.v1'];

describe('two projector instances (real stack)', () => {
  const config = stackConfig();
  const prefix = config.topicPrefix;
  let kafka: Kafka;
  let redis: Redis;
  const pair = new ReadModelKeys(`${uniqueName('it-pair')}:`);
  const single = new ReadModelKeys(`${uniqueName('it-single')}:`);
  const running: ProjectorProcess[] = [];

  beforeAll(async () => {
    buildProjector();
    kafka = createKafka(config, quietLogger());
    await createTopics(kafka, prefix, 6);
    redis = await connectedRedis(config);
  });
  afterAll(async () => {
    for (const projector of running) await projector.kill('SIGKILL');
    await dropNamespace(redis, pair.namespace);
    await dropNamespace(redis, single.namespace);
    redis.disconnect();
    await deleteTopics(kafka, prefix);
  });

  const envFor = (keys: ReadModelKeys, group: string): Record<string, string> => ({
    HOMEFIRST_KAFKA_BROKERS: config.kafka.brokers.join(','),
    HOMEFIRST_REGISTRY_URL: config.registry.url,
    HOMEFIRST_REDIS_URL: config.redis.url,
    HOMEFIRST_TOPIC_PREFIX: prefix,
    HOMEFIRST_READMODEL_NAMESPACE: keys.namespace,
    HOMEFIRST_PROJECTOR_GROUP: group,
    HOMEFIRST_PROJECTOR_SESSION_TIMEOUT_MS: '6000',
    HOMEFIRST_PROJECTOR_SWEEP: 'false',
    HOMEFIRST_LOG_LEVEL: 'info',
  });

  const caughtUp = async (
    keys: ReadModelKeys,
    total: number,
    processes: readonly ProjectorProcess[],
  ): Promise<void> => {
    await waitFor(
      `${keys.namespace} to catch up`,
      async () => {
        let stored = 0;
        for (const topic of TOPICS)
          for (let partition = 0; partition < 6; partition += 1)
            stored += Number((await redis.get(keys.offset(`${prefix}${topic}`, partition))) ?? 0);
        return stored === total ? true : undefined;
      },
      120_000,
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${processes.map((p) => p.output()).join('\n')}`);
    });
  };

  it('given two instances in one group, then each owns half the partitions of both topics and the read model equals a single instance', async () => {
    const events = population({
      persons: 400,
      seed: 77,
      start: new Date('2025-03-03T00:00:00Z'),
      spreadHours: 24 * 10,
    });
    const group = uniqueName('it-pair-group');
    const a = startProjector(['run', '--no-sweep'], envFor(pair, group));
    const b = startProjector(['run', '--no-sweep'], envFor(pair, group));
    running.push(a, b);
    await Promise.all([a.running(), b.running()]);
    await publishEvents(config, events);
    const total = [
      ...(
        await endOffsets(
          kafka,
          TOPICS.map((t) => `${prefix}${t}`),
        )
      ).values(),
    ].reduce((sum, n) => sum + n, 0);
    expect(total).toBe(events.length);
    await caughtUp(pair, total, [a, b]);

    const admin = kafka.admin();
    await admin.connect();
    const { groups } = await admin.describeGroups([group]);
    await admin.disconnect();
    const assignments = (groups[0]?.members ?? []).map(
      (member) => AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment ?? {},
    );
    expect(assignments).toHaveLength(2);
    for (const assignment of assignments) {
      const [hospital, council] = TOPICS.map((topic) => [...(assignment[`${prefix}${topic}`] ?? [])].sort());
      expect(hospital).toHaveLength(3);
      expect(council).toEqual(hospital); // co-partitioned: partition p of both topics together
    }

    const one = startProjector(['run', '--no-sweep'], envFor(single, uniqueName('it-single-group')));
    running.push(one);
    await one.running();
    await caughtUp(single, total, [one]);

    const fromPair = await readSnapshot(redis, pair);
    expect(await readSnapshot(redis, single)).toEqual(fromPair);
    expect(fromPair).toEqual(projectAll(events));
    for (const projector of [a, b, one]) await projector.kill('SIGTERM');
    expect([a, b, one].map((p) => p.child.exitCode)).toEqual([0, 0, 0]);
  });
});
