import { readHistory, type Logger } from '@homefirst/runtime';
import { historyGroupOf } from './settings';
import type { Kafka } from 'kafkajs';
import { deserialiseRouting } from '../routing/serialise';
import { roleOfMarkKey, type RoutedMarks } from './marks';
import type { PersonStates } from './person-states';
import { parseServed, SERVED_KEY, type Served } from './served';

/**
 * Reads the router's state topic to its end (read committed) into memory, for the `wanted` partitions: the
 * persons' routing states (a tombstone deletes one), the inputs' routing marks and the served councils.
 */
export interface RoutingStateRead {
  readonly kafka: Kafka;
  readonly logger: Logger;
  /** The router's group id: the state is read in a history group under it (settings.ts historyGroupOf). */
  readonly groupId: string;
  readonly topic: string;
  readonly wanted: ReadonlySet<number>;
  /** Filled in: the persons' routing states, the inputs' marks, the served councils by partition. */
  readonly into: {
    readonly states: PersonStates;
    readonly marks: RoutedMarks;
    readonly served: Map<number, Served>;
  };
}

export async function readRoutingState(read: RoutingStateRead): Promise<void> {
  const { kafka, logger, topic, wanted, groupId } = read;
  const { states, marks, served } = read.into;
  const reader = readHistory(kafka, { topics: [topic], logger, groupPrefix: historyGroupOf(groupId) });
  await reader.start();
  for await (const batch of reader) {
    if (!wanted.has(batch.partition)) continue;
    for (const record of batch.records) {
      const personKey = record.key?.toString('utf8');
      if (personKey === undefined) continue;
      const role = roleOfMarkKey(personKey);
      if (personKey === SERVED_KEY) {
        if (record.value !== null) served.set(batch.partition, parseServed(batch.partition, record.value));
      } else if (role !== undefined) {
        if (record.value !== null) marks.set(role, batch.partition, record.value);
      } else if (record.value === null) states.delete(batch.partition, personKey);
      else states.set(batch.partition, personKey, deserialiseRouting(record.value));
    }
  }
  await reader.close();
}
