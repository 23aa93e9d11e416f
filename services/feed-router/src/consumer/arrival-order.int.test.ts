import { waitFor } from '@homefirst/testing';
import { councilEvent, hospitalEvent, LIVERPOOL } from '../testing/events';
import { CITY_COUNCILS } from '../testing/population';
import { FeedReader, codecFor, expectedFeeds, publishEvents } from '../testing/stack';
import { routerOn, useRouterStack } from '../testing/router-stack';

// Kafka orders no two topics. A router behind its inputs (started late, restarted, catching up) fetches the
// hospital and the council topic in chunks of its own; it routes their records in the order they arrived.

describe('FeedRouter behind its inputs (real Kafka, registry)', () => {
  const { stack, topics } = useRouterStack('it-order', CITY_COUNCILS);

  it('routes a backlog in arrival order: a cancellation stops the hospital events that came after it', async () => {
    const personKey = `pk-order-${stack.prefix}`;
    const spellId = 'SP-ORDER';
    const referralId = 'REF-ORDER';
    const arrived = [
      hospitalEvent('PatientAdmitted', 0, { personKey, spellId }),
      councilEvent('ReferralReceived', 2, LIVERPOOL, { personKey, referralId }),
      hospitalEvent('DischargeReadyDeclared', 4, { personKey, spellId }),
      councilEvent('ReferralCancelled', 6, LIVERPOOL, { personKey, referralId }),
      hospitalEvent('PatientDischarged', 8, { personKey, spellId }),
    ];
    // One at a time, as sources send them: each record its own arrival time, all there before the router.
    for (const event of arrived) {
      await publishEvents(stack.kafka, stack.config, [event]);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const expected = expectedFeeds(arrived, [LIVERPOOL]).get(LIVERPOOL) ?? [];
    expect(expected.map((e) => e.type)).toEqual([
      'FeedPatientAdmitted',
      'FeedReferralReceived',
      'FeedDischargeReadyDeclared',
      'FeedReferralCancelled',
    ]);
    const router = routerOn(stack, topics, 'order-router');
    const reader = new FeedReader(stack.kafka, codecFor(stack.config));
    try {
      await router.start();
      await reader.start([topics.feeds.get(LIVERPOOL)!]);
      await waitFor(
        'all routed',
        () => (router.counts.consumed >= arrived.length ? true : undefined),
        60_000,
      );
      await waitFor(
        'the feed read',
        () => (reader.events.length >= expected.length ? true : undefined),
        30_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // anything more would be read by now
      expect(reader.events).toEqual(expected);
    } finally {
      await reader.stop();
      await router.stop();
    }
  });
});
