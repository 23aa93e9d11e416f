import {
  auditTopic,
  type AuditEvent,
  type DeadLetterRedrivenEvent,
  type SubscriptionChangedEvent,
} from '@homefirst/schemas';
import { stackCodec, TopicReader, waitFor } from '@homefirst/testing';
import { listDeadLetters, readDeadLetters, redriveSubscription } from '../redrive/redrive';
import { addSubscription } from '../subscriptions/admin';
import { feedEventsOf, publishFeed } from '../testing/feed';
import { TEST_DELIVERY, expectEveryEventOnceInOrder, useReceivers } from '../testing/receivers';
import { useWebhookStack } from '../testing/webhook-stack';

const SEFTON = 'E08000014';

describe('webhook dead-letter redrive on the stack (real Kafka, registry, HTTP receiver)', () => {
  const ws = useWebhookStack('it-webhooks-redrive', [SEFTON], TEST_DELIVERY);
  const receiver = useReceivers();

  it('redrives dead letters once the endpoint works, each once, in per-person order, audited', async () => {
    const events = feedEventsOf(SEFTON, 3, 2);
    const endpoint = await receiver('failing');
    const admin = ws.admin();
    const added = await addSubscription(admin, {
      laCode: SEFTON,
      url: endpoint.url,
      id: 'sefton-redrive',
      maxAttempts: 2,
    });
    endpoint.useSecret(added.secret);
    await publishFeed(ws.stack.kafka, stackCodec(ws.stack.config), ws.feedTopic(SEFTON), events);
    await waitFor(
      'every webhook dead-lettered',
      async () => ((await readDeadLetters(admin, added.id)).length >= events.length ? true : undefined),
      90_000,
    );
    const listed = await listDeadLetters(admin, added.id);
    expect(listed.map((row) => row.webhookId).sort()).toEqual(events.map((e) => e.eventId).sort());
    expect(listed.every((row) => row.redrivenAt === null && row.reason === 'HTTP 500')).toBe(true);
    expect(JSON.stringify(listed)).not.toMatch(/nhsNumber|payload/);
    const timeoutMs = TEST_DELIVERY.timeoutMs;

    // Still broken: the redrive fails, leaves no mark, and is audited.
    const first = listed[0]!.webhookId;
    const broken = await redriveSubscription(
      admin,
      added.id,
      { all: false, webhookIds: [first], again: false },
      timeoutMs,
    );
    expect(broken).toEqual([{ webhookId: first, outcome: 'failed', detail: 'HTTP 500' }]);
    // --all while broken: each person's first letter fails, their later ones are held back (per-person order).
    const allBroken = await redriveSubscription(
      admin,
      added.id,
      { all: true, webhookIds: [], again: false },
      timeoutMs,
    );
    expect(allBroken.map((r) => r.outcome).sort()).toEqual([
      ...Array<string>(3).fill('failed'),
      ...Array<string>(3).fill('held'),
    ]);

    // Mended: every letter arrives once, signed, each person's in feed order.
    endpoint.setMode('healthy');
    const mended = await redriveSubscription(
      admin,
      added.id,
      { all: true, webhookIds: [], again: false },
      timeoutMs,
    );
    expect(mended.map((r) => r.outcome)).toEqual(events.map(() => 'delivered'));
    expectEveryEventOnceInOrder(endpoint, events);
    expect(endpoint.arrivals).toHaveLength(events.length);

    // Never twice by accident: --all again sends nothing; naming one with --again sends it.
    const repeat = await redriveSubscription(
      admin,
      added.id,
      { all: true, webhookIds: [], again: false },
      timeoutMs,
    );
    expect(repeat.map((r) => r.outcome)).toEqual(events.map(() => 'already-redriven'));
    const named = await redriveSubscription(
      admin,
      added.id,
      { all: false, webhookIds: [first], again: false },
      timeoutMs,
    );
    expect(named.map((r) => r.outcome)).toEqual(['already-redriven']);
    expect(endpoint.arrivals).toHaveLength(events.length);
    const forced = await redriveSubscription(
      admin,
      added.id,
      { all: false, webhookIds: [first, 'no-such-id'], again: true },
      timeoutMs,
    );
    expect(forced.map((r) => [r.webhookId, r.outcome])).toEqual([
      ['no-such-id', 'not-found'],
      [first, 'delivered'],
    ]);
    expect(endpoint.arrivals).toHaveLength(events.length + 1);
    expect((await listDeadLetters(admin, added.id)).every((row) => row.redrivenBy === 'webhooks-test')).toBe(
      true,
    );

    // Audit: a SubscriptionChanged REDRIVEN per run that sent something, a DeadLetterRedriven per attempt.
    const audit = new TopicReader(ws.stack.kafka, stackCodec(ws.stack.config), ws.stack.prefix);
    await audit.start([auditTopic.name]);
    await audit.readToHighWatermark();
    await audit.stop();
    const records = audit.records.map((r) => r.event as AuditEvent);
    const runs = records.filter(
      (e): e is SubscriptionChangedEvent =>
        e.type === 'SubscriptionChanged' && e.payload.change === 'REDRIVEN',
    );
    const attempts = records.filter((e): e is DeadLetterRedrivenEvent => e.type === 'DeadLetterRedriven');
    expect(runs).toHaveLength(4);
    expect(
      runs.every((e) => e.payload.subscriptionId === added.id && e.payload.actorId === 'webhooks-test'),
    ).toBe(true);
    expect(attempts.map((e) => `${e.payload.outcome} ${e.payload.detail ?? ''}`.trim()).sort()).toEqual(
      [...Array<string>(4).fill('REFUSED HTTP 500'), ...events.map(() => 'ACCEPTED'), 'ACCEPTED'].sort(),
    );
    const runIds = new Set(runs.map((e) => e.correlationId));
    expect(attempts.every((e) => runIds.has(e.correlationId) && e.source.orgCode === SEFTON)).toBe(true);
  });
});
