import { describeError, UnavailableError } from '@homefirst/runtime';
import type { Admin } from 'kafkajs';

export const PERSON_TOPIC_NAMES = ['homefirst.hospital.events.v1', 'homefirst.council.events.v1'] as const;

/** One partition of a person topic with its watermarks now. */
export interface PartitionMarks {
  readonly topic: string;
  readonly partition: number;
  readonly low: number;
  readonly high: number;
}

/** The person topics' partitions and watermarks; Kafka unreachable → one UnavailableError line. */
export async function personPartitions(admin: Admin, topicPrefix: string): Promise<PartitionMarks[]> {
  try {
    const marks: PartitionMarks[] = [];
    for (const name of PERSON_TOPIC_NAMES) {
      const topic = `${topicPrefix}${name}`;
      for (const { partition, low, high } of await admin.fetchTopicOffsets(topic))
        marks.push({ topic, partition, low: Number(low), high: Number(high) });
    }
    return marks;
  } catch (err) {
    throw new UnavailableError(
      `Kafka is not reachable or the person topics are missing: ${describeError(err)}`,
      {
        dependency: 'kafka',
        cause: err,
      },
    );
  }
}

/** Connects the admin client; Kafka unreachable → one UnavailableError line. */
export async function connectAdmin(admin: Admin): Promise<void> {
  try {
    await admin.connect();
  } catch (err) {
    throw new UnavailableError(`Kafka is not reachable: ${describeError(err)}`, {
      dependency: 'kafka',
      cause: err,
    });
  }
}

/**
 * Where each partition starts for a rebuild from `fromTimestamp`: the first offset whose record timestamp is
 * at or after it (the high watermark when there is none), else the low watermark.
 */
export async function startOffsets(
  admin: Admin,
  partitions: readonly PartitionMarks[],
  fromTimestamp: number | null,
): Promise<Map<string, number>> {
  const starts = new Map<string, number>();
  for (const p of partitions) starts.set(`${p.topic}:${p.partition}`, p.low);
  if (fromTimestamp === null) return starts;
  for (const topic of new Set(partitions.map((p) => p.topic))) {
    for (const { partition, offset } of await admin.fetchTopicOffsetsByTimestamp(topic, fromTimestamp)) {
      const marks = partitions.find((p) => p.topic === topic && p.partition === partition);
      if (marks === undefined) continue;
      const found = Number(offset);
      starts.set(`${topic}:${partition}`, found < 0 ? marks.high : Math.max(found, marks.low));
    }
  }
  return starts;
}
