import {
  KafkaJSAggregateError,
  KafkaJSError,
  KafkaJSProtocolError,
  Partitioners,
  type Kafka,
  type Producer,
  type ProducerBatch,
  type ProducerRecord,
  type RecordMetadata,
} from 'kafkajs';
import { HubError, UnavailableError } from './errors';

/**
 * An idempotent producer (style.md habit 5). Murmur2 partitioning like the Java client, so Java and
 * Python clients put a personKey on the same partition. Topics come from the catalogue, never
 * auto-created with broker defaults (which would break co-partitioning). Retries are unbounded, as
 * kafkajs requires for an idempotent producer to keep its sequence numbers (and so exactly-once per
 * partition) intact; `sendDurably` bounds how long a caller waits instead.
 */
export function createProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 5,
    retry: { retries: Number.MAX_SAFE_INTEGER },
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}

/** Broker answers that blame the record itself: sending it again fails the same way. */
const RECORD_REJECTIONS = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'INVALID_TIMESTAMP',
  'CORRUPT_MESSAGE',
  'INVALID_TOPIC_EXCEPTION',
]);

function* causes(err: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  const queue = [err];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (seen.has(next)) continue;
    seen.add(next);
    yield next;
    if (next instanceof KafkaJSAggregateError) queue.push(...next.errors);
    if (next instanceof Error && next.cause !== undefined) queue.push(next.cause);
  }
}

/**
 * Turns a kafkajs failure into the hub's error currency: a record the broker refuses is a
 * non-retriable `KAFKA_RECORD_REJECTED`; anything else kafkajs throws (broker down, timeouts,
 * retries exhausted, not authorised, producer disconnected) is a retriable UnavailableError.
 * Other errors (our own, programming errors) are returned unchanged.
 */
export function toKafkaHubError(err: unknown): unknown {
  if (!(err instanceof KafkaJSError || err instanceof KafkaJSAggregateError)) return err;
  for (const cause of causes(err)) {
    if (cause instanceof KafkaJSProtocolError && RECORD_REJECTIONS.has(cause.type)) {
      return new HubError(`Kafka rejected the record: ${cause.message}`, {
        code: 'KAFKA_RECORD_REJECTED',
        retriable: false,
        cause: err,
      });
    }
  }
  return new UnavailableError(`Kafka did not acknowledge the write: ${err.message}`, {
    dependency: 'kafka',
    cause: err,
  });
}

export interface SendDurablyOptions {
  /**
   * Stop waiting after this long (default 30 s) with an UnavailableError. kafkajs keeps retrying in the
   * background, so the write may still land later; deterministic event ids make the caller's resend safe.
   */
  readonly timeoutMs?: number;
}

export const DEFAULT_SEND_TIMEOUT_MS = 30_000;

/** Sends and resolves only once every in-sync replica has the records (`acks: -1`). */
export async function sendDurably(
  producer: Producer,
  record: Omit<ProducerRecord, 'acks'>,
  options: SendDurablyOptions = {},
): Promise<RecordMetadata[]> {
  return acknowledged(producer.send({ ...record, acks: -1 }), options);
}

/** Like sendDurably, for records bound for several topics in one request. */
export async function sendBatchDurably(
  producer: Producer,
  batch: Omit<ProducerBatch, 'acks'>,
  options: SendDurablyOptions = {},
): Promise<RecordMetadata[]> {
  return acknowledged(producer.sendBatch({ ...batch, acks: -1 }), options);
}

async function acknowledged(
  sent: Promise<RecordMetadata[]>,
  options: SendDurablyOptions,
): Promise<RecordMetadata[]> {
  const { timeoutMs = DEFAULT_SEND_TIMEOUT_MS } = options;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new UnavailableError(`Kafka did not acknowledge the write within ${timeoutMs} ms`, {
            dependency: 'kafka',
          }),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([sent, deadline]);
  } catch (err) {
    throw toKafkaHubError(err);
  } finally {
    clearTimeout(timer);
  }
}
