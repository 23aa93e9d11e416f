import {
  childLogger,
  describeError,
  eventMessage,
  parseStoredValues,
  sendDurably,
  trackerEpisodeRecord,
  type Logger,
} from '@homefirst/runtime';
import { readModels, type AlertEvent, type EventCodec } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import type { Producer } from 'kafkajs';
import { projectorMetrics } from '../consumer/metrics';
import type { FollowedNamespace } from '../redis/namespace';
import { alertsDue } from './alerts-due';

const { HOUR_MS } = readModels;
type ReadModelKeys = readModels.ReadModelKeys;

export interface SweeperOptions {
  readonly redis: Redis;
  /** A fixed namespace, or the live one followed through its alias (resolved at the start of each sweep). */
  readonly keys: ReadModelKeys | FollowedNamespace;
  readonly producer: Producer;
  readonly codec: EventCodec;
  readonly topicPrefix: string;
  readonly atRiskHours: number;
  readonly logger: Logger;
  /** How long a claim blocks other sweepers before it counts as abandoned (default 5 minutes). */
  readonly claimTtlMs?: number;
}

export interface SweepResult {
  readonly due: number;
  readonly published: number;
  /** Already sent, or claimed by another sweeper. */
  readonly skipped: number;
}

/**
 * Publishes 48-hour alerts to the alerts topic, once per episode and type. For each due alert it claims
 * `{ns}alerts:sent:<eventId>` with SET NX and a TTL, publishes durably (acks=all), then makes the key
 * permanent. Two sweepers, or a restart, skip what is claimed or sent; a sweeper that dies between
 * claiming and publishing leaves a claim that expires, so the next sweep sends it. The one window for a
 * duplicate — dying after Kafka acknowledged and before the key was made permanent — re-sends the same
 * eventId, which consumers dedupe.
 */
export class DeadlineSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private readonly metrics = projectorMetrics();

  constructor(private readonly options: SweeperOptions) {}

  async sweep(now: Date = new Date()): Promise<SweepResult> {
    const { redis, atRiskHours } = this.options;
    const keys = 'aliasKey' in this.options.keys ? await this.options.keys.resolve(redis) : this.options.keys;
    const ids = await redis.zrangebyscore(keys.trackerOpen, '-inf', now.getTime() + atRiskHours * HOUR_MS);
    const texts = ids.length === 0 ? [] : await redis.hmget(keys.trackerEpisode, ...ids);
    const episodes = parseStoredValues(trackerEpisodeRecord, keys.trackerEpisode, ids, texts);
    const due = alertsDue(episodes, now, { atRiskHours });
    let published = 0;
    let skipped = 0;
    for (const alert of due) {
      if (await this.sendOnce(alert, keys)) published += 1;
      else skipped += 1;
    }
    return { due: due.length, published, skipped };
  }

  private async sendOnce(alert: AlertEvent, keys: ReadModelKeys): Promise<boolean> {
    const { redis, producer, codec, topicPrefix } = this.options;
    const key = keys.alert(alert.eventId);
    const claimed = await redis.set(
      key,
      JSON.stringify({ claimedAt: new Date().toISOString() }),
      'PX',
      this.options.claimTtlMs ?? 300_000,
      'NX',
    );
    if (claimed === null) return false;
    const logger = childLogger(this.options.logger, alert.correlationId);
    try {
      await sendDurably(producer, {
        topic: `${topicPrefix}homefirst.alerts.v1`,
        messages: [await eventMessage(codec, 'homefirst.alerts.v1', alert, alert.personKey)],
      });
    } catch (err) {
      await redis.del(key).catch(() => undefined); // let the next sweep try again
      throw err;
    }
    await redis.set(key, JSON.stringify({ type: alert.type, sentAt: new Date().toISOString() }));
    this.metrics.alerts.inc({ type: alert.type });
    logger.info(
      { eventId: alert.eventId, type: alert.type, orgCode: alert.payload.orgCode },
      '48-hour alert published',
    );
    return true;
  }

  /** Sweeps every `intervalMs` until stopped; a failed sweep is logged and the next one tries again. */
  start(intervalMs: number): void {
    const tick = (): void => {
      this.running = this.sweep()
        .then((result) => {
          if (result.published > 0) this.options.logger.info(result, 'sweep done');
        })
        .catch((err: unknown) => this.options.logger.warn({ err }, `sweep failed: ${describeError(err)}`))
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
