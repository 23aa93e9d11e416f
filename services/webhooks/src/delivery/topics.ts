import { createTopicsAndWait } from '@homefirst/runtime';
import { feedTopicNameOf } from '@homefirst/schemas';
import type { Admin } from 'kafkajs';
import { deadLetterTopicOf } from '../core/subscription';

/** The subscriptions (compacted, JSON, keyed by subscription id): written by the CLI, read by the service. */
export const SUBSCRIPTIONS_TOPIC = 'homefirst.subscriptions.v1';
/** Every delivery attempt and outcome (JSON, keyed by subscription id; no patient data). */
export const DELIVERY_LOG_TOPIC = 'homefirst.webhooks.deliveries.v1';

export interface WebhookTopics {
  readonly prefix: string;
  readonly subscriptions: string;
  readonly deliveryLog: string;
}

export const webhookTopics = (prefix: string): WebhookTopics => ({
  prefix,
  subscriptions: `${prefix}${SUBSCRIPTIONS_TOPIC}`,
  deliveryLog: `${prefix}${DELIVERY_LOG_TOPIC}`,
});

export const feedTopicOf = (topics: WebhookTopics, laCode: string): string =>
  `${topics.prefix}${feedTopicNameOf(laCode)}`;

export const deadLettersOf = (topics: WebhookTopics, subscriptionId: string): string =>
  deadLetterTopicOf(topics.prefix, subscriptionId);

const DAY_MS = 86_400_000;

/** Creates the subscriptions and delivery-log topics when missing. */
export async function ensureWebhookTopics(admin: Admin, topics: WebhookTopics): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const wanted = [
    {
      topic: topics.subscriptions,
      numPartitions: 1,
      configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
    },
    {
      topic: topics.deliveryLog,
      numPartitions: 3,
      configEntries: [{ name: 'retention.ms', value: String(30 * DAY_MS) }],
    },
  ].filter((t) => !existing.has(t.topic));
  if (wanted.length > 0) await createTopicsAndWait(admin, wanted);
}

/**
 * Creates a subscription's dead-letter topic when missing: one per subscriber, so each council's failures
 * can be read, granted, retained and redriven on their own (and deleting a subscription can drop them).
 * Kept until read (no time retention): they are webhooks the council has not received.
 */
export async function ensureDeadLetterTopic(admin: Admin, topic: string): Promise<void> {
  if ((await admin.listTopics()).includes(topic)) return;
  await createTopicsAndWait(admin, [
    { topic, numPartitions: 3, configEntries: [{ name: 'retention.ms', value: '-1' }] },
  ]);
}
