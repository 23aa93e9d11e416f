import { waitFor } from '@homefirst/testing';
import type { FeedEvent } from '@homefirst/schemas';
import { CITY_COUNCILS, city } from '../testing/population';
import { FeedReader, codecFor, expectedFeeds, perPersonOrder, publishEvents } from '../testing/stack';
import { routerOn, servingOnly, useRouterStack } from '../testing/router-stack';
import type { RouterTopics } from './topics';

// Two members of one router group that serve different councils (a rolling restart adding a council, or a
// misconfigured instance) must not share the partitions: a partition routed for one set of councils, then the
// other, then back, leaves gaps in a feed or sends its events twice. The member on the leader's councils does
// the work; the other waits, and takes over (with the backfill) once it is on its own.

jest.setTimeout(180_000);

describe('router members that serve different councils (real Kafka, registry)', () => {
  const { stack, topics } = useRouterStack('it-feed-agree', CITY_COUNCILS);
  const [first, ...added] = CITY_COUNCILS;
  const serving = (councils: readonly string[]): RouterTopics => servingOnly(topics, councils);

  it('gives the member that disagrees with the leader nothing; it takes over alone, and the feeds are whole', async () => {
    const events = city({ persons: 200, seed: 31, cancellations: false, firstNhsNumber: 14_000 });
    const extra = city({ persons: 40, seed: 32, cancellations: false, firstNhsNumber: 16_000 });
    const reader = new FeedReader(stack.kafka, codecFor(stack.config));
    await reader.start([...topics.feeds.values()]);
    const leader = routerOn(stack, serving([first]), 'router');
    const other = routerOn(stack, serving(CITY_COUNCILS), 'router');
    try {
      await publishEvents(stack.kafka, stack.config, events, 100);
      await leader.start();
      await waitFor('routed by the leader', () =>
        leader.counts.consumed === events.length ? true : undefined,
      );
      await other.start();
      await waitFor('the other member joined', () => (other.isJoined ? true : undefined), 60_000);
      // Both in the group now: what arrives is routed by the leader alone, for its one council.
      await publishEvents(stack.kafka, stack.config, extra, 100);
      await waitFor('the extra routed', () =>
        leader.counts.consumed >= events.length + extra.length ? true : undefined,
      );
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(other.counts.consumed).toBe(0);
      expect(other.counts.backfilled).toBe(0);
      expect(reader.events.every((e) => e.laCode === first)).toBe(true);

      // The leader leaves: the other member gets every partition and sends the added councils what they missed.
      await leader.stop();
      const expected = expectedFeeds([...events, ...extra], CITY_COUNCILS);
      const total = [...expected.values()].reduce((sum, feed) => sum + feed.length, 0);
      // Its restore comes with its first batch: one more person's events.
      const last = city({ persons: 3, seed: 33, cancellations: false, firstNhsNumber: 18_000 });
      const expectedAfter = expectedFeeds([...events, ...extra, ...last], CITY_COUNCILS);
      const totalAfter = [...expectedAfter.values()].reduce((sum, feed) => sum + feed.length, 0);
      expect(totalAfter).toBeGreaterThan(total);
      await publishEvents(stack.kafka, stack.config, last, 100);
      await waitFor('the feeds read', () => (reader.events.length >= totalAfter ? true : undefined), 60_000);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(other.counts.backfilled).toBeGreaterThan(0);

      const ids = (list: readonly FeedEvent[]) => list.map((e) => e.eventId).sort();
      expect(reader.events).toHaveLength(totalAfter);
      for (const laCode of [first, ...added]) {
        const feed = reader.events.filter((e) => e.laCode === laCode);
        const want = expectedAfter.get(laCode) ?? [];
        expect(want.length).toBeGreaterThan(20);
        expect(new Set(ids(feed)).size).toBe(feed.length);
        expect(ids(feed)).toEqual(ids(want));
        expect(perPersonOrder(feed)).toEqual(perPersonOrder(want));
      }
    } finally {
      await leader.stop();
      await other.stop();
      await reader.stop();
    }
  });
});
