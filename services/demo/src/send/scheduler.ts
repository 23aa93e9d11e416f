import { setTimeout as sleep } from 'node:timers/promises';
import { childLogger, type Logger } from '@homefirst/runtime';
import type { Channel, Delivery } from '../feed/plan';
import type { WireMessage } from '../render/wire';
import { DEFAULT_RETRY, deliver, type Edge, type RetryPolicy, type SendOutcome, type Verdict } from './edges';

/**
 * Replays a feed through the edges, in order, paced in one of two ways:
 *   speed — simulated time runs `speed` times faster than the wall clock from `pivot` (the simulated
 *           moment of launch); everything due before `pivot` (the backfill) is sent at once, as fast as
 *           the edges answer;
 *   rate  — flat out for load: `perSecond` messages a second, whatever their simulated time.
 * Messages travel in lanes: each (edge, person) always uses the same lane, and a lane sends one message
 * at a time, so each person's messages arrive in the order sent (late ones stay late). Lanes of one edge
 * run side by side; MLLP lanes are separate connections.
 */

export type Pace =
  | { readonly kind: 'speed'; readonly speed: number; readonly pivot: Date }
  | { readonly kind: 'rate'; readonly perSecond: number };

export interface ChannelStats {
  sent: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  failed: number;
  /** Tries beyond the first (AR, 5xx, timeouts). */
  retries: number;
  /** Answers by code: AA / AE / 200 / 422 … (the last answer of each message). */
  readonly codes: Record<string, number>;
}

export interface SendStats {
  readonly byChannel: Record<Channel, ChannelStats>;
  /** Messages not yet answered when the run stopped. */
  unsent: number;
  elapsedMs: number;
  /** Stopped by the abort signal before the end. */
  aborted: boolean;
}

/** Time, injectable for tests. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, undefined, signal ? { signal } : undefined),
};

export interface ReplayOptions {
  readonly deliveries: readonly Delivery[];
  readonly pace: Pace;
  readonly render: (delivery: Delivery) => WireMessage;
  /** A new edge client for lane `lane` of `channel`. */
  readonly edgeFor: (channel: Channel, lane: number) => Edge;
  readonly lanesPerChannel: number;
  readonly logger: Logger;
  readonly retry?: RetryPolicy;
  readonly signal?: AbortSignal;
  readonly clock?: Clock;
  /** Called about every `progressEveryMs` with the stats so far and the simulated time reached. */
  readonly onProgress?: (stats: SendStats, simulatedNow: Date) => void;
  readonly progressEveryMs?: number;
  /** Messages a lane may have queued before the replay waits for it (bounds memory when an edge is slow). */
  readonly maxQueuedPerLane?: number;
}

const emptyChannel = (): ChannelStats => ({
  sent: 0,
  accepted: 0,
  duplicate: 0,
  rejected: 0,
  failed: 0,
  retries: 0,
  codes: {},
});

interface Lane {
  readonly edge: Edge;
  tail: Promise<void>;
  queued: number;
  readonly drained: (() => void)[];
}

const emptySendStats = (unsent: number): SendStats => ({
  byChannel: { HL7V2: emptyChannel(), FHIR: emptyChannel(), COUNCIL: emptyChannel() },
  unsent,
  elapsedMs: 0,
  aborted: false,
});

/** The simulated time reached `elapsedMs` after launch (never before the last message sent). */
function simulatedTime(pace: Pace, lastSentAt: Date, elapsedMs: number): Date {
  if (pace.kind === 'rate') return lastSentAt;
  const target = pace.pivot.getTime() + elapsedMs * pace.speed;
  return new Date(Math.max(target, lastSentAt.getTime()));
}

/** Milliseconds after launch at which the `index`th delivery is due. */
function dueAfterLaunch(pace: Pace, delivery: Delivery, index: number): number {
  if (pace.kind === 'rate') return (index * 1000) / pace.perSecond;
  return Math.max(0, (delivery.sendAt.getTime() - pace.pivot.getTime()) / pace.speed);
}

function recordOutcome(channelStats: ChannelStats, outcome: SendOutcome): void {
  channelStats.sent += 1;
  channelStats.retries += Math.max(0, outcome.attempts - 1);
  channelStats.codes[outcome.code] = (channelStats.codes[outcome.code] ?? 0) + 1;
  const verdict: Verdict = outcome.verdict;
  channelStats[verdict] += 1;
}

/** One line per answered message: rejections at info, failures at error, the rest at debug. */
function logOutcome(log: Logger, delivery: Delivery, message: WireMessage, outcome: SendOutcome): void {
  if (outcome.verdict === 'rejected')
    log.info(
      {
        channel: delivery.channel,
        kind: message.kind,
        code: outcome.code,
        dirt: delivery.dirt,
        reason: outcome.detail,
      },
      'message rejected by the hub',
    );
  else if (outcome.verdict === 'failed')
    log.error(
      {
        channel: delivery.channel,
        kind: message.kind,
        attempts: outcome.attempts,
        reason: outcome.detail,
      },
      'message not delivered',
    );
  else log.debug({ channel: delivery.channel, kind: message.kind, code: outcome.code }, 'message delivered');
}

export async function replay(options: ReplayOptions): Promise<SendStats> {
  const clock = options.clock ?? systemClock;
  const maxQueued = options.maxQueuedPerLane ?? 32;
  const stats = emptySendStats(options.deliveries.length);
  const lanes = new Map<string, Lane>();
  const launchedAt = clock.now();
  // A function, not a value: the signal may fire while the replay awaits.
  const aborted = (): boolean => options.signal?.aborted === true;
  // Set by a lane when an error means stopping (bad credentials, a bug); checked by the loop.
  const stopped: { error: Error | null } = { error: null };
  let lastSentAt = options.deliveries[0]?.sendAt ?? new Date(launchedAt);

  const simulatedNow = (): Date => simulatedTime(options.pace, lastSentAt, clock.now() - launchedAt);
  const sendOne = async (lane: Lane, delivery: Delivery): Promise<void> => {
    if (stopped.error !== null || aborted()) return;
    const message = options.render(delivery);
    const log = childLogger(options.logger, message.messageId);
    try {
      const outcome = await deliver(lane.edge, message, {
        ...(options.retry ?? DEFAULT_RETRY),
        ...(options.signal && { signal: options.signal }),
        onRetry: (err, retry, delayMs) =>
          log.warn(
            { channel: delivery.channel, kind: message.kind, retry, delayMs, err },
            'edge asked to resend later',
          ),
      });
      recordOutcome(stats.byChannel[delivery.channel], outcome);
      stats.unsent -= 1;
      logOutcome(log, delivery, message, outcome);
    } catch (err) {
      // Stopping on a signal aborts the retries under way: not an error of the run.
      if (aborted()) return;
      stopped.error ??= err instanceof Error ? err : new Error(String(err));
    }
  };

  const laneOf = (delivery: Delivery): Lane => {
    const number = delivery.fact.person.index % options.lanesPerChannel;
    const key = `${delivery.channel}:${number}`;
    let lane = lanes.get(key);
    if (lane === undefined) {
      lane = {
        edge: options.edgeFor(delivery.channel, number),
        tail: Promise.resolve(),
        queued: 0,
        drained: [],
      };
      lanes.set(key, lane);
    }
    return lane;
  };

  const progress =
    options.onProgress === undefined
      ? null
      : setInterval(() => {
          stats.elapsedMs = clock.now() - launchedAt;
          options.onProgress?.(stats, simulatedNow());
        }, options.progressEveryMs ?? 5000);
  progress?.unref();

  try {
    for (const [index, delivery] of options.deliveries.entries()) {
      if (stopped.error !== null || aborted()) break;
      const wait = launchedAt + dueAfterLaunch(options.pace, delivery, index) - clock.now();
      if (wait > 0) await clock.sleep(wait, options.signal).catch(() => undefined);
      if (aborted()) break;
      const lane = laneOf(delivery);
      while (lane.queued >= maxQueued) await new Promise<void>((resolve) => lane.drained.push(resolve));
      lane.queued += 1;
      lastSentAt = delivery.sendAt;
      lane.tail = lane.tail
        .then(() => sendOne(lane, delivery))
        .finally(() => {
          lane.queued -= 1;
          lane.drained.shift()?.();
        });
    }
  } finally {
    await Promise.all([...lanes.values()].map((lane) => lane.tail));
    if (progress !== null) clearInterval(progress);
    for (const lane of lanes.values()) lane.edge.close();
    stats.elapsedMs = clock.now() - launchedAt;
    stats.aborted = aborted();
  }
  if (stopped.error !== null) throw stopped.error;
  return stats;
}
