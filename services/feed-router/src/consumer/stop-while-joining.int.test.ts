import { withAdmin } from '@homefirst/runtime';
import { waitFor } from '@homefirst/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { CITY_COUNCILS } from '../testing/population';
import { buildFeedRouter, startFeedRouter, type RouterProcess } from '../testing/process';
import { codecFor } from '../testing/stack';
import { useRouterStack } from '../testing/router-stack';
import { FeedRouter } from './feed-router';

// A router stopped while it joins its group — just restarted after a crash, the crashed member's session not
// yet expired, so the broker holds the join — stops at once. kafkajs' disconnect waits for the join to end,
// which took up to the rebalance timeout: longer than the shutdown allows (an error line, exit code 1).

jest.setTimeout(120_000);

const SESSION_MS = 20_000;

describe('feed router: a stop during a join', () => {
  let crashed: RouterProcess | undefined;
  const { stack, topics } = useRouterStack('stop-join', CITY_COUNCILS, async () => {
    await crashed?.kill('SIGKILL');
  });
  const groupId = `${stack.prefix}feed-router`;

  beforeAll(() => buildFeedRouter());

  it('does not wait for the join to end', async () => {
    crashed = startFeedRouter({
      HOMEFIRST_TOPIC_PREFIX: stack.prefix,
      HOMEFIRST_FEED_COUNCILS: CITY_COUNCILS.join(','),
      HOMEFIRST_FEED_ROUTER_GROUP: groupId,
      HOMEFIRST_FEED_ROUTER_SESSION_TIMEOUT_MS: String(SESSION_MS),
      HOMEFIRST_HTTP_PORT: '0',
    });
    await crashed.running();
    await waitFor('the first router in its group', () =>
      withAdmin(stack.kafka, async (admin) => {
        const { groups } = await admin.describeGroups([groupId]);
        return groups[0]?.state === 'Stable' && groups[0].members.length === 1 ? true : undefined;
      }),
    );
    await crashed.kill('SIGKILL'); // its member stays in the group until its session runs out

    const router = new FeedRouter({
      kafka: stack.kafka,
      codec: codecFor(stack.config),
      topics,
      groupId,
      logger: stack.logger,
      sessionTimeoutMs: SESSION_MS,
    });
    // kafkajs' run() resolves once joined: the start is under way, not awaited.
    const starting = router.start().catch((error: unknown) => error);
    await sleep(2_000);
    expect(router.isJoined).toBe(false); // the broker holds the join for the crashed member

    const started = performance.now();
    await router.stop();
    expect(performance.now() - started).toBeLessThan(5_000);
    await starting;

    // And it stays stopped: kafkajs starts a consumer whose join was cut short again a moment later, unless
    // told its owner has stopped (runtime's restartUnlessStopped) — a member back in the group, reading.
    const groupState = (): Promise<string | undefined> =>
      withAdmin(stack.kafka, async (admin) => (await admin.describeGroups([groupId])).groups[0]?.state);
    await waitFor(
      'the group empty',
      async () => ((await groupState()) === 'Empty' ? true : undefined),
      60_000,
    );
    await sleep(5_000);
    expect(await groupState()).toBe('Empty');
  });
});
