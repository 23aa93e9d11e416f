import {
  Kafka,
  logLevel as KafkaLogLevel,
  type Admin,
  type LogEntry,
  type SASLOptions,
  type logCreator,
} from 'kafkajs';
import type { HubConfig } from './config';
import type { Logger, LogLevel } from './logger';

/** The kafkajs level of each pino level (and of pino's `silent`); any other level logs errors only. */
const KAFKA_LOG_LEVEL_OF: Readonly<Record<LogLevel | 'silent', KafkaLogLevel>> = {
  trace: KafkaLogLevel.DEBUG,
  debug: KafkaLogLevel.DEBUG,
  info: KafkaLogLevel.INFO,
  warn: KafkaLogLevel.WARN,
  error: KafkaLogLevel.ERROR,
  fatal: KafkaLogLevel.ERROR,
  silent: KafkaLogLevel.NOTHING,
};

/** kafkajs logs the lines at or above this level; follow the pino logger's level. */
const kafkaLogLevel = ({ level }: Logger): KafkaLogLevel =>
  Object.hasOwn(KAFKA_LOG_LEVEL_OF, level)
    ? KAFKA_LOG_LEVEL_OF[level as keyof typeof KAFKA_LOG_LEVEL_OF]
    : KafkaLogLevel.ERROR;

const REBALANCING = 'The group is rebalancing, so a rejoin is needed';

/**
 * Broker answers kafkajs logs as errors although it retries them itself and they are part of normal work, with
 * the level each is logged at instead. If the retries run out, the caller gets the error and logs it.
 * - A transactional producer that starts its next transaction while the coordinator is still writing the
 *   markers of the last one is told CONCURRENT_TRANSACTIONS (the feed router, every batch): debug.
 * - A coordinator that is still loading its log after a broker start answers COORDINATOR_LOAD_IN_PROGRESS (the
 *   API's audit producer asking for its producer id as the stack starts): warn, worth seeing, not a fault.
 * - A Metadata request for a topic created a moment before (createTopicsAndWait polling for its leaders, a
 *   service starting as the topics are made) is answered UNKNOWN_TOPIC_OR_PARTITION until the broker's
 *   metadata has the topic, which takes seconds on a loaded machine: warn. Only on Metadata: a produce or fetch
 *   told so is an error.
 * - A member's Heartbeat or SyncGroup answered REBALANCE_IN_PROGRESS: a member joined or left the group (a
 *   second instance started, one restarted after a crash), and kafkajs joins again: warn. Every member of the
 *   group logged an error line for each scale-out or restart.
 */
const ROUTINELY_RETRIED: ReadonlyArray<
  readonly [message: string, level: 'debug' | 'warn', onlyOnResponse?: string]
> = [
  [
    'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing',
    'debug',
  ],
  ["The coordinator is loading and hence can't process requests for this group", 'warn'],
  ['This server does not host this topic-partition', 'warn', 'Response Metadata('],
  [REBALANCING, 'warn', 'Response Heartbeat('],
  [REBALANCING, 'warn', 'Response SyncGroup('],
];

/** The level a kafkajs error line is logged at: lower for a broker answer kafkajs retries as routine. */
const errorLevel = (message: string, error: unknown): 'debug' | 'warn' | 'error' =>
  ROUTINELY_RETRIED.find(
    ([known, , onlyOn]) =>
      (error === known || message.endsWith(known)) && (onlyOn === undefined || message.startsWith(onlyOn)),
  )?.[1] ?? 'error';

/** Routes kafkajs log entries into pino, one child logger per kafkajs namespace. */
export function kafkaLogCreator(logger: Logger): logCreator {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      // kafkajs' own timestamp and logger name duplicate pino's.
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
      const entry = { namespace, ...fields };
      switch (level) {
        case KafkaLogLevel.ERROR:
          kafkaLogger[errorLevel(message, fields.error)](entry, message);
          break;
        case KafkaLogLevel.WARN:
          kafkaLogger.warn(entry, message);
          break;
        case KafkaLogLevel.INFO:
          kafkaLogger.info(entry, message);
          break;
        case KafkaLogLevel.DEBUG:
        case KafkaLogLevel.NOTHING:
          kafkaLogger.debug(entry, message);
          break;
      }
    };
}

type SaslConfig = NonNullable<HubConfig['kafka']['sasl']>;

/** kafkajs types SASL options per mechanism, so name each one. */
function saslOptions({ mechanism, username, password }: SaslConfig): SASLOptions {
  switch (mechanism) {
    case 'plain':
      return { mechanism, username, password };
    case 'scram-sha-256':
      return { mechanism, username, password };
    case 'scram-sha-512':
      return { mechanism, username, password };
  }
}

/** A kafkajs client for the configured cluster: TLS (with the configured CA) and SASL when set, logs into pino. */
export function createKafka(config: Pick<HubConfig, 'kafka'>, logger: Logger): Kafka {
  const { brokers, clientId, ssl, sslCa, sasl } = config.kafka;
  return new Kafka({
    clientId,
    brokers,
    // With a CA file, only brokers whose certificates it signed (host name checked) are trusted.
    ssl: ssl && sslCa !== undefined ? { ca: [sslCa] } : ssl,
    ...(sasl && { sasl: saslOptions(sasl) }),
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    // Fast first retries for a local broker; capped so a rolling restart of a real cluster is ridden out.
    retry: { initialRetryTime: 100, maxRetryTime: 10_000, retries: 8 },
    logLevel: kafkaLogLevel(logger),
    logCreator: kafkaLogCreator(logger),
  });
}

/** Runs `use` with a connected admin client of `kafka`, disconnected afterwards whatever happens. */
export async function withAdmin<T>(kafka: Kafka, use: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}
