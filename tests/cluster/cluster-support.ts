import { withAdmin } from '@homefirst/runtime';
import type { FeedEvent } from '@homefirst/schemas';
import { splitPartitionKey, waitFor } from '@homefirst/testing';
import type { Kafka } from 'kafkajs';
import type { SourceEvent } from '../../services/feed-router/src/routing/feed-event';

/** The events of `list` beyond those of `other` (by event id, counting repeats), for a failure's message. */
export const unmatched = (list: readonly FeedEvent[], other: readonly FeedEvent[]): string[] => {
  const left = new Map<string, number>();
  for (const e of other) left.set(e.eventId, (left.get(e.eventId) ?? 0) + 1);
  return list
    .filter((e) => (left.set(e.eventId, (left.get(e.eventId) ?? 0) - 1).get(e.eventId) ?? 0) < 0)
    .map((e) => `${e.type} ${e.personKey.slice(0, 8)} ${e.sourceEventId.slice(0, 8)}`);
};

/** For a failure's message: the topics' events of the people whose feeds differ, in the order read. */
export const inTopics = (
  events: readonly SourceEvent[],
  feed: readonly FeedEvent[],
  expected: readonly FeedEvent[],
) => {
  const people = new Set(
    [...unmatched(feed, expected), ...unmatched(expected, feed)].map((e) => e.split(' ')[1]),
  );
  return events
    .filter((e) => people.has(e.personKey.slice(0, 8)))
    .map(
      (e) => `${e.personKey.slice(0, 8)} ${e.type} ${e.eventId.slice(0, 8)} ${e.occurredAt.toISOString()}`,
    );
};

/** Waits until a consumer group's committed offsets reach `ends` (`topic:partition` → end offset). */
export async function groupReached(
  kafka: Kafka,
  groupId: string,
  ends: ReadonlyMap<string, number>,
): Promise<void> {
  const topics = [...new Set([...ends.keys()].map((key) => splitPartitionKey(key).topic))];
  await waitFor(
    `group ${groupId} committed to the ends of ${topics.join(', ')}`,
    () =>
      withAdmin(kafka, async (admin) => {
        const committed = new Map<string, number>();
        for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics }))
          for (const { partition, offset } of partitions)
            committed.set(`${topic}:${partition}`, Number(offset));
        for (const [key, end] of ends) if ((committed.get(key) ?? -1) < end && end > 0) return undefined;
        return true;
      }),
    { timeoutMs: 180_000, intervalMs: 500 },
  );
}

/** Sends until accepted, resending what was refused (as a sender honouring AR / 503 does), for at most 3 minutes. */
export async function untilAccepted(
  send: () => Promise<'accepted' | 'refused'>,
  refused: () => void,
): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    if ((await send()) === 'accepted') return;
    refused();
    if (Date.now() > deadline) throw new Error('a message was still refused after 3 minutes');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * Waits until every partition of the topics has all its replicas in sync again. Under Kafka's strict
 * min-ISR rule (4.1, eligible leader replicas) the high watermark does not move while a partition has fewer
 * in-sync replicas than min.insync.replicas, so a write refused then (AR / 503) becomes visible only when the
 * replicas are back: until then the topics' ends are not final.
 */
export async function fullyReplicated(kafka: Kafka, topics: readonly string[]): Promise<void> {
  await waitFor(
    `every partition of ${topics.join(', ')} fully in sync`,
    () =>
      withAdmin(kafka, async (admin) => {
        const { topics: described } = await admin.fetchTopicMetadata({ topics: [...topics] });
        const lagging = described.flatMap((t) =>
          t.partitions.filter((p) => p.isr.length < p.replicas.length),
        );
        return lagging.length === 0 ? true : undefined;
      }),
    { timeoutMs: 180_000, intervalMs: 500 },
  );
}
