import { createTopicsAndWait, fetchTopicMetadataWhenKnown } from '@homefirst/runtime';
import { councilTopic, feedTopicNameOf, feedTopicSpecOf, hospitalTopic } from '@homefirst/schemas';
import type { Admin } from 'kafkajs';

/** The router's own state, compacted: per-person routing state by personKey, and routing marks (marks.ts). */
export const STATE_TOPIC = 'homefirst.feed-router.state.v1';

export interface RouterTopics {
  readonly hospital: string;
  readonly council: string;
  readonly state: string;
  /** Feed topic by LA code. */
  readonly feeds: ReadonlyMap<string, string>;
}

export const routerTopics = (prefix: string, councils: readonly string[]): RouterTopics => ({
  hospital: `${prefix}${hospitalTopic.name}`,
  council: `${prefix}${councilTopic.name}`,
  state: `${prefix}${STATE_TOPIC}`,
  feeds: new Map(councils.map((laCode) => [laCode, `${prefix}${feedTopicNameOf(laCode)}`])),
});

/**
 * Creates the state topic (compacted, as many partitions as the hospital topic, so a person's state is on
 * the partition number of their events) and the feed topic of every council served, when missing.
 */
export async function ensureRouterTopics(admin: Admin, topics: RouterTopics): Promise<void> {
  const metadata = await fetchTopicMetadataWhenKnown(admin, [topics.hospital, topics.council]);
  const counts = new Set(metadata.topics.map((t) => t.partitions.length));
  const [partitions] = [...counts];
  if (counts.size !== 1 || partitions === undefined)
    throw new Error(`${topics.hospital} and ${topics.council} are not co-partitioned`);
  const existing = new Set(await admin.listTopics());
  const feedSpec = feedTopicSpecOf([...topics.feeds.keys()][0] ?? 'E00000000');
  const wanted = [
    {
      topic: topics.state,
      numPartitions: partitions,
      configEntries: [
        { name: 'cleanup.policy', value: 'compact' },
        { name: 'min.compaction.lag.ms', value: '60000' },
      ],
    },
    ...[...topics.feeds.values()].map((topic) => ({
      topic,
      numPartitions: feedSpec.partitions,
      configEntries: [
        { name: 'cleanup.policy', value: feedSpec.cleanupPolicy },
        { name: 'retention.ms', value: '-1' },
      ],
    })),
  ].filter((t) => !existing.has(t.topic));
  // Not kafkajs' waitForLeaders: it gives up at Kafka 4's first UNKNOWN_TOPIC_OR_PARTITION for a new topic.
  if (wanted.length > 0) await createTopicsAndWait(admin, wanted);
  const [state] = (await fetchTopicMetadataWhenKnown(admin, [topics.state])).topics;
  if (state?.partitions.length !== partitions)
    throw new Error(`${topics.state} must have ${partitions} partitions, like ${topics.hospital}`);
}

/**
 * Whether any of `partitions` of the state topic holds records (a first start reads nothing), and the
 * feed topics partitioned as the hospital topic: their records go to the batch's partition, unhashed.
 */
export async function topicLayout(
  admin: Admin,
  topics: RouterTopics,
  partitions: readonly number[],
): Promise<{ readonly hasState: boolean; readonly copartitionedFeeds: ReadonlySet<string> }> {
  const feeds = [...topics.feeds.values()];
  const metadata = await fetchTopicMetadataWhenKnown(admin, [topics.hospital, ...feeds]);
  const counts = new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
  const inputs = counts.get(topics.hospital);
  const offsets = await admin.fetchTopicOffsets(topics.state);
  return {
    hasState: offsets.some((o) => partitions.includes(o.partition) && BigInt(o.high) > BigInt(o.low)),
    copartitionedFeeds: new Set(feeds.filter((feed) => counts.get(feed) === inputs)),
  };
}

/** Each input partition's low and high watermarks, by `<role>:<partition>` (role: hospital or council). */
export async function inputWatermarks(
  admin: Admin,
  topics: RouterTopics,
): Promise<Map<string, { readonly low: bigint; readonly high: bigint }>> {
  const ends = new Map<string, { readonly low: bigint; readonly high: bigint }>();
  for (const role of ['hospital', 'council'] as const)
    for (const { partition, low, high } of await admin.fetchTopicOffsets(topics[role]))
      ends.set(`${role}:${partition}`, { low: BigInt(low), high: BigInt(high) });
  return ends;
}
