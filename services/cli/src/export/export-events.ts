import type { KeyObject } from 'node:crypto';
import { isRetriable } from '@homefirst/runtime';
import type { HomefirstEvent, TopicSpec } from '@homefirst/schemas';
import { EXPORT_TOPIC_NAMES, EXPORT_TOPICS, type ExportTopic } from './columns';
import { EventIdWindow, contentOf } from './dedupe';
import { createPseudonymiser, type Pseudonymiser } from './pseudonymise';
import type { ExportedEvent } from './rows';
import type { ExportWriter } from './writers';

/** What export needs of a batch of history (runtime's HistoryBatch has this shape). */
export interface RecordBatch {
  readonly partition: number;
  readonly records: readonly { readonly offset: string; readonly value: Buffer | null }[];
  /** Records left to the end marks, all partitions. */
  readonly lag: number;
}

/** A value decoded: its catalogue topic and event. */
export interface Decoded {
  readonly topic: string;
  readonly event: HomefirstEvent;
}

/** Decodes a value of any catalogue topic (EventCodec.decodeAny). */
export type Decode = (value: Buffer) => Promise<Decoded>;

/** The same without a promise once the value's schema is known, else undefined (EventCodec.decodeAnySync). */
export type DecodeSync = (value: Buffer) => Decoded | undefined;

export type TimeBasis = 'occurred' | 'recorded';

export interface EventFilter {
  /** Inclusive lower bound. */
  readonly from?: Date;
  /** Inclusive upper bound. */
  readonly to?: Date;
  /** occurred: on occurredAt (event time, the default); recorded: on recordedAt (when the hub knew). */
  readonly by: TimeBasis;
  /** Event types to keep; all when absent. */
  readonly types?: ReadonlySet<string>;
}

export interface ExportCounts {
  /** Records read from the topics. */
  read: number;
  /** Rows written. */
  rows: number;
  /** Copies of an event id already exported (at-least-once duplicates). */
  duplicates: number;
  /** Events outside --from/--to or not of --types. */
  filteredOut: number;
  /** Records no build can decode (also in the dead-letter topic's sense: never silently: counted and reported). */
  unreadable: number;
}

const emptyCounts = (): ExportCounts => ({
  read: 0,
  rows: 0,
  duplicates: 0,
  filteredOut: 0,
  unreadable: 0,
});

const timeOf = (event: HomefirstEvent, by: TimeBasis): number =>
  (by === 'occurred' ? event.occurredAt : event.recordedAt).getTime();

/** Whether an event passes the filter. Pure. */
export function passes(event: HomefirstEvent, filter: EventFilter): boolean {
  if (filter.types !== undefined && !filter.types.has(event.type)) return false;
  const at = timeOf(event, filter.by);
  if (filter.from !== undefined && at < filter.from.getTime()) return false;
  return !(filter.to !== undefined && at > filter.to.getTime());
}

const exportTopicByName = new Map<string, ExportTopic>(
  EXPORT_TOPIC_NAMES.map((name) => [EXPORT_TOPICS[name].name, name]),
);

export interface ExportRun {
  readonly decode: Decode;
  /** Tried first for each record: a promise per record costs more than decoding most events. */
  readonly decodeSync?: DecodeSync;
  readonly writer: ExportWriter;
  readonly filter: EventFilter;
  readonly topics: readonly TopicSpec[];
  /** Pseudonymise rows; with a key, re-key personKey and eventId with it. */
  readonly pseudonymise?: { readonly key?: KeyObject };
  readonly dedupeWindow?: number;
  /** Called after each batch with the records it held and the lag left. */
  readonly onBatch?: (records: number, lag: number) => void;
}

/**
 * The export loop: decode each record with the contract's codec, keep one row per event id (a bounded
 * window per partition, see dedupe.ts), filter, pseudonymise, write. Memory does not grow with the topic.
 * A registry outage fails the export (retriable: run it again); a record no schema reads is counted.
 */
export async function exportEvents(
  batches: AsyncIterable<RecordBatch>,
  run: ExportRun,
): Promise<ExportCounts> {
  const counts = emptyCounts();
  // With a synchronous decode, a record's digest is taken only if its id comes again (its kept copy is
  // read back then): most ids never do.
  const decodeSync = run.decodeSync;
  const window = new EventIdWindow(
    run.dedupeWindow,
    decodeSync === undefined ? undefined : (value) => decodeSync(value)?.event,
  );
  const pseudonymiser: Pseudonymiser | undefined =
    run.pseudonymise === undefined ? undefined : createPseudonymiser(run.topics, run.pseudonymise.key);
  for await (const batch of batches) {
    for (const record of batch.records) {
      counts.read += 1;
      if (record.value === null) continue;
      let decoded: Decoded;
      try {
        decoded = decodeSync?.(record.value) ?? (await run.decode(record.value));
      } catch (error) {
        if (isRetriable(error)) throw error;
        counts.unreadable += 1;
        continue;
      }
      const topic = exportTopicByName.get(decoded.topic);
      if (topic === undefined) {
        counts.unreadable += 1;
        continue;
      }
      const event = decoded.event;
      const first =
        decodeSync === undefined
          ? window.admit(topic, batch.partition, event.eventId, contentOf(event))
          : window.admitRecord(topic, batch.partition, event.eventId, record.value, event);
      if (!first) continue;
      if (!passes(event, run.filter)) {
        counts.filteredOut += 1;
        continue;
      }
      const exported: ExportedEvent = {
        topic,
        partition: batch.partition,
        offset: record.offset,
        event: pseudonymiser === undefined ? event : pseudonymiser(event),
      };
      const writing = run.writer.write(exported);
      if (writing !== undefined) await writing;
      counts.rows += 1;
    }
    run.onBatch?.(batch.records.length, batch.lag);
  }
  counts.duplicates = window.duplicates;
  return counts;
}
