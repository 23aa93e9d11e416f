import { createKafka, createLogger, loadConfig, withAdmin } from '@homefirst/runtime';
import { feedTopicNameOf } from '@homefirst/schemas';
import {
  createCatalogueTopics,
  deleteCatalogueTopics,
  decodingConsumerRate,
  numberArgument,
  runBenchmark,
  stackCodec,
  uniqueTopicPrefix,
} from '@homefirst/testing';
import type { Kafka } from 'kafkajs';
import { webhookBodyOf } from '../core/body';
import { sendWebhook } from '../delivery/send';
import { ensureWebhookTopics, webhookTopics } from '../delivery/topics';
import { WebhookService } from '../service/webhook-service';
import { addSubscription } from '../subscriptions/admin';
import { newSigningSecret } from '../subscriptions/secret';
import { ensureFeedTopics, feedEventsOf, publishFeed } from '../testing/feed';
import { WebhookReceiver } from '../testing/receiver';

/**
 * Benchmark (not a test): webhook delivery rate with 10 subscribers of one council's feed, each with its
 * own local receiver (node:http on 127.0.0.1, verifying every signature), next to two limits measured in
 * the same run: a bare kafkajs consumer decoding the same feed records, and bare signed HTTP — the same
 * bodies POSTed straight to the same receivers with the same concurrency (10 subscribers × 3 partitions in
 * flight), no Kafka, no log, no offsets.
 * Usage: npm run bench:deliver -w @homefirst/webhooks [-- --events 2000 --subscribers 10]
 * Prints one JSON object. Uses the local stack (HOMEFIRST_* variables) with its own topics.
 */
const LAUNCH_COUNCIL = 'E08000012';
const PARTITIONS = 3;

const rate = (count: number, ms: number): number => Math.round((count * 1000) / ms);

async function deleteOwnTopics(kafka: Kafka, prefix: string): Promise<void> {
  await withAdmin(kafka, async (admin) => {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    await admin.deleteTopics({ topics }).catch(() => undefined);
  });
}

/** Bare signed HTTP: every body to every receiver, PARTITIONS sequential senders per receiver. */
async function bareHttp(
  receivers: readonly WebhookReceiver[],
  bodies: readonly { id: string; body: string }[],
) {
  const secret = newSigningSecret();
  for (const r of receivers) r.useSecret(secret);
  const started = performance.now();
  await Promise.all(
    receivers.flatMap((r) =>
      Array.from({ length: PARTITIONS }, async (_, lane) => {
        for (let i = lane; i < bodies.length; i += PARTITIONS) {
          const item = bodies[i];
          if (item === undefined) continue;
          const outcome = await sendWebhook(
            { url: r.url, secret, webhookId: item.id, body: item.body },
            10_000,
          );
          if (outcome.kind !== 'delivered') throw new Error(`bare HTTP: ${outcome.kind}`);
        }
      }),
    ),
  );
  return rate(receivers.length * bodies.length, performance.now() - started);
}

async function main(): Promise<void> {
  const events = numberArgument('events', 2_000, 10);
  const subscriberCount = numberArgument('subscribers', 10, 1);
  const config = loadConfig({ ...process.env, HOMEFIRST_TOPIC_PREFIX: uniqueTopicPrefix('bench-webhooks') });
  const logger = createLogger({ name: 'bench-webhooks', level: 'silent' });
  const kafka = createKafka(config, logger);
  const codec = stackCodec(config);
  const topics = webhookTopics(config.topicPrefix);
  const feedTopic = `${config.topicPrefix}${feedTopicNameOf(LAUNCH_COUNCIL)}`;
  await createCatalogueTopics(kafka, config.topicPrefix, { partitions: PARTITIONS });
  const admin = kafka.admin();
  await admin.connect();
  await ensureFeedTopics(admin, [feedTopic]);
  await ensureWebhookTopics(admin, topics);
  await admin.disconnect();
  const receivers = await Promise.all(
    Array.from({ length: subscriberCount }, async () => {
      const r = new WebhookReceiver();
      await r.listen();
      return r;
    }),
  );
  const service = new WebhookService({
    kafka,
    codec,
    topics,
    groupPrefix: `${config.topicPrefix}homefirst-webhooks`,
    settings: {
      timeoutMs: 10_000,
      backoff: { baseMs: 1_000, capMs: 30_000 },
      partitionsAtOnce: PARTITIONS,
      sessionTimeoutMs: 30_000,
    },
    allowInsecureLoopback: true,
    logger,
  });
  try {
    const feed = feedEventsOf(LAUNCH_COUNCIL, Math.ceil(events / 5), 5).slice(0, events);
    await publishFeed(kafka, codec, feedTopic, feed);
    const bareConsumer = Math.round(await decodingConsumerRate(kafka, codec, [feedTopic], feed.length));
    const bareHttpRate = await bareHttp(
      receivers,
      feed.map((e) => ({ id: `bare-${e.eventId}`, body: webhookBodyOf(e) })),
    );
    for (const r of receivers) {
      r.arrivals.length = 0;
      r.uniqueIds.clear();
    }

    await service.start();
    const subscriptionAdmin = {
      kafka,
      codec,
      topics,
      groupPrefix: `${config.topicPrefix}homefirst-webhooks`,
      allowInsecureLoopback: true,
      defaultMaxAttempts: 12,
      actor: 'bench',
      logger,
    };
    const added = performance.now();
    for (const [i, r] of receivers.entries()) {
      const subscription = await addSubscription(subscriptionAdmin, {
        laCode: LAUNCH_COUNCIL,
        url: r.url,
        id: `bench-${i}`,
      });
      r.useSecret(subscription.secret);
    }
    const want = feed.length;
    const deadline = Date.now() + 600_000;
    while (receivers.some((r) => r.uniqueIds.size < want)) {
      if (Date.now() > deadline) throw new Error('delivery did not finish within 10 minutes');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const done = performance.now();
    const arrivals = receivers.flatMap((r) => r.arrivals.map((a) => a.at));
    const first = Math.min(...arrivals);
    const last = Math.max(...arrivals);
    const deliveries = subscriberCount * want;
    const deliveryRate = rate(deliveries, last - first);
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: 'webhook delivery rate',
          subscribers: subscriberCount,
          events,
          deliveries,
          unverified: receivers.reduce((sum, r) => sum + r.unverified, 0),
          deliveriesPerSecond: deliveryRate,
          msFirstToLastDelivery: Math.round(last - first),
          msFromAddToAllDelivered: Math.round(done - added),
          bareSignedHttpPerSecond: bareHttpRate,
          ratioToBareHttp: Math.round((deliveryRate / bareHttpRate) * 100) / 100,
          bareDecodingConsumerPerSecond: bareConsumer,
          ratioToBareConsumerTimesSubscribers:
            Math.round((deliveryRate / (bareConsumer * subscriberCount)) * 1000) / 1000,
          rssMb: Math.round(process.memoryUsage().rss / 1_048_576),
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await service.stop();
    for (const r of receivers) await r.down();
    await deleteOwnTopics(kafka, config.topicPrefix);
    await deleteCatalogueTopics(kafka, config.topicPrefix);
  }
}

runBenchmark(main);
