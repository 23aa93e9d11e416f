import {
  CompressionTypes,
  KafkaJSError,
  Partitioners,
  type KafkaJSErrorMetadata,
  type Kafka,
  type Message,
  type Producer,
  type Transaction,
} from 'kafkajs';
import { serialiseRouting } from '../routing/serialise';
import type { PersonRouting } from '../routing/state';
import { markRecord, type InputRole } from './marks';
import { requestsOf, type TopicMessages } from './requests';

/**
 * A connected transactional producer with `transactionalId`, which has fenced the id's previous producer: that
 * one's open transaction is aborted, its last commit settled (markers written), before this resolves.
 *
 * kafkajs's connect() alone does not: it asks for an idempotent producer id, and sends the transactional
 * InitProducerId (which fences, and which the coordinator answers only once the last transaction is complete)
 * at the first transaction(). A transaction is begun and abandoned here to send it (no partition added:
 * kafkajs sends no EndTxn). Without it, a router reading the state topic after connecting could read it while
 * the previous owner's just-returned commit still had its markers to write: the read ends before that
 * commit, its marks are missed, and the records it routed are routed again (kill.disruptive.int.test.ts
 * failed so, about one run in four).
 */
export async function connectTransactional(kafka: Kafka, transactionalId: string): Promise<Producer> {
  const producer = kafka.producer({
    transactionalId,
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    // Unbounded, as runtime's producer: a send given up mid-transaction would only abort it; sequence numbers stay intact.
    retry: { retries: Number.MAX_SAFE_INTEGER },
  });
  try {
    await producer.connect();
    await (await producer.transaction()).abort();
  } catch (error) {
    await producer.disconnect().catch(() => undefined);
    throw error;
  }
  return producer;
}

/** An input partition a transaction routed records of, and the offset after the last of them. */
export interface RoutedInput {
  readonly topic: string;
  readonly role: InputRole;
  readonly next: string;
}

export interface RoutingTransaction {
  readonly groupId: string;
  /** The compacted state topic, co-partitioned with the inputs: a person's state goes to their partition. */
  readonly stateTopic: string;
  readonly partition: number;
  readonly inputs: readonly RoutedInput[];
  readonly changed: ReadonlyMap<string, PersonRouting>;
  readonly forgotten: readonly string[];
  readonly feeds: ReadonlyMap<string, Message[]>;
}

/**
 * Writes `records` in one transaction, then `beforeCommit` (the consumed offsets of a routing transaction)
 * inside it; throws when it did not commit (the transaction is aborted when it can be).
 */
export async function commitRecords(
  producer: Producer,
  records: readonly TopicMessages[],
  beforeCommit: (transaction: Transaction) => Promise<void> = () => Promise.resolve(),
): Promise<void> {
  const transaction = await producer.transaction();
  try {
    // Several requests when large: a partition's record batch must stay under the broker's message.max.bytes.
    // Uncompressed: feed events are small minimised Avro records and kafkajs compresses in JavaScript — GZIP
    // cost the router a tenth of its throughput (bench:route 0.38× → 0.42× without it) for little disk.
    for (const part of requestsOf(records))
      await transaction.sendBatch({ topicMessages: part, acks: -1, compression: CompressionTypes.None });
    await beforeCommit(transaction);
    await transaction.commit();
  } catch (error) {
    await transaction.abort().catch(() => undefined);
    throw error;
  }
}

/**
 * One Kafka transaction: the feed events, the changed persons' states (tombstones for the forgotten) with each
 * routed input's mark, and the inputs' consumed offsets — all or nothing. Throws when it did not commit: the
 * caller treats the partition as in doubt (the commit may have been written all the same).
 */
export async function commitRouting(producer: Producer, t: RoutingTransaction): Promise<void> {
  const state: Message[] = [...t.changed].map(([key, value]) => ({
    key,
    value: serialiseRouting(value),
    partition: t.partition,
  }));
  for (const key of t.forgotten) state.push({ key, value: null, partition: t.partition });
  for (const input of t.inputs) state.push(markRecord(input.role, t.partition, input.next));
  const topicMessages = [...t.feeds].map(([topic, messages]) => ({ topic, messages }));
  topicMessages.push({ topic: t.stateTopic, messages: state });
  await commitRecords(producer, topicMessages, (transaction) =>
    transaction.sendOffsets({
      consumerGroupId: t.groupId,
      topics: t.inputs.map(({ topic, next }) => ({
        topic,
        partitions: [{ partition: t.partition, offset: next }],
      })),
    }),
  );
}

/**
 * Kafka protocol errors after which a transactional producer cannot go on but its transactional id can: the
 * next producer's InitProducerId fences the old epoch and settles its transaction (connectTransactional).
 * The coordinator bumps a producer's epoch when it aborts a transaction that timed out or was open when the
 * coordinator moved (a broker lost), or when another producer of the id connected; the old one then meets
 * INVALID_PRODUCER_EPOCH or PRODUCER_FENCED (90, a code kafkajs does not know). kafkajs calls all of these not
 * retriable. Authorisation and size errors are not here: a new producer would meet them again.
 */
const MENDED_BY_A_NEW_PRODUCER: ReadonlySet<number> = new Set([
  45, // OUT_OF_ORDER_SEQUENCE_NUMBER
  47, // INVALID_PRODUCER_EPOCH
  48, // INVALID_TXN_STATE
  49, // INVALID_PRODUCER_ID_MAPPING
  52, // TRANSACTION_COORDINATOR_FENCED
  59, // UNKNOWN_PRODUCER_ID
  90, // PRODUCER_FENCED
]);

/** Whether `error`, or an error it was caused by, is one a new producer of the same transactional id mends. */
export function mendedByNewProducer(error: unknown): boolean {
  let cause: unknown = error;
  for (let depth = 0; cause instanceof Error && depth < 8; depth += 1) {
    const { code } = cause as { code?: unknown };
    if (typeof code === 'number' && MENDED_BY_A_NEW_PRODUCER.has(code)) return true;
    cause = cause.cause;
  }
  return false;
}

/**
 * A partition's transaction lost with its producer (mendedByNewProducer), thrown to kafkajs as retriable: it
 * would otherwise crash the consumer and stop the router. The router has dropped the producer and marked the
 * partition in doubt, so the next attempt connects a new one and reads the partition's state again.
 */
export class TransactionLost extends KafkaJSError {
  constructor(partition: number, cause: Error) {
    // kafkajs' constructor keeps `cause` (src/errors.js); its typings do not list it.
    super(`partition ${partition}: its transaction was lost with its producer (${cause.message})`, {
      retriable: true,
      cause,
    } as KafkaJSErrorMetadata);
  }
}

/** `error` as kafkajs should see it: a TransactionLost when a new producer mends it, else unchanged. */
export const retriableWhenMended = (error: unknown, partition: number): unknown =>
  error instanceof Error && mendedByNewProducer(error) ? new TransactionLost(partition, error) : error;
