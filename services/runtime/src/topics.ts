import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin, ITopicConfig } from 'kafkajs';
import { UnavailableError } from './errors';

/** The part of the kafkajs admin client topic creation needs. */
export type TopicCreator = Pick<Admin, 'createTopics' | 'fetchTopicMetadata'>;

export interface CreateTopicsOptions {
  /** How long to wait for every partition of the new topics to have a leader. Default 30 s. */
  readonly timeoutMs?: number;
}

/** Metadata answers that mean "not there yet" on a broker that has just created a topic. */
const NOT_YET = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

const notYet = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && NOT_YET.has(String((err as { type?: unknown }).type));

/**
 * Creates topics and waits until every partition has a leader. kafkajs's own `waitForLeaders` gives up
 * with "This server does not host this topic-partition" when a freshly started KRaft broker has not yet
 * propagated the new topic to its metadata cache; this waits that out too, up to a deadline. Returns
 * false when some of the topics existed already (another process created them), as kafkajs does.
 */
export async function createTopicsAndWait(
  admin: TopicCreator,
  topics: readonly ITopicConfig[],
  options: CreateTopicsOptions = {},
): Promise<boolean> {
  const created = await admin.createTopics({ topics: [...topics], waitForLeaders: false });
  const names = topics.map((t) => t.topic);
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const { topics: described } = await admin.fetchTopicMetadata({ topics: names });
      const leaderless = described.filter(
        (t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0),
      );
      if (described.length === names.length && leaderless.length === 0) return created;
      lastProblem = `${leaderless.length || names.length - described.length} topic(s) without leaders`;
    } catch (err) {
      if (!notYet(err)) throw err;
      lastProblem = String((err as { type?: unknown }).type);
    }
    await sleep(100);
  }
  throw new UnavailableError(
    `Kafka created ${names.length} topic(s) but their partitions had no leader within the deadline (${lastProblem})`,
    { dependency: 'kafka' },
  );
}

/**
 * `admin.fetchTopicMetadata` for topics known to exist, waiting out brokers that have not learnt of them
 * yet: on a cluster the request may reach a broker other than the one that just created a topic, which
 * answers UNKNOWN_TOPIC_OR_PARTITION for a moment. Other errors are thrown at once.
 */
export async function fetchTopicMetadataWhenKnown(
  admin: Pick<Admin, 'fetchTopicMetadata'>,
  names: readonly string[],
  options: CreateTopicsOptions = {},
): Promise<Awaited<ReturnType<Admin['fetchTopicMetadata']>>> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    try {
      return await admin.fetchTopicMetadata({ topics: [...names] });
    } catch (err) {
      if (!notYet(err) || Date.now() >= deadline) throw err;
    }
    await sleep(100);
  }
}
