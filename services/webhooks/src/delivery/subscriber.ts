import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@homefirst/runtime';
import type { EventCodec, FeedEvent } from '@homefirst/schemas';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { retryDelayMs, type BackoffPolicy } from '../core/backoff';
import { webhookBodyOf } from '../core/body';
import { reasonOf } from '../core/outcome';
import type { Subscription } from '../core/subscription';
import { logOutcomeOf, type DeadLetterRecord, type DeliveryLogRecord, type Position } from './records';
import { sendWebhook } from './send';

export interface DeliverySettings {
  readonly timeoutMs: number;
  readonly backoff: BackoffPolicy;
  /** Feed partitions delivered at once per subscriber (each in order). */
  readonly partitionsAtOnce: number;
  readonly sessionTimeoutMs: number;
}

export interface SubscriberOptions {
  readonly kafka: Kafka;
  readonly codec: EventCodec;
  /** The latest record of the subscription (url, secret and maxAttempts may change while it runs). */
  readonly subscription: () => Subscription;
  readonly groupId: string;
  readonly feedTopic: string;
  readonly deadLetterTopic: string;
  readonly deliveryLogTopic: string;
  /** Shared idempotent producer (acks from every in-sync replica) for the log and dead letters. */
  readonly producer: Producer;
  readonly settings: DeliverySettings;
  readonly logger: Logger;
  readonly random?: () => number;
  readonly onFatal?: (error: Error) => void;
}

export interface SubscriberCounts {
  delivered: number;
  deadLettered: number;
  attempts: number;
}

type Delivered = 'delivered' | 'dead-lettered' | 'stopped';

const LOG_FLUSH_EVERY = 32;

/** What a delivery needs of its batch: the heartbeat, the batch's unwritten log records and their writer. */
interface BatchContext {
  readonly heartbeat: () => Promise<void>;
  readonly pending: DeliveryLogRecord[];
  readonly flushLog: () => Promise<void>;
}

/**
 * One subscription's delivery: its own consumer group on its council's feed topic, so a slow or dead
 * endpoint holds back only its own group. Each feed partition is delivered in order — one webhook at a
 * time, retried with backoff until delivered or dead-lettered — and its offset is resolved only then
 * (at-least-once; the webhook-id lets receivers drop a repeat).
 */
export class SubscriberDelivery {
  readonly counts: SubscriberCounts = { delivered: 0, deadLettered: 0, attempts: 0 };
  private readonly consumer: Consumer;
  private readonly abort = new AbortController();
  private joined = false;
  private stopping = false;

  constructor(private readonly options: SubscriberOptions) {
    const session = options.settings.sessionTimeoutMs;
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: session,
      rebalanceTimeout: 2 * session,
      heartbeatInterval: Math.max(500, Math.floor(session / 10)),
      readUncommitted: false,
      maxWaitTimeInMs: 250,
      maxBytesPerPartition: 262_144,
    });
  }

  get isJoined(): boolean {
    return this.joined;
  }

  async start(): Promise<void> {
    const { consumer, options } = this;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.joined = true;
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (this.stopping) return;
      options.logger.error({ err: payload.error, restart: payload.restart }, 'subscriber consumer crashed');
      if (!payload.restart) options.onFatal?.(payload.error);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [options.feedTopic], fromBeginning: true });
    await consumer.run({
      // Every settled run of webhooks is committed at once (settle below): a pause, a stop or a replay
      // then finds the group where delivery really is, and a restart repeats at most LOG_FLUSH_EVERY.
      autoCommit: true,
      autoCommitThreshold: 1,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.settings.partitionsAtOnce,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  /** Stops at once: a webhook waiting for its next attempt is left unresolved and delivered after restart. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    await this.consumer.disconnect().catch(() => undefined);
    this.joined = false;
  }

  /**
   * Delivers a batch in order. Delivery-log records are gathered and written in one request (every
   * LOG_FLUSH_EVERY webhooks, before each retry wait, and at the end) before the offsets of the webhooks
   * they describe are resolved: no offset is committed before its log record is durable, and the log costs
   * no round trip per webhook.
   */
  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    let delivered: string | undefined;
    // This batch's log records: only they stand between its delivered webhooks and their offsets.
    const pending: DeliveryLogRecord[] = [];
    const flushLog = async () => {
      const records = pending.splice(0);
      if (records.length === 0) return;
      await this.options.producer.send({
        topic: this.options.deliveryLogTopic,
        acks: -1,
        messages: records.map((record) => ({ key: record.subscriptionId, value: JSON.stringify(record) })),
      });
    };
    const settle = async () => {
      await flushLog();
      if (delivered === undefined) return;
      payload.resolveOffset(delivered);
      delivered = undefined;
      // Stopping or rebalanced: the commit may be refused; what it would have recorded is delivered again.
      await payload.commitOffsetsIfNecessary().catch((error: unknown) => {
        if (payload.isRunning() && !payload.isStale()) throw error;
      });
    };
    const context: BatchContext = { heartbeat: () => payload.heartbeat(), pending, flushLog };
    try {
      for (const message of batch.messages) {
        if (!payload.isRunning() || payload.isStale() || this.abort.signal.aborted) break;
        const position = { topic: batch.topic, partition: batch.partition, offset: message.offset };
        const result = await this.deliver(message, position, context);
        if (result === 'stopped') break;
        delivered = message.offset;
        if (pending.length >= LOG_FLUSH_EVERY) await settle();
        await payload.heartbeat();
      }
    } finally {
      await settle();
    }
  }

  private async deliver(
    message: KafkaMessage,
    position: Position,
    { heartbeat, pending, flushLog }: BatchContext,
  ): Promise<Delivered> {
    const event = await this.decode(message);
    if (event === undefined) {
      pending.push(
        this.log(
          position,
          `${position.topic}/${position.partition}/${position.offset}`,
          0,
          'undecodable',
          'undecodable',
          0,
        ),
      );
      await this.deadLetter(position, message.key, 'undecodable', null, 0);
      return 'dead-lettered';
    }
    const body = webhookBodyOf(event);
    for (let attempt = 1; ; attempt += 1) {
      const subscription = this.options.subscription();
      const started = performance.now();
      let outcome;
      try {
        outcome = await sendWebhook(
          { url: subscription.url, secret: subscription.secret, webhookId: event.eventId, body },
          this.options.settings.timeoutMs,
          this.abort.signal,
        );
      } catch {
        return 'stopped';
      }
      this.counts.attempts += 1;
      const durationMs = Math.round(performance.now() - started);
      const logged = logOutcomeOf(outcome, attempt, subscription.maxAttempts);
      pending.push(this.log(position, event.eventId, attempt, logged, reasonOf(outcome), durationMs));
      if (logged === 'delivered') {
        this.counts.delivered += 1;
        return 'delivered';
      }
      if (logged === 'dead-lettered') {
        await this.deadLetter(position, message.key, reasonOf(outcome), body, attempt, event.eventId);
        return 'dead-lettered';
      }
      await flushLog();
      const wait = retryDelayMs(attempt, this.options.settings.backoff, this.options.random ?? Math.random);
      if (!(await this.wait(wait, heartbeat))) return 'stopped';
    }
  }

  private async decode(message: KafkaMessage): Promise<FeedEvent | undefined> {
    if (message.value === null) return undefined;
    try {
      return (await this.options.codec.decodeAny(message.value)).event as FeedEvent;
    } catch (error) {
      this.options.logger.error({ err: error }, 'feed record could not be decoded; dead-lettered');
      return undefined;
    }
  }

  /** Waits `ms` (heartbeating each second); false when stopped meanwhile. */
  private async wait(ms: number, heartbeat: () => Promise<void>): Promise<boolean> {
    const end = Date.now() + ms;
    try {
      for (let left = ms; left > 0; left = end - Date.now()) {
        await sleep(Math.min(left, 1_000), undefined, { signal: this.abort.signal });
        await heartbeat();
      }
      return true;
    } catch {
      return false;
    }
  }

  private log(
    position: Position,
    webhookId: string,
    attempt: number,
    outcome: DeliveryLogRecord['outcome'],
    reason: string,
    durationMs: number,
  ): DeliveryLogRecord {
    const subscription = this.options.subscription();
    return {
      v: 1,
      subscriptionId: subscription.id,
      laCode: subscription.laCode,
      webhookId,
      ...position,
      attempt,
      outcome,
      reason,
      durationMs,
      at: new Date().toISOString(),
    };
  }

  /** Writes the dead letter keyed like the feed record (by person), so a person's dead letters keep order. */
  private async deadLetter(
    position: Position,
    key: Buffer | null,
    reason: string,
    body: string | null,
    attempts: number,
    webhookId = `${position.topic}/${position.partition}/${position.offset}`,
  ): Promise<void> {
    const subscription = this.options.subscription();
    const record: DeadLetterRecord = {
      v: 1,
      subscriptionId: subscription.id,
      laCode: subscription.laCode,
      webhookId,
      ...position,
      attempts,
      reason,
      deadAt: new Date().toISOString(),
      body,
    };
    await this.options.producer.send({
      topic: this.options.deadLetterTopic,
      acks: -1,
      messages: [{ key, value: JSON.stringify(record) }],
    });
    this.counts.deadLettered += 1;
    this.options.logger.warn(
      { subscriptionId: subscription.id, webhookId, attempts, reason },
      'webhook dead-lettered',
    );
  }
}
