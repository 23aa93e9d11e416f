import { uniqueName } from '@homefirst/testing';
import { readModels } from '@homefirst/schemas';
import { AssignerProtocol } from 'kafkajs';
import { projectAll } from '../offline/project';
import { readSnapshot } from '../redis/read-models';
import { population } from '../testing/population';
import type { ProjectorProcess } from '../testing/process';
import { PERSON_TOPICS, ProjectorStack } from '../testing/projector-stack';
import { publishEvents } from '../testing/stack';

const { ReadModelKeys } = readModels;
type ReadModelKeys = readModels.ReadModelKeys;

// Projections scale out through consumer groups: two instances split the partitions (partition p of both
// person topics on the same instance) and build the same read model as one instance does.

jest.setTimeout(240_000);

describe('two projector instances (real stack)', () => {
  const stack = new ProjectorStack();
  const { config, prefix } = stack;
  const pair = new ReadModelKeys(`${uniqueName('it-pair')}:`);
  const single = new ReadModelKeys(`${uniqueName('it-single')}:`);

  beforeAll(() => stack.startWithProjectorBuild());
  afterAll(() => stack.stopAll([pair.namespace, single.namespace]));

  const caughtUp = (keys: ReadModelKeys, processes: readonly ProjectorProcess[]): Promise<void> =>
    stack.waitForProjection(keys, 120_000, () => processes.map((p) => p.output()).join('\n'));

  it('given two instances in one group, then each owns half the partitions of both topics and the read model equals a single instance', async () => {
    const events = population({
      persons: 400,
      seed: 77,
      start: new Date('2025-03-03T00:00:00Z'),
      spreadHours: 24 * 10,
    });
    const group = uniqueName('it-pair-group');
    // Small windows and person caches: two members rebalancing must still write every event once.
    const small = {
      HOMEFIRST_PROJECTOR_WINDOW_LAG: '20',
      HOMEFIRST_PROJECTOR_WINDOW_MESSAGES: '150',
      HOMEFIRST_PROJECTOR_CACHED_PERSONS: '40',
    };
    const a = stack.startProjector(stack.processEnv(pair, group, small));
    const b = stack.startProjector(stack.processEnv(pair, group, small));
    await Promise.all([a.running(), b.running()]);
    await publishEvents(config, events);
    const total = await stack.published();
    expect(total).toBe(events.length);
    await caughtUp(pair, [a, b]);

    const admin = stack.kafka.admin();
    await admin.connect();
    const { groups } = await admin.describeGroups([group]);
    await admin.disconnect();
    const assignments = (groups[0]?.members ?? []).map(
      (member) => AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment ?? {},
    );
    expect(assignments).toHaveLength(2);
    for (const assignment of assignments) {
      const [hospital, council] = PERSON_TOPICS.map((topic) =>
        [...(assignment[`${prefix}${topic}`] ?? [])].sort(),
      );
      expect(hospital).toHaveLength(3);
      expect(council).toEqual(hospital); // co-partitioned: partition p of both topics together
    }

    const one = stack.startProjector(stack.processEnv(single, uniqueName('it-single-group')));
    await one.running();
    await caughtUp(single, [one]);

    const fromPair = await readSnapshot(stack.redis, pair);
    expect(await readSnapshot(stack.redis, single)).toEqual(fromPair);
    expect(fromPair).toEqual(projectAll(events));
    for (const projector of [a, b, one]) await projector.kill('SIGTERM');
    expect([a, b, one].map((p) => p.child.exitCode)).toEqual([0, 0, 0]);
  });
});
