import {
  Partitioners,
  type Kafka,
  type Message,
  type PartitionMetadata,
  type Producer,
  type ProducerBatch,
  type RecordMetadata,
} from 'kafkajs';
import { withAdmin } from './kafka';
import { fetchTopicMetadataWhenKnown } from './topics';

/** The records of one produce call for one topic. */
export interface TopicRecords {
  readonly topic: string;
  readonly messages: readonly Message[];
}

/** The records of one topic partition: what one single-partition produce call sends. */
export interface PartitionRecords {
  readonly topic: string;
  readonly partition: number;
  readonly messages: Message[];
}

const murmur2 = Partitioners.DefaultPartitioner();
const metadataOf = new Map<number, PartitionMetadata[]>();

/** Stand-in metadata for `count` partitions: kafkajs's partitioner reads only their number for a keyed record. */
const partitionsOf = (count: number): PartitionMetadata[] => {
  let partitions = metadataOf.get(count);
  if (partitions === undefined) {
    partitions = Array.from({ length: count }, (_, partitionId) => ({
      partitionErrorCode: 0,
      partitionId,
      leader: 0,
      replicas: [0],
      isr: [0],
      offlineReplicas: [],
    }));
    metadataOf.set(count, partitions);
  }
  return partitions;
};

/**
 * The partition kafkajs's producer would give a record (the Java client's murmur2 of its key, as every
 * hub producer is configured: runtime createProducer), or the one it names.
 */
export function partitionOf(topic: string, message: Message, partitionCount: number): number {
  if (message.partition !== undefined) return message.partition;
  if (message.key === null || message.key === undefined)
    throw new TypeError(`a record for ${topic} has neither key nor partition: the hub keys every record`);
  return murmur2({ topic, partitionMetadata: partitionsOf(partitionCount), message });
}

/**
 * Records grouped by topic partition, each record given its partition explicitly, in the order given
 * within each partition (which is all Kafka orders), for one produce call per partition: see
 * sendByPartition for why. `partitionCount` answers for every topic with a record not naming its partition.
 */
export function byPartition(
  topicRecords: readonly TopicRecords[],
  partitionCount: (topic: string) => number,
): PartitionRecords[] {
  const groups = new Map<string, PartitionRecords>();
  for (const { topic, messages } of topicRecords) {
    let count: number | undefined;
    for (const message of messages) {
      const partition = message.partition ?? partitionOf(topic, message, (count ??= partitionCount(topic)));
      const key = `${partition}\u0000${topic}`;
      let group = groups.get(key);
      if (group === undefined) groups.set(key, (group = { topic, partition, messages: [] }));
      group.messages.push(message.partition === partition ? message : { ...message, partition });
    }
  }
  return [...groups.values()];
}

/** Partition counts of topics, read from the cluster once and again after five minutes (partitions added). */
export class TopicPartitionCounts {
  private readonly counts = new Map<string, { readonly count: number; readonly at: number }>();

  constructor(
    private readonly kafka: Kafka,
    private readonly maxAgeMs = 300_000,
  ) {}

  /** Reads the counts of `topics` not known or too old; throws as kafkajs does when Kafka cannot answer. */
  async load(topics: Iterable<string>): Promise<void> {
    const now = Date.now();
    const wanted = [...new Set(topics)].filter((topic) => {
      const known = this.counts.get(topic);
      return known === undefined || now - known.at > this.maxAgeMs;
    });
    if (wanted.length === 0) return;
    const metadata = await withAdmin(this.kafka, (admin) => fetchTopicMetadataWhenKnown(admin, wanted));
    for (const topic of metadata.topics)
      this.counts.set(topic.name, { count: topic.partitions.length, at: now });
  }

  /** The count of a topic load() has read. */
  of(topic: string): number {
    const known = this.counts.get(topic);
    if (known === undefined) throw new Error(`the partitions of ${topic} were not read`);
    return known.count;
  }
}

/**
 * Why the hub never asks kafkajs for one produce call spanning several partitions (kafkajs 2.2.4, the
 * last release): its `sendMessages` keeps, across its own retries, a map of the brokers that already
 * answered. When one broker of a call fails (killed, leadership moving), the retry skips every broker in
 * that map — also for partitions whose leadership has just moved to it, which are then never sent while
 * the call resolves as if they were (tulios/kafkajs#1303) — and, when the retry reconnects the cluster,
 * no longer recognises them, so records already written go again with new sequence numbers: duplicates,
 * inside a transaction too. The cluster test (tests/cluster) found a feed event written twice in one
 * committed transaction this way. A call for one partition has one leader per attempt, so a retry resends
 * exactly what failed, with the same sequence numbers, and the broker drops a copy it already has.
 *
 * So the records are sent in one produce call per topic partition, all at once: on a single broker
 * kafkajs still sends them one request after another (it holds one request in flight per broker for an
 * idempotent producer), which is the price of this.
 */
export async function sendByPartition(
  producer: Producer,
  batch: ProducerBatch,
  counts: TopicPartitionCounts,
): Promise<RecordMetadata[]> {
  const { topicMessages = [], ...request } = batch;
  const unnamed = topicMessages.filter(({ messages }) => messages.some((m) => m.partition === undefined));
  await counts.load(unnamed.map(({ topic }) => topic));
  const groups = byPartition(topicMessages, (topic) => counts.of(topic));
  const sent = await Promise.all(
    groups.map(({ topic, messages }) =>
      producer.sendBatch({ ...request, topicMessages: [{ topic, messages }] }),
    ),
  );
  return sent.flat();
}
