import { afterAll } from '@jest/globals';
import { expect } from '@jest/globals';
import type { FeedEvent } from '@homefirst/schemas';
import { orderByPerson } from './feed';
import { WebhookReceiver, type ReceiverMode } from './receiver';

/** Receivers listening on 127.0.0.1 for a test file, all stopped after it. */
export function useReceivers(): (mode?: ReceiverMode) => Promise<WebhookReceiver> {
  const receivers: WebhookReceiver[] = [];
  afterAll(async () => {
    for (const r of receivers) await r.down();
  });
  return async (mode = 'healthy') => {
    const made = new WebhookReceiver(mode);
    await made.listen();
    receivers.push(made);
    return made;
  };
}

/** Every event arrived (signature verified), its webhook-id is its event id, and per person in feed order. */
export function expectEveryEventOnceInOrder(r: WebhookReceiver, events: readonly FeedEvent[]): void {
  expect(r.unverified).toBe(0);
  expect(r.uniqueIds).toEqual(new Set(events.map((e) => e.eventId)));
  expect(r.arrivals.every((x) => x.webhookId === x.eventId)).toBe(true);
  // Per person, the first arrival of each id is in feed order.
  const firsts = r.arrivals.filter((x, i) => r.arrivals.findIndex((y) => y.webhookId === x.webhookId) === i);
  expect(orderByPerson(firsts)).toEqual(orderByPerson(events));
}

/** The delivery settings of the stack tests: short backoff so retries and dead letters take seconds. */
export const TEST_DELIVERY = {
  timeoutMs: 2_000,
  backoff: { baseMs: 200, capMs: 2_000 },
  partitionsAtOnce: 3,
  sessionTimeoutMs: 10_000,
} as const;
