import { metricsRegistry } from '@homefirst/runtime';
import { waitFor } from '@homefirst/testing';
import { CITY_COUNCILS, UNSERVED_COUNCIL, city } from '../testing/population';
import { FeedReader, codecFor, expectedFeeds, perPersonOrder, publishEvents } from '../testing/stack';
import { routerOn, useRouterStack } from '../testing/router-stack';

describe('FeedRouter on the stack (real Kafka, registry)', () => {
  const { stack, topics } = useRouterStack('it-feed', CITY_COUNCILS);

  it("fills each council's feed with exactly its referred people's events, in per-person order, once", async () => {
    const events = city({ persons: 250, seed: 14, cancellations: true });
    // The first half is there before the router starts, the second half arrives while it runs.
    const half = Math.floor(events.length / 2);
    await publishEvents(stack.kafka, stack.config, events.slice(0, half));
    const router = routerOn(stack, topics, 'feed-router');
    const reader = new FeedReader(stack.kafka, codecFor(stack.config));
    try {
      await router.start();
      await publishEvents(stack.kafka, stack.config, events.slice(half));
      await reader.start([...topics.feeds.values()]);
      await waitFor(
        'every event routed',
        () => (router.counts.consumed === events.length ? true : undefined),
        90_000,
      );
      const expected = expectedFeeds(events, CITY_COUNCILS);
      // The router routes the two topics in arrival order (merge.ts), but this test publishes 500 events per
      // produce request, so a chunk's records share one timestamp: ties go to the council side, and a
      // cancellation may then stop hospital events published just before it. Bounds: at least the fresh
      // routing's events before each cancellation, at most the stay as if nothing had been cancelled.
      const uncancelled = expectedFeeds(
        events.filter((e) => e.type !== 'ReferralCancelled'),
        CITY_COUNCILS,
      );
      const total = [...expected.values()].reduce((sum, feed) => sum + feed.length, 0);
      await waitFor('the feeds read', () => (reader.events.length >= total ? true : undefined), 30_000);
      await new Promise((resolve) => setTimeout(resolve, 1_500));

      expect(router.counts.unserved).toBeGreaterThan(0);
      // The ops port's metrics say what the router did.
      const metric = async (name: string): Promise<number> =>
        ((await metricsRegistry.getSingleMetric(name)?.get())?.values ?? []).reduce(
          (sum, v) => sum + v.value,
          0,
        );
      expect(await metric('homefirst_feed_router_events_total')).toBe(events.length);
      expect(await metric('homefirst_feed_router_feed_events_total')).toBe(router.counts.routed);
      expect(await metric('homefirst_feed_router_state_writes_total')).toBe(router.counts.stateWrites);
      expect(await metric('homefirst_feed_router_lag')).toBe(0);
      expect(await metric('homefirst_feed_router_held')).toBe(0); // all routed: nothing waits
      for (const laCode of CITY_COUNCILS) {
        const feed = reader.events.filter((e) => e.laCode === laCode);
        const ids = feed.map((e) => e.eventId);
        expect(new Set(ids).size).toBe(ids.length);
        const want = expected.get(laCode) ?? [];
        expect(want.length).toBeGreaterThan(50);
        expect(feed.some((e) => e.source.orgCode === 'REM')).toBe(true);
        // Council events: every one of this council's, exactly; no other council's.
        const councilIds = (list: typeof feed) =>
          list
            .filter((e) => e.source.orgCode === laCode)
            .map((e) => e.eventId)
            .sort();
        expect(councilIds(feed)).toEqual(councilIds(want));
        expect(feed.every((e) => e.source.orgCode === laCode || e.source.orgCode === 'REM')).toBe(true);
        // Hospital events: only of people referred to this council; exactly the routed ones when nothing was
        // cancelled; for a cancelled referral at least those before the cancellation, at most the stay.
        const referred = new Set(want.map((e) => e.personKey));
        expect(feed.every((e) => referred.has(e.personKey))).toBe(true);
        const cancelled = new Set(
          want.filter((e) => e.type === 'FeedReferralCancelled').map((e) => e.personKey),
        );
        const hospitalIds = (list: typeof feed, ofCancelled: boolean) =>
          list
            .filter((e) => e.source.orgCode === 'REM' && cancelled.has(e.personKey) === ofCancelled)
            .map((e) => e.eventId)
            .sort();
        expect(hospitalIds(feed, false)).toEqual(hospitalIds(want, false));
        expect(cancelled.size).toBeGreaterThan(0);
        const got = new Set(hospitalIds(feed, true));
        const most = new Set(hospitalIds(uncancelled.get(laCode) ?? [], true));
        expect(hospitalIds(want, true).filter((id) => !got.has(id))).toEqual([]);
        expect([...got].filter((id) => !most.has(id))).toEqual([]);
        // Per person, each stream's events keep their order.
        for (const [key, order] of perPersonOrder(feed)) {
          const source = events.filter((e) => key.startsWith(e.personKey)).map((e) => e.eventId);
          const positions = order.map((id) => source.indexOf(id));
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
        }
      }
      expect(reader.events.some((e) => e.laCode === UNSERVED_COUNCIL)).toBe(false);
      // Minimised: no bed, no clinical field.
      expect(JSON.stringify(reader.events)).not.toMatch(
        /"bed"|criterion|patientClass|admissionMethodCode|admissionSourceCode/,
      );
    } finally {
      await reader.stop();
      await router.stop();
    }
  });
});
