import { setTimeout as sleep } from 'node:timers/promises';
import type { Consumer, RetryOptions } from 'kafkajs';

/** How long a stop waits for kafkajs to leave the group while a join is in progress. */
export const JOINING_STOP_MS = 1_000;

/**
 * Disconnects a group member's consumer at a stop. A member still joining (`joining`: from a (re)join's start,
 * or kafkajs' REBALANCING, to its GROUP_JOIN) has no batch in hand, and kafkajs' disconnect waits for the join
 * to end — up to the rebalance timeout after a crash, while the crashed member's session runs out. A stop then
 * took longer than the shutdown allows (an error line, exit code 1): the leave gets JOINING_STOP_MS, then the
 * stop goes on (the process exits; the broker drops the member with its connection or its session). Otherwise
 * the disconnect is awaited, and its error is the caller's.
 */
export async function disconnectConsumer(
  consumer: Pick<Consumer, 'disconnect'>,
  joining: boolean,
): Promise<void> {
  const disconnected = consumer.disconnect();
  if (!joining) return disconnected;
  disconnected.catch(() => undefined); // a failure after the stop went on is of no consequence
  await Promise.race([disconnected, sleep(JOINING_STOP_MS)]);
}

/**
 * kafkajs' consumer retry (its default: 5 retries) with no restart once the consumer's owner has stopped. A
 * consumer stopped while it joins crashes when the join is cut short, and kafkajs would start it again a moment
 * later: a member back in the group, reading, after its owner had stopped (in-process, or until it exits).
 */
export const restartUnlessStopped = (stopped: () => boolean): RetryOptions => ({
  retries: 5,
  restartOnFailure: () => Promise.resolve(!stopped()),
});

/**
 * A consumer's membership of its group, as a stop needs it: whether it is joining (from its start, or kafkajs'
 * REBALANCING, to its GROUP_JOIN), and `leave`, its disconnect (disconnectConsumer). One per consumer instance.
 */
export class Membership {
  private joiningNow = true;

  constructor(private readonly consumer: Consumer) {
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.joiningNow = false;
    });
    consumer.on(consumer.events.REBALANCING, () => {
      this.joiningNow = true;
    });
  }

  get joining(): boolean {
    return this.joiningNow;
  }

  leave(): Promise<void> {
    return disconnectConsumer(this.consumer, this.joiningNow);
  }
}
