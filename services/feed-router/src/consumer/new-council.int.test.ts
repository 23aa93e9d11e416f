import { metricsRegistry } from '@homefirst/runtime';
import { waitFor } from '@homefirst/testing';
import type { FeedEvent } from '@homefirst/schemas';
import { CITY_COUNCILS, city } from '../testing/population';
import { FeedReader, codecFor, expectedFeeds, perPersonOrder, publishEvents } from '../testing/stack';
import { routerOn, servingOnly, useRouterStack } from '../testing/router-stack';
import { servedRecord } from './served';
import type { RouterTopics } from './topics';

// A council added to a router that has routed (HOMEFIRST_FEED_COUNCILS grew, the router restarted): its feed
// gets what it missed — its people's stays from admission and its own earlier events — before anything new,
// and ends equal to a fresh routing with it served from the start. The councils served before get nothing twice.

jest.setTimeout(180_000);

describe('a council added later (real Kafka, registry)', () => {
  const { stack, topics } = useRouterStack('it-feed-added', CITY_COUNCILS);
  const [first, ...added] = CITY_COUNCILS;
  const serving = (councils: readonly string[]): RouterTopics => servingOnly(topics, councils);

  it('sends it what it missed, in per-person order, once; the others get nothing twice', async () => {
    // No cancellations: a fresh routing's feeds then do not depend on how the two topics interleave.
    const events = city({ persons: 300, seed: 23, cancellations: false, firstNhsNumber: 7_000 });
    const before = Math.floor(events.length * 0.6);
    const expected = expectedFeeds(events, CITY_COUNCILS);
    const total = [...expected.values()].reduce((sum, feed) => sum + feed.length, 0);
    const reader = new FeedReader(stack.kafka, codecFor(stack.config));
    await reader.start([...topics.feeds.values()]);
    try {
      await publishEvents(stack.kafka, stack.config, events.slice(0, before), 100);
      const one = routerOn(stack, serving([first]), 'feed-router');
      await one.start();
      await waitFor('the first events routed', () => (one.counts.consumed === before ? true : undefined));
      await one.stop();
      expect(one.counts.unserved).toBeGreaterThan(0);
      expect(reader.events.every((e) => e.laCode === first)).toBe(true);

      const all = routerOn(stack, serving(CITY_COUNCILS), 'feed-router');
      await all.start();
      await publishEvents(stack.kafka, stack.config, events.slice(before), 100);
      await waitFor('the rest routed', () =>
        all.counts.consumed === events.length - before ? true : undefined,
      );
      await waitFor('the feeds read', () => (reader.events.length >= total ? true : undefined), 30_000);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await all.stop();
      expect(all.counts.backfilled).toBeGreaterThan(0);
      // The ops port's metrics say it, by feed topic.
      const backfilled = (
        await metricsRegistry.getSingleMetric('homefirst_feed_router_backfilled_total')?.get()
      )?.values;
      expect(backfilled?.reduce((sum, v) => sum + v.value, 0)).toBe(all.counts.backfilled);
      expect(backfilled?.some((v) => v.labels.topic === topics.feeds.get(first))).toBe(false);

      const ids = (list: readonly FeedEvent[]) => list.map((e) => e.eventId).sort();
      expect(reader.events).toHaveLength(total);
      for (const laCode of CITY_COUNCILS) {
        const feed = reader.events.filter((e) => e.laCode === laCode);
        const want = expected.get(laCode) ?? [];
        expect(want.length).toBeGreaterThan(20);
        expect(new Set(ids(feed)).size).toBe(feed.length);
        expect(ids(feed)).toEqual(ids(want));
        expect(perPersonOrder(feed)).toEqual(perPersonOrder(want));
      }
      // Some of what the added councils got happened before they were served.
      const early = new Set(events.slice(0, before).map((e) => e.eventId));
      for (const laCode of added)
        expect(reader.events.some((e) => e.laCode === laCode && early.has(e.sourceEventId))).toBe(true);

      // Restarted with the same councils (its restore comes with its first batch): nothing to backfill,
      // nothing sent again; what is new is routed as before.
      const extra = city({ persons: 30, seed: 24, cancellations: false, firstNhsNumber: 9_000 });
      const expectedAfter = expectedFeeds([...events, ...extra], CITY_COUNCILS);
      const totalAfter = [...expectedAfter.values()].reduce((sum, feed) => sum + feed.length, 0);
      const again = routerOn(stack, serving(CITY_COUNCILS), 'feed-router');
      await again.start();
      await publishEvents(stack.kafka, stack.config, extra, 100);
      await waitFor('the extra routed', () => (again.counts.consumed === extra.length ? true : undefined));
      await waitFor('the feeds read', () => (reader.events.length >= totalAfter ? true : undefined), 30_000);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await again.stop();
      expect(again.counts.backfilled).toBe(0);
      expect(ids(reader.events)).toEqual(ids([...expectedAfter.values()].flat()));
    } finally {
      await reader.stop();
    }
  });
});

describe('a backfill that was interrupted (real Kafka, registry)', () => {
  const { stack, topics } = useRouterStack('it-feed-resumed', CITY_COUNCILS);
  const [first, resumed, fresh] = CITY_COUNCILS;

  it('goes on where it was: the feed events it had written are not written again', async () => {
    const events = city({ persons: 200, seed: 25, cancellations: false, firstNhsNumber: 11_000 });
    const expected = expectedFeeds(events, CITY_COUNCILS);
    const reader = new FeedReader(stack.kafka, codecFor(stack.config));
    await reader.start([...topics.feeds.values()]);
    try {
      await publishEvents(stack.kafka, stack.config, events, 100);
      const one = routerOn(
        stack,
        { ...topics, feeds: new Map([[first, topics.feeds.get(first)!]]) },
        'router',
      );
      await one.start();
      await waitFor('all routed', () => (one.counts.consumed === events.length ? true : undefined));
      await one.stop();
      // What a backfill stopped after writing 5 of `resumed`'s feed events on partition 0 left in the state
      // topic (here they were never written: the feed will lack exactly those 5).
      const producer = stack.kafka.producer();
      await producer.connect();
      const record = servedRecord(0, { councils: [first], backfill: { [resumed]: 5 } });
      await producer.send({ topic: topics.state, messages: [record], acks: -1 });
      await producer.disconnect();

      const all = routerOn(stack, topics, 'router');
      await all.start();
      // Its restore comes with a batch: one more person's events.
      const extra = city({ persons: 5, seed: 26, cancellations: false, firstNhsNumber: 12_000 });
      await publishEvents(stack.kafka, stack.config, extra, 100);
      await waitFor('the extra routed', () => (all.counts.consumed === extra.length ? true : undefined));
      const after = expectedFeeds([...events, ...extra], CITY_COUNCILS);
      const total = [...after.values()].reduce((sum, feed) => sum + feed.length, 0);
      await waitFor('the feeds read', () => (reader.events.length >= total - 5 ? true : undefined), 30_000);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await all.stop();

      const ids = (list: readonly FeedEvent[]) => list.map((e) => e.eventId).sort();
      const feedOf = (laCode: string) => reader.events.filter((e) => e.laCode === laCode);
      expect(expected.get(resumed)!.length).toBeGreaterThan(20);
      for (const laCode of [first, fresh]) expect(ids(feedOf(laCode))).toEqual(ids(after.get(laCode)!));
      const got = ids(feedOf(resumed));
      const want = ids(after.get(resumed)!);
      expect(new Set(got).size).toBe(got.length);
      expect(want.filter((id) => !got.includes(id))).toHaveLength(5);
      expect(got.every((id) => want.includes(id))).toBe(true);
    } finally {
      await reader.stop();
    }
  });
});
