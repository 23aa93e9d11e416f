import { waitFor } from '@homefirst/testing';
import { connectTransactional } from './transaction';
import { CITY_COUNCILS, city } from '../testing/population';
import { FeedReader, codecFor, publishEvents } from '../testing/stack';
import { expectFeedsOfFreshRouting, routerOn, useRouterStack } from '../testing/router-stack';

// A router's transactional producer can lose its transaction for good: its epoch is bumped when the
// coordinator aborts a transaction that timed out or was open when the coordinator moved (a broker lost: the
// three-broker cluster test met it), or when another producer of the id connects. Its next transaction then
// fails with INVALID_PRODUCER_EPOCH or PRODUCER_FENCED, which kafkajs calls not retriable: the consumer
// crashed, and the router stopped. Here the epoch is bumped from outside, on every partition, between two
// runs of events: the router must route on, every event once, and its consumer keep fetching.

describe('FeedRouter whose producers are fenced from outside (real Kafka, registry)', () => {
  const { stack, topics } = useRouterStack('it-fenced', CITY_COUNCILS);
  const groupId = `${stack.prefix}fenced-router`; // routerOn's group

  it('routes on with new producers, every event once, and does not stop', async () => {
    const before = city({ persons: 60, seed: 11, cancellations: false, firstNhsNumber: 40_000 });
    const after = city({ persons: 60, seed: 12, cancellations: false, firstNhsNumber: 50_000 });
    const last = city({ persons: 20, seed: 13, cancellations: false, firstNhsNumber: 60_000 });
    const fatal: Error[] = [];
    const router = routerOn(stack, topics, 'fenced-router', { onFatal: (error) => fatal.push(error) });
    const reader = new FeedReader(stack.kafka, codecFor(stack.config));
    try {
      await publishEvents(stack.kafka, stack.config, before);
      await router.start();
      await waitFor(
        'the first events routed',
        () => (router.counts.consumed >= before.length ? true : undefined),
        60_000,
      );
      // What a coordinator does to a transaction it aborts: the ids' epochs bumped under the router.
      for (const partition of [0, 1, 2])
        await (await connectTransactional(stack.kafka, `${groupId}.${partition}`)).disconnect();

      await publishEvents(stack.kafka, stack.config, after);
      const routedAll = (events: number) => () =>
        router.counts.consumed >= events || fatal.length > 0 ? true : undefined;
      await waitFor('the later events routed', routedAll(before.length + after.length), 90_000);
      // Routed from memory all the same (the holding's retry), a crashed consumer would fetch nothing new.
      await publishEvents(stack.kafka, stack.config, last);
      await waitFor('the last events routed', routedAll(before.length + after.length + last.length), 60_000);
      expect(fatal).toEqual([]);
      expect(router.counts.consumed).toBe(before.length + after.length + last.length);

      await expectFeedsOfFreshRouting(
        reader,
        [...topics.feeds.values()],
        [...before, ...after, ...last],
        CITY_COUNCILS,
      );
    } finally {
      await reader.stop();
      await router.stop();
    }
  });
});
