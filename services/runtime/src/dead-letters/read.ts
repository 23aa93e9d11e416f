import type { DeadLetterEvent, EventCodec } from '@homefirst/schemas';
import type { Kafka } from 'kafkajs';
import { readHistory } from '../history';
import type { Logger } from '../logger';
import { matchesDeadLetter, type DeadLetterFilter } from './filter';

/** A dead letter and where it lies on the topic. */
export interface StoredDeadLetter {
  readonly event: DeadLetterEvent;
  readonly partition: number;
  readonly offset: string;
}

export interface ReadDeadLettersOptions {
  readonly kafka: Kafka;
  readonly codec: EventCodec;
  readonly topicPrefix: string;
  readonly logger: Logger;
  readonly filter: DeadLetterFilter;
  readonly signal?: AbortSignal;
}

/** Kafka stamps a record when it is produced, just after the failure: start reading a little before `from`. */
const TIMESTAMP_SLACK_MS = 5 * 60_000;

/**
 * The dead letters that match `filter`, in topic order (partition by partition), read from the dead-letter
 * topic up to its end marks taken at start — from `filter.from` (less a few minutes) or the earliest.
 * Whatever is read stays in memory only while filtered: only matches are kept.
 */
export async function readDeadLetters(options: ReadDeadLettersOptions): Promise<StoredDeadLetter[]> {
  const { filter } = options;
  const reader = readHistory(options.kafka, {
    topics: [`${options.topicPrefix}homefirst.deadletter.v1`],
    ...(filter.from !== undefined && { fromTimestamp: Math.max(0, filter.from - TIMESTAMP_SLACK_MS) }),
    logger: options.logger,
    ...(options.signal !== undefined && { signal: options.signal }),
  });
  await reader.start();
  const found: StoredDeadLetter[] = [];
  try {
    for await (const batch of reader) {
      for (const record of batch.records) {
        if (record.value === null) continue;
        const event = await options.codec.decode('homefirst.deadletter.v1', record.value);
        if (matchesDeadLetter(event, filter))
          found.push({ event, partition: record.partition, offset: record.offset });
      }
    }
  } finally {
    await reader.close();
  }
  return found;
}
