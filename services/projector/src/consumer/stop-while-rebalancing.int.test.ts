import { setTimeout as sleep } from 'node:timers/promises';
import { CoPartitionedAssigner, createProducer, withAdmin } from '@homefirst/runtime';
import { readModels } from '@homefirst/schemas';
import { uniqueName, waitFor } from '@homefirst/testing';
import type { Consumer } from 'kafkajs';
import { ReadModelWriter } from '../redis/writer';
import type { ProjectorProcess } from '../testing/process';
import { ProjectorStack } from '../testing/projector-stack';
import { codecFor, quietLogger } from '../testing/stack';
import { LiveProjector } from './live-projector';

// A projector stopped while its group rebalances — here a member has crashed and another joins, so the broker
// holds the rejoin until the crashed member's session runs out — stops at once. kafkajs' disconnect waits for
// the join to end: longer than the shutdown allows (an error line, exit code 1). Before December 2026 only the
// projector's first join was covered, not a rebalance after it (the feed router's test covers its own).

jest.setTimeout(120_000);

const SESSION_MS = 20_000;
const { ReadModelKeys } = readModels;

describe('projector: a stop during a rebalance', () => {
  const stack = new ProjectorStack();
  const keys = new ReadModelKeys(`${uniqueName('it-stop-rebalance')}:`);
  const groupId = uniqueName('it-stop-rebalance-group');
  const closers: (() => Promise<unknown>)[] = [];
  let crashed: ProjectorProcess | undefined;

  beforeAll(() => stack.startWithProjectorBuild());
  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await stack.stopAll([keys.namespace]);
  });

  const members = (): Promise<number | undefined> =>
    withAdmin(stack.kafka, async (admin) => {
      const { groups } = await admin.describeGroups([groupId]);
      return groups[0]?.state === 'Stable' ? groups[0].members.length : undefined;
    });

  it('does not wait for the rejoin to end', async () => {
    const redis = await stack.connectRedis();
    const producer = createProducer(stack.kafka);
    await producer.connect();
    closers.push(
      () => Promise.resolve(redis.disconnect()),
      () => producer.disconnect(),
    );
    const projector = new LiveProjector({
      kafka: stack.kafka,
      codec: codecFor(stack.config),
      writer: new ReadModelWriter(redis, keys),
      producer,
      topicPrefix: stack.prefix,
      groupId,
      logger: quietLogger(),
      sessionTimeoutMs: SESSION_MS,
    });
    await projector.start();
    await waitFor('the projector in its group', async () => ((await members()) === 1 ? true : undefined));

    // A second member, killed: it stays in the group until its session runs out.
    crashed = stack.startProjector(
      stack.processEnv(keys, groupId, {
        HOMEFIRST_PROJECTOR_SESSION_TIMEOUT_MS: String(SESSION_MS),
        HOMEFIRST_HTTP_PORT: '0',
      }),
    );
    await waitFor('two members', async () => ((await members()) === 2 ? true : undefined), 60_000);
    await crashed.kill('SIGKILL');

    // A third joins: the group rebalances, and waits for the killed member before it completes.
    const third: Consumer = stack.kafka.consumer({
      groupId,
      partitionAssigners: [CoPartitionedAssigner],
      sessionTimeout: SESSION_MS,
      rebalanceTimeout: 2 * SESSION_MS,
    });
    await third.connect();
    await third.subscribe({ topics: stack.personTopics(), fromBeginning: true });
    const running = third.run({ eachBatch: () => Promise.resolve() }).catch((error: unknown) => error);
    closers.push(async () => {
      await third.disconnect();
      await running;
    });
    // The projector hears of the rebalance at its next heartbeat (every SESSION_MS / 10) and rejoins.
    await sleep(SESSION_MS / 10 + 3_000);
    expect(
      await withAdmin(stack.kafka, async (admin) => (await admin.describeGroups([groupId])).groups[0]?.state),
    ).toBe('PreparingRebalance');
    expect(projector.isJoined).toBe(true); // joined once: the start-up join is not what is tested here

    const started = performance.now();
    await projector.stop();
    expect(performance.now() - started).toBeLessThan(5_000);
    // The member it left behind goes with its leave (or its session): the group settles on the third alone.
    await waitFor(
      'the group settled without the projector',
      async () => ((await members()) === 1 ? true : undefined),
      60_000,
    );
    // And it stays stopped: no consumer of its restarted by kafkajs after its cut-short join (restartUnlessStopped).
    await sleep(5_000);
    expect(await members()).toBe(1);
  });
});
