import { setTimeout as sleep } from 'node:timers/promises';
import type { Consumer } from 'kafkajs';

/** How long a stop waits for kafkajs to leave the group while a join is in progress. */
export const JOINING_STOP_MS = 1_000;

/**
 * Disconnects the router's consumer at a stop. A member still joining (`joining`: from a (re)join's start to
 * its GROUP_JOIN) has no batch in hand, and kafkajs' disconnect waits for the join to end — up to the
 * rebalance timeout, a minute, after a crash, while the crashed member's session runs out. A stop then took
 * longer than the shutdown allows (an error line, exit code 1): the leave gets JOINING_STOP_MS, then the stop
 * goes on (the process exits; the broker drops the member with its connection or its session).
 */
export async function disconnectConsumer(
  consumer: Pick<Consumer, 'disconnect'>,
  joining: boolean,
): Promise<void> {
  const disconnected = consumer.disconnect().catch(() => undefined);
  await (joining ? Promise.race([disconnected, sleep(JOINING_STOP_MS)]) : disconnected);
}
