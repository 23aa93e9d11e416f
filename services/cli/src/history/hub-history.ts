import {
  createCodec,
  createKafka,
  createLogger,
  loadConfig,
  readHistory,
  type HistoryBatch,
  type HistoryReader,
  type HubConfig,
  type Logger,
} from '@homefirst/runtime';
import { type EventCodec, topicName, type TopicSpec } from '@homefirst/schemas';
import type { Kafka } from 'kafkajs';

/** What the data-team commands (export, asof) read history with: the hub's Kafka, codec and prefix. */
export interface HubHistory {
  readonly config: HubConfig;
  readonly kafka: Kafka;
  readonly codec: EventCodec;
  readonly logger: Logger;
  /** The topics' full names in this deployment. */
  readonly topicNames: (specs: readonly TopicSpec[]) => string[];
  /** A reader of these topics from the earliest offset (or an instant) up to the end marks taken now. */
  readonly history: (specs: readonly TopicSpec[], fromTimestamp?: number) => HistoryReader;
}

/**
 * Built from the hub's own environment (HOMEFIRST_KAFKA_*, HOMEFIRST_REGISTRY_URL, HOMEFIRST_TOPIC_PREFIX),
 * so a data team's command honours the TLS and SASL settings the services do. Logs (errors only) go to
 * stderr: stdout is the command's output.
 */
export function hubHistory(env: NodeJS.ProcessEnv = process.env): HubHistory {
  const config = loadConfig(env);
  const logger = createLogger({ name: 'homefirst-cli', level: 'silent' }, process.stderr);
  const kafka = createKafka(config, logger);
  const prefix = config.topicPrefix ?? '';
  const codec = createCodec(config, prefix);
  const topicNames = (specs: readonly TopicSpec[]) => specs.map((spec) => topicName(spec.name, prefix));
  return {
    config,
    kafka,
    codec,
    logger,
    topicNames,
    history: (specs, fromTimestamp) =>
      readHistory(kafka, {
        topics: topicNames(specs),
        logger,
        ...(fromTimestamp !== undefined && { fromTimestamp }),
      }),
  };
}

/** Runs `use` over a started reader and always closes it. */
export async function withHistory<T>(
  reader: HistoryReader,
  use: (batches: AsyncIterable<HistoryBatch>, total: number) => Promise<T>,
): Promise<T> {
  try {
    await reader.start();
    return await use(reader, reader.total);
  } finally {
    await reader.close();
  }
}
