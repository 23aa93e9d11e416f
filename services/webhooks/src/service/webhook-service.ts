import { randomUUID } from 'node:crypto';
import { createProducer, type Logger, withAdmin } from '@homefirst/runtime';
import type { EventCodec } from '@homefirst/schemas';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import { endpointProblem, type Subscription } from '../core/subscription';
import { SubscriberDelivery, type DeliverySettings } from '../delivery/subscriber';
import { deadLettersOf, ensureDeadLetterTopic, feedTopicOf, type WebhookTopics } from '../delivery/topics';
import { applyRecord } from '../subscriptions/store';

export interface WebhookServiceOptions {
  readonly kafka: Kafka;
  readonly codec: EventCodec;
  readonly topics: WebhookTopics;
  /** Consumer groups are `<groupPrefix>.<subscription id>` (and `<groupPrefix>.subscriptions.<uuid>`). */
  readonly groupPrefix: string;
  readonly settings: DeliverySettings;
  readonly allowInsecureLoopback: boolean;
  readonly logger: Logger;
  /** How long to wait before trying again to start a subscriber whose start failed (feed topic missing…). */
  readonly restartDelayMs?: number;
  readonly onFatal?: (error: Error) => void;
}

/**
 * The delivery service: follows the subscriptions topic and runs one SubscriberDelivery per active
 * subscription (stopped when paused or removed, started again when resumed). Changes are applied one at a
 * time, in topic order.
 */
export class WebhookService {
  readonly subscribers = new Map<string, SubscriberDelivery>();
  private readonly table = new Map<string, Subscription>();
  private readonly watcher: Consumer;
  private readonly producer: Producer;
  private changes: Promise<void> = Promise.resolve();
  private watcherJoined = false;
  private stopped = false;
  private readonly retryTimers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: WebhookServiceOptions) {
    this.watcher = options.kafka.consumer({
      groupId: `${options.groupPrefix}.subscriptions.${randomUUID()}`,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 250,
    });
    this.producer = createProducer(options.kafka);
  }

  /** Ready once the subscriptions are followed and every running subscriber has joined its group. */
  get isJoined(): boolean {
    return this.watcherJoined && [...this.subscribers.values()].every((s) => s.isJoined);
  }

  async start(): Promise<void> {
    const { watcher, options } = this;
    await this.producer.connect();
    watcher.on(watcher.events.GROUP_JOIN, () => {
      this.watcherJoined = true;
    });
    watcher.on(watcher.events.CRASH, ({ payload }) => {
      if (this.stopped) return;
      options.logger.error({ err: payload.error }, 'subscriptions consumer crashed');
      if (!payload.restart) options.onFatal?.(payload.error);
    });
    await watcher.connect();
    await watcher.subscribe({ topics: [options.topics.subscriptions], fromBeginning: true });
    await watcher.run({
      autoCommit: false,
      eachMessage: ({ message }) => {
        const id = applyRecord(this.table, message.key, message.value, options.logger);
        if (id !== undefined) this.enqueue(id);
        return Promise.resolve();
      },
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    await this.watcher.disconnect().catch(() => undefined);
    await this.changes;
    await Promise.all([...this.subscribers.values()].map((s) => s.stop()));
    this.subscribers.clear();
    await this.producer.disconnect().catch(() => undefined);
  }

  private enqueue(id: string): void {
    this.changes = this.changes
      .then(() => this.reconcile(id))
      .catch((error: unknown) => {
        this.options.logger.error({ err: error, subscriptionId: id }, 'subscriber could not start; retrying');
        this.retryLater(id);
      });
  }

  private retryLater(id: string): void {
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      if (!this.stopped) this.enqueue(id);
    }, this.options.restartDelayMs ?? 10_000);
    this.retryTimers.add(timer);
  }

  /** Brings subscriber `id` in line with its latest record. */
  private async reconcile(id: string): Promise<void> {
    if (this.stopped) return;
    const subscription = this.table.get(id);
    const running = this.subscribers.get(id);
    if (subscription?.state !== 'active') {
      if (running === undefined) return;
      this.subscribers.delete(id);
      await running.stop();
      this.options.logger.info(
        { subscriptionId: id, state: subscription?.state ?? 'removed' },
        'subscriber stopped',
      );
      return;
    }
    const problem = endpointProblem(subscription.url, this.options.allowInsecureLoopback);
    if (problem !== undefined) {
      this.options.logger.error(
        { subscriptionId: id, problem },
        'subscription endpoint refused; not delivering',
      );
      if (running !== undefined) {
        this.subscribers.delete(id);
        await running.stop();
      }
      return;
    }
    // A running subscriber reads its record on every attempt: a new URL, secret or maxAttempts applies at once.
    if (running !== undefined) return;
    await this.startSubscriber(id, subscription);
  }

  private async startSubscriber(id: string, subscription: Subscription): Promise<void> {
    const { options } = this;
    const deadLetterTopic = deadLettersOf(options.topics, id);
    await withAdmin(options.kafka, (admin) => ensureDeadLetterTopic(admin, deadLetterTopic));
    const subscriber = new SubscriberDelivery({
      kafka: options.kafka,
      codec: options.codec,
      subscription: () => this.table.get(id) ?? subscription,
      groupId: `${options.groupPrefix}.${id}`,
      feedTopic: feedTopicOf(options.topics, subscription.laCode),
      deadLetterTopic,
      deliveryLogTopic: options.topics.deliveryLog,
      producer: this.producer,
      settings: options.settings,
      logger: options.logger.child({ subscriptionId: id }),
      ...(options.onFatal && { onFatal: options.onFatal }),
    });
    this.subscribers.set(id, subscriber);
    try {
      await subscriber.start();
    } catch (error) {
      this.subscribers.delete(id);
      await subscriber.stop();
      throw error;
    }
    options.logger.info({ subscriptionId: id, laCode: subscription.laCode }, 'subscriber started');
  }
}
