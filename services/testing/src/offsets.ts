import { withAdmin } from '@homefirst/runtime';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin, Kafka } from 'kafkajs';

/** `topic:partition`, the key of the offset maps below. */
export const partitionKey = (topic: string, partition: number): string => `${topic}:${partition}`;

/** Splits a `topic:partition` key. */
export function splitPartitionKey(key: string): { topic: string; partition: number } {
  const cut = key.lastIndexOf(':');
  return { topic: key.slice(0, cut), partition: Number(key.slice(cut + 1)) };
}

/**
 * The high watermark (end offset) of every partition of the topics, keyed `topic:partition`. For topics
 * never compacted, their sum is the number of records written.
 */
export async function endOffsets(kafka: Kafka, topics: readonly string[]): Promise<Map<string, number>> {
  return withAdmin(kafka, async (admin) => {
    const ends = new Map<string, number>();
    for (const topic of topics)
      for (const { partition, high } of await offsetsOf(admin, topic))
        ends.set(partitionKey(topic, partition), Number(high));
    return ends;
  });
}

/**
 * A topic's offsets, asked again while Kafka answers with a retriable error: right after a topic was
 * created, a freshly started broker can answer "not the leader for that topic-partition" for a moment,
 * and kafkajs's admin does not retry that itself. Non-retriable errors, and a retriable one that lasts
 * past the deadline, are thrown.
 */
export async function offsetsOf(
  admin: Admin,
  topic: string,
  deadlineMs = 15_000,
): ReturnType<Admin['fetchTopicOffsets']> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (err) {
      const retriable = (err as { retriable?: unknown }).retriable === true;
      if (!retriable || Date.now() >= deadline) throw err;
      await sleep(100);
    }
  }
}

/** The sum of the topics' high watermarks: records written so far (topics never compacted). */
export async function recordsWritten(kafka: Kafka, topics: readonly string[]): Promise<number> {
  let total = 0;
  for (const end of (await endOffsets(kafka, topics)).values()) total += end;
  return total;
}
