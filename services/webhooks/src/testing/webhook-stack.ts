import { withAdmin } from '@homefirst/runtime';
import { afterAll, beforeAll } from '@jest/globals';
import { feedTopicNameOf } from '@homefirst/schemas';
import { HubStack, stackCodec } from '@homefirst/testing';
import type { Kafka } from 'kafkajs';
import type { DeliverySettings } from '../delivery/subscriber';
import { ensureWebhookTopics, webhookTopics, type WebhookTopics } from '../delivery/topics';
import { WebhookService } from '../service/webhook-service';
import type { SubscriptionAdmin } from '../subscriptions/admin';
import { ensureFeedTopics } from './feed';

export interface WebhookStack {
  readonly stack: HubStack;
  readonly topics: WebhookTopics;
  feedTopic(laCode: string): string;
  /** The subscriptions admin (what `homefirst subscriptions` runs), http to loopback allowed. */
  admin(): SubscriptionAdmin;
  service(): WebhookService;
}

/** Deletes topics a test created beside the catalogue's; a failure is ignored. */
async function deleteTopicsStartingWith(kafka: Kafka, prefix: string): Promise<void> {
  await withAdmin(kafka, async (admin) => {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}homefirst.`));
    await admin.deleteTopics({ topics }).catch(() => undefined);
  });
}

/**
 * A stack test's own stack (catalogue topics under its prefix, 3 partitions), the feed topics of
 * `councils`, the webhook topics, and a running WebhookService with `settings`; all stopped and deleted after.
 */
export function useWebhookStack(
  name: string,
  councils: readonly string[],
  settings: DeliverySettings,
): WebhookStack {
  const stack = new HubStack(name);
  const topics = webhookTopics(stack.prefix);
  const groupPrefix = `${stack.prefix}homefirst-webhooks`;
  let service: WebhookService | undefined;
  const feedTopic = (laCode: string): string => `${stack.prefix}${feedTopicNameOf(laCode)}`;
  beforeAll(async () => {
    await stack.start({ partitions: 3 });
    await withAdmin(stack.kafka, async (admin) => {
      await ensureFeedTopics(admin, councils.map(feedTopic));
      await ensureWebhookTopics(admin, topics);
    });
    service = new WebhookService({
      kafka: stack.kafka,
      codec: stackCodec(stack.config),
      topics,
      groupPrefix,
      settings,
      allowInsecureLoopback: true,
      logger: stack.logger,
      restartDelayMs: 1_000,
    });
    await service.start();
  });
  afterAll(async () => {
    await service?.stop();
    await deleteTopicsStartingWith(stack.kafka, stack.prefix);
    await stack.stop();
  });
  return {
    stack,
    topics,
    feedTopic,
    admin: () => ({
      kafka: stack.kafka,
      codec: stackCodec(stack.config),
      topics,
      groupPrefix,
      allowInsecureLoopback: true,
      defaultMaxAttempts: 30,
      actor: 'webhooks-test',
      logger: stack.logger,
    }),
    service: () => {
      if (service === undefined) throw new Error('the webhook service is not started');
      return service;
    },
  };
}
