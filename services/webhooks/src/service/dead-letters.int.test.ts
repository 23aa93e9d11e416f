import { stackCodec, waitFor } from '@homefirst/testing';
import type { WebhookBody } from '../core/body';
import type { DeadLetterRecord } from '../delivery/records';
import { deadLettersOf } from '../delivery/topics';
import { addSubscription, listSubscriptions, setSubscriptionState } from '../subscriptions/admin';
import { feedEventsOf, publishFeed } from '../testing/feed';
import { readJsonTopic } from '../testing/json-topic';
import type { WebhookReceiver } from '../testing/receiver';
import { TEST_DELIVERY, expectEveryEventOnceInOrder, useReceivers } from '../testing/receivers';
import { useWebhookStack } from '../testing/webhook-stack';

const SEFTON = 'E08000014';

describe('webhook dead letters on the stack (real Kafka, registry, HTTP receivers)', () => {
  const ws = useWebhookStack('it-webhooks-dlq', [SEFTON], TEST_DELIVERY);
  const receiver = useReceivers();
  let healthyReceiver: WebhookReceiver | undefined;

  it("puts an always-failing receiver's events in its dead letters without slowing the other subscriber", async () => {
    const events = feedEventsOf(SEFTON, 10, 3);
    const failing = await receiver('failing');
    const healthy = await receiver();
    healthyReceiver = healthy;
    const admin = ws.admin();
    const dead = await addSubscription(admin, {
      laCode: SEFTON,
      url: failing.url,
      id: 'sefton-dead',
      maxAttempts: 3,
    });
    failing.useSecret(dead.secret);
    const ok = await addSubscription(admin, { laCode: SEFTON, url: healthy.url, id: 'sefton-ok' });
    healthy.useSecret(ok.secret);
    const ids = new Set(events.map((e) => e.eventId));
    await publishFeed(ws.stack.kafka, stackCodec(ws.stack.config), ws.feedTopic(SEFTON), events);

    await waitFor(
      'the healthy subscriber has every event',
      () => (healthy.uniqueIds.size >= ids.size ? true : undefined),
      60_000,
    );
    expectEveryEventOnceInOrder(healthy, events);
    // The failing subscriber's retries are far from exhausted when the healthy one is done.
    const deadSoFar = ws.service().subscribers.get('sefton-dead')?.counts.deadLettered ?? 0;
    expect(deadSoFar).toBeLessThan(ids.size / 2);

    let letters: DeadLetterRecord[] = [];
    await waitFor(
      'every failing webhook dead-lettered',
      async () => {
        letters = await readJsonTopic<DeadLetterRecord>(
          ws.stack.kafka,
          deadLettersOf(ws.topics, 'sefton-dead'),
        );
        return letters.length >= ids.size ? true : undefined;
      },
      90_000,
    );
    expect(new Set(letters.map((l) => l.webhookId))).toEqual(ids);
    expect(
      letters.every((l) => l.attempts === 3 && l.reason === 'HTTP 500' && l.subscriptionId === 'sefton-dead'),
    ).toBe(true);
    const bodies = letters.map((l) => (l.body === null ? undefined : (JSON.parse(l.body) as WebhookBody)));
    expect(bodies.map((body) => body?.data.eventId).sort()).toEqual([...ids].sort());
    expect(failing.unverified).toBe(0);
    expect(failing.attempts).toBeGreaterThanOrEqual(3 * ids.size);
    expect(await readJsonTopic(ws.stack.kafka, deadLettersOf(ws.topics, 'sefton-ok'))).toHaveLength(0);
  });

  it('pauses a subscriber (nothing is delivered, its place is kept) and resumes it where it stopped', async () => {
    const healthy = healthyReceiver;
    if (healthy === undefined) throw new Error('runs after the dead-letter test');
    const admin = ws.admin();
    await setSubscriptionState(admin, 'sefton-ok', 'paused');
    await waitFor(
      'the subscriber stopped',
      () => (ws.service().subscribers.has('sefton-ok') ? undefined : true),
      30_000,
    );
    const more = feedEventsOf(SEFTON, 3, 2);
    await publishFeed(ws.stack.kafka, stackCodec(ws.stack.config), ws.feedTopic(SEFTON), more);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(more.some((e) => healthy.uniqueIds.has(e.eventId))).toBe(false);
    expect((await listSubscriptions(admin)).find((s) => s.id === 'sefton-ok')?.state).toBe('paused');

    const before = healthy.arrivals.length;
    await setSubscriptionState(admin, 'sefton-ok', 'active');
    await waitFor(
      'the resumed subscriber delivered the rest',
      () => (more.every((e) => healthy.uniqueIds.has(e.eventId)) ? true : undefined),
      60_000,
    );
    // It went on from where it paused: nothing delivered before the pause came again.
    expect(healthy.arrivals.slice(before).every((a) => more.some((e) => e.eventId === a.webhookId))).toBe(
      true,
    );
  });
});
