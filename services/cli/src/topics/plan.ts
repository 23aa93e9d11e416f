import type { TopicSpec } from '@homefirst/schemas';

/** What a topic should look like on a cluster, after deployment options are applied to the catalogue. */
export interface DesiredTopic {
  readonly spec: TopicSpec;
  /** Name on the cluster, prefix included. */
  readonly name: string;
  readonly partitions: number;
  /** Topic configs this tool owns. */
  readonly configs: Readonly<Record<string, string>>;
}

export interface TopicDeploymentOptions {
  /** Prepended to every topic name (tests, shared clusters). Default ''. */
  readonly prefix?: string;
  /** Partition count for every topic (keeps co-partitioned topics equal). Default: the catalogue's per topic. */
  readonly partitions?: number;
  /** Retention of topics whose retention is configurable, by catalogue topic name. Default: the catalogue's. */
  readonly retentionMs?: Readonly<Record<string, number>>;
}

export const desiredTopics = (
  catalogue: readonly TopicSpec[],
  options: TopicDeploymentOptions = {},
): DesiredTopic[] =>
  catalogue.map((spec) => {
    const partitions = options.partitions ?? spec.partitions;
    if (!Number.isInteger(partitions) || partitions < 1)
      throw new RangeError(`partitions must be a positive integer, got ${partitions}`);
    const retentionMs =
      spec.retention.kind === 'forever' ? -1 : (options.retentionMs?.[spec.name] ?? spec.retention.defaultMs);
    if (!Number.isInteger(retentionMs) || (retentionMs < 1 && retentionMs !== -1)) {
      throw new RangeError(
        `retention of ${spec.name} must be a positive number of milliseconds, got ${retentionMs}`,
      );
    }
    return {
      spec,
      name: `${options.prefix ?? ''}${spec.name}`,
      partitions,
      configs: {
        'cleanup.policy': spec.cleanupPolicy,
        'retention.ms': String(retentionMs),
        // Event topics are history: no size limit either.
        ...(spec.retention.kind === 'forever' ? { 'retention.bytes': '-1' } : {}),
      },
    };
  });
