import type { Kafka } from 'kafkajs';
import { endOffsets, partitionKey, splitPartitionKey } from './offsets';
import { waitFor, type WaitOptions } from './wait-for';

/** How far a test's consumer has read: per partition, the offset after the last record it handled. */
export class ReadPosition {
  private readonly next = new Map<string, number>();

  /** Notes that the consumer has handled the record at `offset` (call it from `eachMessage`). */
  handled(topic: string, partition: number, offset: string): void {
    const key = partitionKey(topic, partition);
    const after = Number(offset) + 1;
    if (after > (this.next.get(key) ?? 0)) this.next.set(key, after);
  }

  /** The offset the consumer reads next on a partition (0 before its first record). */
  nextOffset(topic: string, partition: number): number {
    return this.next.get(partitionKey(topic, partition)) ?? 0;
  }
}

/**
 * Waits until a consumer has read every partition of `topics` up to its high watermark as it is when
 * called (kafkajs admin `fetchTopicOffsets`). Everything written before the call has then been handed to
 * the consumer, so "nothing more arrives" is established rather than hoped for after a sleep. Fails at
 * the deadline naming the partitions still behind.
 */
export async function waitForHighWatermark(
  kafka: Kafka,
  topics: readonly string[],
  position: ReadPosition,
  options: number | WaitOptions = 30_000,
): Promise<void> {
  const ends = await endOffsets(kafka, topics);
  const behind = (): string[] =>
    [...ends]
      .filter(([key, end]) => {
        const { topic, partition } = splitPartitionKey(key);
        return position.nextOffset(topic, partition) < end;
      })
      .map(([key, end]) => `${key} < ${end}`)
      .sort();
  let last: string[] = [];
  await waitFor(
    `the consumer to reach the high watermark of ${topics.join(', ')}`,
    () => {
      last = behind();
      return last.length === 0 ? true : undefined;
    },
    options,
  ).catch((err: unknown) => {
    throw new Error(`${err instanceof Error ? err.message : String(err)} (behind: ${last.join(', ')})`, {
      cause: err,
    });
  });
}
