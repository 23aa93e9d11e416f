import { withAdmin } from '@homefirst/runtime';
import { waitFor } from '@homefirst/testing';
import { CITY_COUNCILS, city } from '../testing/population';
import { FeedReader, codecFor, publishEvents } from '../testing/stack';
import { expectFeedsOfFreshRouting, routerOn, useRouterStack } from '../testing/router-stack';

// A member can be handed records again that a committed transaction routed: a transaction's consumed
// offsets reach an OffsetFetch only once its commit markers are written, after commit() returned, and a
// member rejoining in between starts from the older offset (marks.ts). Here the window is made wide: the
// group's offsets are deleted between two routers, so the second starts from the beginning. It must route
// nothing twice — council events included, which no person's state would have caught — and carry on with
// new events.

describe('FeedRouter handed records again that it routed (real Kafka, registry)', () => {
  const { stack, topics } = useRouterStack('it-again', CITY_COUNCILS);
  const groupId = `${stack.prefix}again-router`;
  const routerOf = () => routerOn(stack, topics, 'again-router');

  it('skips records below the marks in the state topic, whatever offsets the group gives it', async () => {
    const before = city({ persons: 120, seed: 7, cancellations: false, firstNhsNumber: 20_000 });
    const after = city({ persons: 40, seed: 8, cancellations: false, firstNhsNumber: 30_000 });
    await publishEvents(stack.kafka, stack.config, before);
    const first = routerOf();
    try {
      await first.start();
      await waitFor('all routed', () => (first.counts.consumed >= before.length ? true : undefined), 60_000);
    } finally {
      await first.stop();
    }
    // No committed offsets at all (deleting the group is quicker than kafkajs's resetOffsets, which joins it).
    await withAdmin(stack.kafka, (admin) => admin.deleteGroups([groupId]));
    const second = routerOf();
    const reader = new FeedReader(stack.kafka, codecFor(stack.config));
    try {
      await second.start();
      await waitFor(
        'all handed over again',
        () => (second.counts.skipped >= before.length ? true : undefined),
        60_000,
      );
      expect(second.counts.skipped).toBe(before.length);
      expect(second.counts.consumed).toBe(0);
      await publishEvents(stack.kafka, stack.config, after);
      await waitFor(
        'the new events routed',
        () => (second.counts.consumed >= after.length ? true : undefined),
        60_000,
      );
      await expectFeedsOfFreshRouting(
        reader,
        [...topics.feeds.values()],
        [...before, ...after],
        CITY_COUNCILS,
      );
      // Council events are in the feeds, so the test would have caught them routed twice.
      expect(reader.events.some((e) => e.source.channel === 'COUNCIL_API')).toBe(true);
    } finally {
      await reader.stop();
      await second.stop();
    }
  });
});
