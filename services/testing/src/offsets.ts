import type { Kafka } from 'kafkajs';

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
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = new Map<string, number>();
    for (const topic of topics)
      for (const { partition, high } of await admin.fetchTopicOffsets(topic))
        ends.set(partitionKey(topic, partition), Number(high));
    return ends;
  } finally {
    await admin.disconnect();
  }
}

/** The sum of the topics' high watermarks: records written so far (topics never compacted). */
export async function recordsWritten(kafka: Kafka, topics: readonly string[]): Promise<number> {
  let total = 0;
  for (const end of (await endOffsets(kafka, topics)).values()) total += end;
  return total;
}
