import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { createTopicsAndWait } from '@homefirst/runtime';
import type { TopicSpec } from '@homefirst/schemas';
import { desiredTopics, type DesiredTopic, type TopicDeploymentOptions } from './plan';

/** The part of the kafkajs admin client this needs (a fake implements it in unit tests). */
export type TopicAdmin = Pick<
  Admin,
  'listTopics' | 'createTopics' | 'fetchTopicMetadata' | 'describeConfigs' | 'alterConfigs'
>;

export interface ApplyTopicsOptions extends TopicDeploymentOptions {
  /** Replication factor of created topics. Default: the broker's default.replication.factor. */
  readonly replicationFactor?: number;
  /** Set drifted configs (retention, cleanup policy) back to the catalogue's instead of reporting them. Default false. */
  readonly fixConfigs?: boolean;
}

export type TopicOutcome =
  | { readonly topic: string; readonly status: 'created'; readonly partitions: number }
  | { readonly topic: string; readonly status: 'unchanged'; readonly partitions: number }
  | {
      readonly topic: string;
      readonly status: 'updated';
      readonly partitions: number;
      readonly changes: readonly string[];
    }
  | { readonly topic: string; readonly status: 'mismatched'; readonly problems: readonly string[] };

export interface ApplyTopicsReport {
  readonly topics: readonly TopicOutcome[];
  /** True when every topic matches the catalogue. A mismatch is never fixed silently: partitions cannot shrink, and growing them would move keys. */
  readonly ok: boolean;
}

/**
 * Creates missing topics and checks existing ones against the catalogue, idempotently: running it twice
 * changes nothing the second time. A partition count that differs is reported as mismatched, never
 * changed (re-partitioning moves every person to another partition and breaks co-partitioning).
 * Config drift is reported, or corrected with `fixConfigs`.
 */
export const applyTopics = async (
  admin: TopicAdmin,
  catalogue: readonly TopicSpec[],
  options: ApplyTopicsOptions = {},
): Promise<ApplyTopicsReport> => {
  const desired = desiredTopics(catalogue, options);
  const existing = new Set(await admin.listTopics());

  const missing = desired.filter((t) => !existing.has(t.name));
  if (missing.length > 0) {
    // Returns false when another process created some of them meanwhile: they are checked below like the rest.
    await createTopicsAndWait(
      admin,
      missing.map((t) => ({
        topic: t.name,
        numPartitions: t.partitions,
        replicationFactor: options.replicationFactor ?? -1,
        configEntries: Object.entries(t.configs).map(([name, value]) => ({ name, value })),
      })),
    );
  }

  const outcomes: TopicOutcome[] = [];
  for (const topic of desired) {
    const checked = await check(admin, topic, options.fixConfigs ?? false);
    outcomes.push(
      !existing.has(topic.name) && checked.status === 'unchanged'
        ? { ...checked, status: 'created' }
        : checked,
    );
  }
  const withGroups = copartitionProblems(desired, outcomes);
  return { topics: withGroups, ok: withGroups.every((o) => o.status !== 'mismatched') };
};

const check = async (admin: TopicAdmin, topic: DesiredTopic, fixConfigs: boolean): Promise<TopicOutcome> => {
  const metadata = await admin.fetchTopicMetadata({ topics: [topic.name] });
  const partitions = metadata.topics.find((t) => t.name === topic.name)?.partitions.length ?? 0;
  const problems: string[] = [];
  if (partitions !== topic.partitions)
    problems.push(`has ${partitions} partitions, the catalogue says ${topic.partitions}`);

  const drift = await configDrift(admin, topic);
  if (drift.length > 0 && fixConfigs && problems.length === 0) {
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topic.name,
          configEntries: Object.entries(topic.configs).map(([name, value]) => ({ name, value })),
        },
      ],
    });
    return { topic: topic.name, status: 'updated', partitions, changes: drift };
  }
  problems.push(...drift);
  return problems.length > 0
    ? { topic: topic.name, status: 'mismatched', problems }
    : { topic: topic.name, status: 'unchanged', partitions };
};

const configDrift = async (admin: TopicAdmin, topic: DesiredTopic): Promise<string[]> => {
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [
      { type: ConfigResourceTypes.TOPIC, name: topic.name, configNames: Object.keys(topic.configs) },
    ],
  });
  const actual = new Map(
    (described.resources[0]?.configEntries ?? []).map((e) => [e.configName, e.configValue]),
  );
  return Object.entries(topic.configs)
    .filter(([name, value]) => actual.get(name) !== value)
    .map(([name, value]) => `${name} is ${actual.get(name) ?? 'unset'}, the catalogue says ${value}`);
};

/** Topics of one co-partition group must end up with equal partition counts, whatever each one says alone. */
const copartitionProblems = (
  desired: readonly DesiredTopic[],
  outcomes: readonly TopicOutcome[],
): TopicOutcome[] => {
  const countOf = (name: string): number | undefined => {
    const outcome = outcomes.find((o) => o.topic === name);
    return outcome && outcome.status !== 'mismatched' ? outcome.partitions : undefined;
  };
  return outcomes.map((outcome, i) => {
    const group = desired[i]?.spec.copartitionGroup;
    if (!group || outcome.status === 'mismatched') return outcome;
    const peers = desired.filter((d) => d.spec.copartitionGroup === group).map((d) => countOf(d.name));
    if (new Set(peers.filter((p) => p !== undefined)).size <= 1) return outcome;
    return {
      topic: outcome.topic,
      status: 'mismatched',
      problems: [`co-partitioned '${group}' topics have different partition counts (${peers.join(', ')})`],
    };
  });
};
