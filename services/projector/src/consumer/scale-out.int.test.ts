import { uniqueName, waitFor } from '@homefirst/testing';
import { catalogue, readModels } from '@homefirst/schemas';
import { AssignerProtocol } from 'kafkajs';
import { projectAll } from '../offline/project';
import { readSnapshot } from '../redis/read-models';
import { population } from '../testing/population';
import type { ProjectorProcess } from '../testing/process';
import { PERSON_TOPICS, ProjectorStack } from '../testing/projector-stack';
import { publishEvents } from '../testing/stack';

const { ReadModelKeys } = readModels;
type ReadModelKeys = readModels.ReadModelKeys;

// Projections scale out through consumer groups: three instances split the partitions (partition p of both
// person topics on the same instance); one is SIGKILLed while events are still arriving and the other two
// take its partitions over; the read model equals what one instance builds, and the offline projection.

jest.setTimeout(240_000);

describe('three projector instances, one killed (real stack)', () => {
  const stack = new ProjectorStack();
  const { config, prefix } = stack;
  const pair = new ReadModelKeys(`${uniqueName('it-trio')}:`);
  const single = new ReadModelKeys(`${uniqueName('it-single')}:`);

  beforeAll(() => stack.startWithProjectorBuild());
  afterAll(() => stack.stopAll([pair.namespace, single.namespace]));

  const caughtUp = (keys: ReadModelKeys, processes: readonly ProjectorProcess[]): Promise<void> =>
    stack.waitForProjection(keys, 120_000, () => processes.map((p) => p.output()).join('\n'));

  it('given three instances in one group and one SIGKILLed mid-stream, then the others take its partitions over and the read model equals a single instance', async () => {
    const events = population({
      persons: 400,
      seed: 77,
      start: new Date('2025-03-03T00:00:00Z'),
      spreadHours: 24 * 10,
    });
    const group = uniqueName('it-trio-group');
    // Small windows and person caches: members rebalancing must still write every event once.
    const small = {
      HOMEFIRST_PROJECTOR_WINDOW_LAG: '20',
      HOMEFIRST_PROJECTOR_WINDOW_MESSAGES: '150',
      HOMEFIRST_PROJECTOR_CACHED_PERSONS: '40',
    };
    const [a, b, c] = [0, 1, 2].map(() => stack.startProjector(stack.processEnv(pair, group, small)));
    if (a === undefined || b === undefined || c === undefined) throw new Error('three projectors expected');
    await Promise.all([a.running(), b.running(), c.running()]);
    const assignmentsOf = async () => {
      const admin = stack.kafka.admin();
      await admin.connect();
      try {
        const { groups } = await admin.describeGroups([group]);
        return (groups[0]?.members ?? []).map(
          (member) => AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment ?? {},
        );
      } finally {
        await admin.disconnect();
      }
    };
    const partitions = catalogue.find((spec) => spec.name === PERSON_TOPICS[0])?.partitions ?? 0;
    expect(partitions % 3).toBe(0);
    // Each of the three owns a third of each person topic, the same p of both (co-partitioned).
    await waitFor('three members, each with its partitions', async () =>
      (await assignmentsOf()).length === 3 ? true : undefined,
    );
    for (const assignment of await assignmentsOf()) {
      const [hospital, council] = PERSON_TOPICS.map((topic) =>
        [...(assignment[`${prefix}${topic}`] ?? [])].sort(),
      );
      expect(hospital).toHaveLength(partitions / 3);
      expect(council).toEqual(hospital);
    }

    // The first half, then a kill while the second half is being written.
    const half = Math.floor(events.length / 2);
    await publishEvents(config, events.slice(0, half));
    const rest = publishEvents(config, events.slice(half));
    await c.kill('SIGKILL');
    await rest;
    const total = await stack.published();
    expect(total).toBe(events.length);
    await caughtUp(pair, [a, b]);
    // The two survivors own every partition between them.
    // (The group notices the killed member when its session expires, 6 s.)
    await waitFor('the group down to two members', async () =>
      (await assignmentsOf()).length === 2 ? true : undefined,
    );
    const after = await assignmentsOf();
    const owned = after.flatMap((assignment) => [...(assignment[`${prefix}${PERSON_TOPICS[0]}`] ?? [])]);
    expect(owned.sort((x, y) => x - y)).toEqual(Array.from({ length: partitions }, (_, p) => p));

    const one = stack.startProjector(stack.processEnv(single, uniqueName('it-single-group')));
    await one.running();
    await caughtUp(single, [one]);

    const fromTrio = await readSnapshot(stack.redis, pair);
    expect(await readSnapshot(stack.redis, single)).toEqual(fromTrio);
    expect(fromTrio).toEqual(projectAll(events));
    for (const projector of [a, b, one]) await projector.kill('SIGTERM');
    expect([a, b, one].map((p) => p.child.exitCode)).toEqual([0, 0, 0]);
  });
});
