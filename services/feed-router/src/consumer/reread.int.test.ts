import { waitFor } from '@homefirst/testing';
import { councilEvent, hospitalEvent, LIVERPOOL } from '../testing/events';
import { CITY_COUNCILS } from '../testing/population';
import { FeedReader, codecFor, expectedFeeds, publishEvents } from '../testing/stack';
import { routerOn, useRouterStack } from '../testing/router-stack';

// The routing state holds references to a stay's hospital events, not copies: a router that restored it
// reads the payloads again from the hospital topic, at their offsets, when a referral needs them.

describe('FeedRouter after a restart (real Kafka, registry)', () => {
  const { stack, topics } = useRouterStack('it-reread', CITY_COUNCILS);

  it("sends a stay's events consumed before a restart when a referral arrives after it (read again by offset)", async () => {
    const personKey = `pk-reread-${stack.prefix}`;
    const other = `pk-other-${stack.prefix}`;
    const admitted = hospitalEvent('PatientAdmitted', 0, { personKey });
    const ready = hospitalEvent('DischargeReadyDeclared', 5, { personKey });
    const noise = [0, 1, 2].map((h) => hospitalEvent('PatientAdmitted', h, { personKey: `${other}-${h}` }));
    const referral = councilEvent('ReferralReceived', 6, LIVERPOOL, { personKey });
    const routerOf = () => routerOn(stack, topics, 'reread-router');
    const before = [admitted, ...noise, ready];
    await publishEvents(stack.kafka, stack.config, before);
    const first = routerOf();
    try {
      await first.start();
      await waitFor(
        'the stay routed',
        () => (first.counts.consumed >= before.length ? true : undefined),
        60_000,
      );
    } finally {
      await first.stop();
    }
    expect(first.counts.routed).toBe(0);
    const second = routerOf();
    const reader = new FeedReader(stack.kafka, codecFor(stack.config));
    try {
      await second.start();
      await publishEvents(stack.kafka, stack.config, [referral]);
      await reader.start([topics.feeds.get(LIVERPOOL)!]);
      await waitFor('the referral routed', () => (second.counts.consumed >= 1 ? true : undefined), 60_000);
      await waitFor('the feed read', () => (reader.events.length >= 3 ? true : undefined), 30_000);
      // In full and in order, as a fresh routing gives them; their payloads came from the hospital topic.
      expect(reader.events).toEqual(expectedFeeds([admitted, ready, referral], [LIVERPOOL]).get(LIVERPOOL));
      expect(second.counts.reread).toBe(2);
    } finally {
      await reader.stop();
      await second.stop();
    }
  });
});
