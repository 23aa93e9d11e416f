import { auditTopic, type SubscriptionChangedEvent } from '@homefirst/schemas';
import { TopicReader, stackCodec, waitFor } from '@homefirst/testing';
import type { DeliveryLogRecord } from '../delivery/records';
import { deadLettersOf } from '../delivery/topics';
import { addSubscription, replaySubscription } from '../subscriptions/admin';
import { feedEventsOf, publishFeed } from '../testing/feed';
import { readJsonTopic } from '../testing/json-topic';
import { TEST_DELIVERY, expectEveryEventOnceInOrder, useReceivers } from '../testing/receivers';
import { useWebhookStack } from '../testing/webhook-stack';

const LIVERPOOL = 'E08000012';
const SEFTON = 'E08000014';

/**
 * The done-when of issue #14 part 4, against the real stack. The "down for a minute" receiver is down for
 * 12 s here (the suite's time budget); what makes it survive is the same either way — the retry window of
 * its policy (here at least 25 s; with the defaults over 10 minutes) is longer than the outage.
 */
describe('webhook delivery on the stack (real Kafka, registry, HTTP receivers)', () => {
  const ws = useWebhookStack('it-webhooks', [LIVERPOOL, SEFTON], TEST_DELIVERY);
  const receiver = useReceivers();

  it('delivers every event of its council once per id, in per-person order, signed; a receiver down for 12 s gets everything after retries; replay delivers again', async () => {
    const liverpool = feedEventsOf(LIVERPOOL, 30, 5);
    const sefton = feedEventsOf(SEFTON, 5, 3);
    const healthy = await receiver();
    const outage = await receiver();
    await outage.down();
    const admin = ws.admin();
    const a = await addSubscription(admin, { laCode: LIVERPOOL, url: healthy.url, id: 'liverpool-a' });
    healthy.useSecret(a.secret);
    const b = await addSubscription(admin, { laCode: LIVERPOOL, url: outage.url, id: 'liverpool-b' });
    outage.useSecret(b.secret);
    const codec = stackCodec(ws.stack.config);
    const half = liverpool.length / 2;
    await publishFeed(ws.stack.kafka, codec, ws.feedTopic(LIVERPOOL), liverpool.slice(0, half));
    await publishFeed(ws.stack.kafka, codec, ws.feedTopic(SEFTON), sefton);
    const downAt = Date.now();
    await publishFeed(ws.stack.kafka, codec, ws.feedTopic(LIVERPOOL), liverpool.slice(half));

    const want = new Set(liverpool.map((e) => e.eventId));
    const hasAll = (r: typeof healthy) => (r.uniqueIds.size >= want.size ? true : undefined);
    await waitFor('the healthy receiver has every event', () => hasAll(healthy), 60_000);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 12_000 - (Date.now() - downAt))));
    expect(outage.arrivals).toHaveLength(0);
    await outage.listen();
    await waitFor('the receiver back up has every event', () => hasAll(outage), 60_000);
    for (const r of [healthy, outage]) expectEveryEventOnceInOrder(r, liverpool);

    // The outage shows in the delivery log as failed attempts (a failure class, no body), then deliveries.
    const log = await readJsonTopic<DeliveryLogRecord>(ws.stack.kafka, ws.topics.deliveryLog);
    const ofB = log.filter((l) => l.subscriptionId === 'liverpool-b');
    expect([...new Set(ofB.map((l) => `${l.outcome} ${l.reason}`))].sort()).toEqual([
      'delivered HTTP 204',
      'failed unreachable ECONNREFUSED',
    ]);
    expect(new Set(ofB.filter((l) => l.outcome === 'delivered').map((l) => l.webhookId))).toEqual(want);
    expect(JSON.stringify(log)).not.toMatch(/nhsNumber|9434765919|"data"/);
    expect(await readJsonTopic(ws.stack.kafka, deadLettersOf(ws.topics, 'liverpool-b'))).toHaveLength(0);

    // Replay from the start: the subscriber is paused, its group moved back, resumed; every id comes again.
    const before = healthy.arrivals.length;
    await replaySubscription(admin, 'liverpool-a', new Date(0), 30_000);
    await waitFor(
      'the replay delivered',
      () => (healthy.arrivals.length >= before + want.size ? true : undefined),
      60_000,
    );
    expect(healthy.uniqueIds).toEqual(want);
    expect(healthy.unverified).toBe(0);
  });

  it('writes every subscription change on the audit topic', async () => {
    const audit = new TopicReader(ws.stack.kafka, stackCodec(ws.stack.config), ws.stack.prefix);
    await audit.start([auditTopic.name]);
    await audit.readToHighWatermark();
    await audit.stop();
    const changes = audit.records
      .map((r) => r.event)
      .filter((e): e is SubscriptionChangedEvent => e.type === 'SubscriptionChanged')
      .map((e) => `${e.payload.subscriptionId} ${e.payload.change} ${e.payload.endpointOrigin}`);
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^liverpool-a ADDED http:\/\/127\.0\.0\.1:\d+$/),
        expect.stringMatching(/^liverpool-b ADDED /),
        expect.stringMatching(/^liverpool-a REPLAYED /),
      ]),
    );
  });
});
