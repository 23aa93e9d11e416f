import { randomUUID } from 'node:crypto';
import { createProducer, hubAuditHeader, withAdmin, writeAudit, type Logger } from '@homefirst/runtime';
import { auditTopic, type EventCodec, type SubscriptionChangedEvent } from '@homefirst/schemas';
import type { Kafka, Producer } from 'kafkajs';
import {
  endpointProblem,
  subscriptionRecordSchema,
  SUBSCRIPTION_ID_PATTERN,
  type Subscription,
  type SubscriptionState,
} from '../core/subscription';
import { ensureWebhookTopics, feedTopicOf, type WebhookTopics } from '../delivery/topics';
import { newSigningSecret } from './secret';
import { readSubscriptions, writeSubscription } from './store';

/**
 * The `subscriptions` operations: each writes the subscription's new record on the subscriptions topic,
 * then a SubscriptionChanged event on the audit topic (which must exist: nothing changes unaudited).
 */
export interface SubscriptionAdmin {
  readonly kafka: Kafka;
  readonly codec: EventCodec;
  readonly topics: WebhookTopics;
  readonly groupPrefix: string;
  readonly allowInsecureLoopback: boolean;
  readonly defaultMaxAttempts: number;
  readonly actor: string;
  readonly logger: Logger;
}

export type SubscriptionChange = 'ADDED' | 'PAUSED' | 'RESUMED' | 'REPLAYED' | 'REMOVED' | 'REDRIVEN';

/** An operator's mistake (unknown id, refused URL): printed as is, exit 1. */
export class SubscriptionCommandError extends Error {}

const auditTopicOf = (admin: SubscriptionAdmin): string => `${admin.topics.prefix}${auditTopic.name}`;

export async function withProducer<T>(
  admin: SubscriptionAdmin,
  work: (producer: Producer) => Promise<T>,
): Promise<T> {
  const producer = createProducer(admin.kafka);
  await producer.connect();
  try {
    return await work(producer);
  } finally {
    await producer.disconnect();
  }
}

async function prepare(admin: SubscriptionAdmin): Promise<void> {
  await withAdmin(admin.kafka, async (kafkaAdmin) => {
    if (!(await kafkaAdmin.listTopics()).includes(auditTopicOf(admin)))
      throw new SubscriptionCommandError(
        `${auditTopicOf(admin)} does not exist: run \`homefirst topics apply\` (or \`homefirst up\`) first`,
      );
    await ensureWebhookTopics(kafkaAdmin, admin.topics);
  });
}

/** Writes the SubscriptionChanged audit record of a change (`correlationId`: of the records it belongs with). */
export async function audit(
  admin: SubscriptionAdmin,
  producer: Producer,
  subscription: Subscription,
  change: SubscriptionChange,
  fromTime: string | null = null,
  correlationId?: string,
): Promise<void> {
  const header = hubAuditHeader('homefirst-webhooks', new Date());
  const event: SubscriptionChangedEvent = {
    ...header,
    correlationId: correlationId ?? header.correlationId,
    type: 'SubscriptionChanged',
    payload: {
      actorId: admin.actor,
      subscriptionId: subscription.id,
      laCode: subscription.laCode,
      change,
      endpointOrigin: new URL(subscription.url).origin,
      fromTime,
    },
  };
  await writeAudit(producer, admin.codec, admin.topics.prefix, event);
}

export const listSubscriptions = async (admin: SubscriptionAdmin): Promise<Subscription[]> => {
  await prepare(admin);
  const table = await readSubscriptions(
    admin.kafka,
    admin.topics.subscriptions,
    admin.groupPrefix,
    admin.logger,
  );
  return [...table.values()].sort((a, b) => a.id.localeCompare(b.id));
};

export async function existing(admin: SubscriptionAdmin, id: string): Promise<Subscription> {
  const found = (await listSubscriptions(admin)).find((s) => s.id === id);
  if (found === undefined) throw new SubscriptionCommandError(`no subscription ${id}`);
  return found;
}

/** `add`: a new active subscription with a fresh signing secret (returned once; stored on the topic). */
export async function addSubscription(
  admin: SubscriptionAdmin,
  request: { laCode: string; url: string; maxAttempts?: number; id?: string },
): Promise<Subscription> {
  const problem = endpointProblem(request.url, admin.allowInsecureLoopback);
  if (problem !== undefined) throw new SubscriptionCommandError(`--url refused: ${problem}`);
  const id = request.id ?? `${request.laCode.toLowerCase()}-${randomUUID().slice(0, 8)}`;
  if (!SUBSCRIPTION_ID_PATTERN.test(id))
    throw new SubscriptionCommandError('an id is 3–63 lower-case letters, digits and dashes');
  const now = new Date().toISOString();
  const parsed = subscriptionRecordSchema.safeParse({
    v: 1,
    id,
    laCode: request.laCode,
    url: request.url,
    secret: newSigningSecret(),
    state: 'active',
    maxAttempts: request.maxAttempts ?? admin.defaultMaxAttempts,
    createdAt: now,
    updatedAt: now,
  });
  if (!parsed.success)
    throw new SubscriptionCommandError(
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  const subscription = parsed.data;
  if ((await listSubscriptions(admin)).some((s) => s.id === id))
    throw new SubscriptionCommandError(`subscription ${id} exists already`);
  await withProducer(admin, async (producer) => {
    await writeSubscription(producer, admin.topics.subscriptions, id, subscription);
    await audit(admin, producer, subscription, 'ADDED');
  });
  return subscription;
}

/** `pause` / `resume`: the service stops or starts the subscriber; nothing is lost while paused. */
export async function setSubscriptionState(
  admin: SubscriptionAdmin,
  id: string,
  state: SubscriptionState,
): Promise<Subscription> {
  const updated = { ...(await existing(admin, id)), state, updatedAt: new Date().toISOString() };
  await withProducer(admin, async (producer) => {
    await writeSubscription(producer, admin.topics.subscriptions, id, updated);
    await audit(admin, producer, updated, state === 'paused' ? 'PAUSED' : 'RESUMED');
  });
  return updated;
}

/** `remove`: the record is deleted (tombstone); its dead letters stay in their topic. */
export async function removeSubscription(admin: SubscriptionAdmin, id: string): Promise<void> {
  const found = await existing(admin, id);
  await withProducer(admin, async (producer) => {
    await writeSubscription(producer, admin.topics.subscriptions, id, 'removed');
    await audit(admin, producer, found, 'REMOVED');
  });
}

/** The group's state until it has no member (`Empty`, or `Dead` when it never existed), within `timeoutMs`. */
async function waitForEmptyGroup(
  admin: SubscriptionAdmin,
  groupId: string,
  timeoutMs: number,
): Promise<void> {
  const kafkaAdmin = admin.kafka.admin();
  await kafkaAdmin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [group] = (await kafkaAdmin.describeGroups([groupId])).groups;
      if (group === undefined || group.state === 'Empty' || group.state === 'Dead') return;
      if (Date.now() > deadline)
        throw new SubscriptionCommandError(
          `consumer group ${groupId} still has members after ${timeoutMs} ms (state ${group.state})`,
        );
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await kafkaAdmin.disconnect();
  }
}

/**
 * `replay --from T`: delivers the council's feed again from time T (by the records' Kafka timestamps).
 * The subscription is paused, its consumer group waited for until empty (the service has stopped its
 * subscriber; no one else may commit), the group's offsets set to the first record at or after T, and the
 * subscription put back in its earlier state. Receivers see repeats of webhook ids they already have and
 * drop them. If a step fails, the subscription stays paused and the error says so.
 */
export async function replaySubscription(
  admin: SubscriptionAdmin,
  id: string,
  from: Date,
  emptyGroupTimeoutMs = 60_000,
): Promise<{ partitions: { partition: number; offset: string }[] }> {
  const before = await existing(admin, id);
  const groupId = `${admin.groupPrefix}.${id}`;
  const feedTopic = feedTopicOf(admin.topics, before.laCode);
  return withProducer(admin, async (producer) => {
    const paused = { ...before, state: 'paused' as const, updatedAt: new Date().toISOString() };
    await writeSubscription(producer, admin.topics.subscriptions, id, paused);
    let partitions;
    try {
      await waitForEmptyGroup(admin, groupId, emptyGroupTimeoutMs);
      const kafkaAdmin = admin.kafka.admin();
      await kafkaAdmin.connect();
      try {
        partitions = await kafkaAdmin.fetchTopicOffsetsByTimestamp(feedTopic, from.getTime());
        await kafkaAdmin.setOffsets({ groupId, topic: feedTopic, partitions });
      } finally {
        await kafkaAdmin.disconnect();
      }
    } catch (error) {
      throw new SubscriptionCommandError(
        `replay of ${id} failed, the subscription is left paused (resume it with \`homefirst subscriptions resume ${id}\`): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const after = { ...before, updatedAt: new Date().toISOString() };
    await writeSubscription(producer, admin.topics.subscriptions, id, after);
    await audit(admin, producer, after, 'REPLAYED', from.toISOString());
    return { partitions };
  });
}
