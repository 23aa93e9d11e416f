import { HubStack, endOffsets, splitPartitionKey, waitFor } from '@homefirst/testing';
import type { readModels } from '@homefirst/schemas';
import { buildProjector, startProjector, type ProjectorProcess } from './process';

type ReadModelKeys = readModels.ReadModelKeys;

/** The topics a projector reads: both person streams. */
export const PERSON_TOPICS = ['homefirst.hospital.events.v1', 'homefirst.council.events.v1'] as const;

/**
 * The projector stack tests' fixture: a HubStack (topics and Redis of the test's own) plus the projector
 * processes the test starts, killed at the end, and the one question every such test asks — have the
 * read models caught up with what is in the topics?
 */
export class ProjectorStack extends HubStack {
  readonly processes: ProjectorProcess[] = [];

  constructor() {
    super('it-proj');
  }

  /** The person topics under this stack's prefix. */
  personTopics(): string[] {
    return PERSON_TOPICS.map((name) => this.topic(name));
  }

  /** Builds the projector (for child processes) and starts the stack. */
  async startWithProjectorBuild(): Promise<void> {
    buildProjector();
    await this.start();
  }

  /** Kills the projectors still running, then stops the stack, deleting the read-model namespaces. */
  async stopAll(namespaces: readonly string[]): Promise<void> {
    for (const projector of this.processes) await projector.kill('SIGKILL');
    await this.stop(namespaces);
  }

  /** The environment of a projector process on this stack, writing under `keys`, in consumer group `group`. */
  processEnv(
    keys: ReadModelKeys,
    group: string,
    extra: Readonly<Record<string, string>> = {},
  ): Record<string, string> {
    return {
      HOMEFIRST_KAFKA_BROKERS: this.config.kafka.brokers.join(','),
      HOMEFIRST_REGISTRY_URL: this.config.registry.url,
      HOMEFIRST_REDIS_URL: this.config.redis.url,
      HOMEFIRST_TOPIC_PREFIX: this.prefix,
      HOMEFIRST_READMODEL_NAMESPACE: keys.namespace,
      HOMEFIRST_PROJECTOR_GROUP: group,
      HOMEFIRST_PROJECTOR_SESSION_TIMEOUT_MS: '6000',
      HOMEFIRST_PROJECTOR_SWEEP: 'false',
      HOMEFIRST_LOG_LEVEL: 'info',
      ...extra,
    };
  }

  /** Starts `homefirst-projector run --no-sweep` with `env`, remembered to be killed at the end. */
  startProjector(env: Record<string, string>): ProjectorProcess {
    const projector = startProjector(['run', '--no-sweep'], env);
    this.processes.push(projector);
    return projector;
  }

  /** Records written to the person topics so far (the sum of their high watermarks). */
  async published(): Promise<number> {
    let total = 0;
    for (const end of (await endOffsets(this.kafka, this.personTopics())).values()) total += end;
    return total;
  }

  /** Records the read models under `keys` have projected: the sum of the offsets stored with them. */
  async projected(keys: ReadModelKeys): Promise<number> {
    let total = 0;
    for (const key of (await endOffsets(this.kafka, this.personTopics())).keys()) {
      const { topic, partition } = splitPartitionKey(key);
      total += Number((await this.redis.get(keys.offset(topic, partition))) ?? 0);
    }
    return total;
  }

  /**
   * Waits until the read models under `keys` hold, for every partition of both person topics, an offset
   * at the partition's high watermark as it is now: everything published so far is projected. On failure
   * the message ends with `diagnose()` (e.g. the projectors' output).
   */
  async waitForProjection(
    keys: ReadModelKeys,
    timeoutMs: number,
    diagnose: () => string | Promise<string> = () => '',
  ): Promise<void> {
    const ends = await endOffsets(this.kafka, this.personTopics());
    await waitFor(
      `${keys.namespace} to catch up with both person topics`,
      async () => {
        for (const [key, end] of ends) {
          const { topic, partition } = splitPartitionKey(key);
          if (Number((await this.redis.get(keys.offset(topic, partition))) ?? 0) < end) return undefined;
        }
        return true;
      },
      timeoutMs,
    ).catch(async (err: unknown) => {
      throw new Error(`${String(err)}\n${await diagnose()}`, { cause: err });
    });
  }
}
