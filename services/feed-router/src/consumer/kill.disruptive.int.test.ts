import { withAdmin } from '@homefirst/runtime';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@homefirst/testing';
import type { FeedEvent } from '@homefirst/schemas';
import { CITY_COUNCILS, city } from '../testing/population';
import { buildFeedRouter, startFeedRouter, type RouterProcess } from '../testing/process';
import { FeedReader, codecFor, expectedFeeds, perPersonOrder, publishEvents } from '../testing/stack';
import { useRouterStack } from '../testing/router-stack';

// Two feed routers in one consumer group, kill -9 mid-stream twice: first one of the pair (the other takes
// its partitions and their routing state over), then the survivor (a fresh one replaces it). Afterwards
// every feed equals a fresh routing of the same events — no gap, no duplicate event id — read with
// isolation.level=read_committed. Only router processes are killed; the shared stack keeps running.

jest.setTimeout(300_000);

describe('two feed routers, kill -9 (shared stack, router processes only)', () => {
  let routers: RouterProcess[] = [];
  const { stack, topics } = useRouterStack('dis-feed', CITY_COUNCILS, async () => {
    for (const router of routers) await router.kill('SIGKILL');
  });
  const groupId = `${stack.prefix}feed-router`;
  const env = {
    HOMEFIRST_TOPIC_PREFIX: stack.prefix,
    HOMEFIRST_FEED_COUNCILS: CITY_COUNCILS.join(','),
    HOMEFIRST_FEED_ROUTER_GROUP: groupId,
    HOMEFIRST_FEED_ROUTER_SESSION_TIMEOUT_MS: '6000',
    HOMEFIRST_HTTP_PORT: '0',
  };

  beforeAll(() => buildFeedRouter());

  /** Whether the router's committed offsets reached the end of both input topics. */
  const caughtUp = async (): Promise<boolean> => {
    return withAdmin(stack.kafka, async (admin) => {
      for (const topic of [topics.hospital, topics.council]) {
        const ends = await admin.fetchTopicOffsets(topic);
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        for (const end of ends) {
          const at = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
          if (Number(at) < Number(end.high)) return false;
        }
      }
      return true;
    });
  };

  it('gives feeds equal to a fresh routing: no gap, no duplicate event id', async () => {
    // No cancellations: then a fresh routing's feeds do not depend on how the two topics interleave.
    const events = city({ persons: 900, seed: 91, cancellations: false, firstNhsNumber: 5_000 });
    const expected = expectedFeeds(events, CITY_COUNCILS);
    const total = [...expected.values()].reduce((sum, feed) => sum + feed.length, 0);
    const reader = new FeedReader(stack.kafka, codecFor(stack.config));
    await reader.start([...topics.feeds.values()]);
    try {
      const third = Math.ceil(events.length / 3);
      await publishEvents(stack.kafka, stack.config, events.slice(0, third), 50);
      routers = [startFeedRouter(env), startFeedRouter(env)];
      await Promise.all(routers.map((r) => r.running()));
      // Both members of the group, each with partitions of its own.
      await waitFor('two routers sharing the partitions', async () => {
        const { groups } = await withAdmin(stack.kafka, (admin) => admin.describeGroups([groupId]));
        const members = groups[0]?.members ?? [];
        return members.length === 2 && members.every((m) => m.memberAssignment.length > 0) ? true : undefined;
      });
      // Events keep arriving while the routers run; a router is killed twice while they write.
      const publishing = publishEvents(stack.kafka, stack.config, events.slice(third), 25);
      const killedAt: number[] = [];
      const killAt = async (share: number, router: RouterProcess | undefined): Promise<void> => {
        await waitFor(
          'feeds partly written',
          () => (reader.events.length >= share * total ? true : undefined),
          120_000,
        );
        await router?.kill('SIGKILL');
        killedAt.push(reader.events.length);
      };
      // One of the pair: the other carries on alone.
      await killAt(0.2, routers[0]);
      // The survivor: a fresh router replaces it.
      await killAt(0.55, routers[1]);
      await sleep(500);
      const fresh = startFeedRouter(env);
      routers.push(fresh);
      await fresh.running();
      await publishing;
      await waitFor('the router caught up', async () => ((await caughtUp()) ? true : undefined), 180_000);
      await waitFor('the feeds read', () => (reader.events.length >= total ? true : undefined), 60_000);
      await sleep(2_000);

      expect(killedAt.every((n) => n > 0 && n < total)).toBe(true);
      // Repeats first: a failure then names them rather than only counting.
      const seen = new Map<string, string[]>();
      reader.events.forEach((e, i) =>
        seen.set(e.eventId, [...(seen.get(e.eventId) ?? []), reader.positions[i]!]),
      );
      const repeated = [...seen].filter(([, at]) => at.length > 1).slice(0, 10);
      expect(repeated).toEqual([]);
      expect(reader.events).toHaveLength(total);
      for (const laCode of CITY_COUNCILS) {
        const feed = reader.events.filter((e) => e.laCode === laCode);
        const want = expected.get(laCode) ?? [];
        const ids = (list: readonly FeedEvent[]) => list.map((e) => e.eventId).sort();
        expect(new Set(ids(feed)).size).toBe(feed.length);
        expect(ids(feed)).toEqual(ids(want));
        expect(perPersonOrder(feed)).toEqual(perPersonOrder(want));
      }
    } finally {
      await reader.stop();
    }
  });
});
