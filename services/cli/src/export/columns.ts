import {
  alertsTopic,
  auditTopic,
  councilTopic,
  deadLetterTopic,
  hospitalTopic,
  rawTopic,
  type TopicSpec,
} from '@homefirst/schemas';
import { treatmentOf } from './pseudonymise';
import { dotted, topicLeaves, type Leaf, type LeafKind } from './schema-walk';

/** `--topic` names → the catalogue's topics. */
export const EXPORT_TOPICS = {
  hospital: hospitalTopic,
  council: councilTopic,
  alerts: alertsTopic,
  audit: auditTopic,
  raw: rawTopic,
  deadletter: deadLetterTopic,
} as const satisfies Record<string, TopicSpec>;
export type ExportTopic = keyof typeof EXPORT_TOPICS;
export const EXPORT_TOPIC_NAMES = Object.keys(EXPORT_TOPICS) as ExportTopic[];

/**
 * One column of a CSV or parquet export. Flat: the envelope's fields, then every payload field of every
 * event type of the exported topics (a typed union: a column is empty where the row's type has no such
 * field). Names are the Avro path joined with `_` (payload.location.ward → payload_location_ward).
 */
export interface Column {
  readonly name: string;
  readonly kind: LeafKind;
  /** Where the value is: a Kafka coordinate, or a path in the decoded event. */
  readonly from: 'topic' | 'partition' | 'offset' | readonly string[];
}

const KAFKA_COLUMNS: readonly Column[] = [
  { name: 'topic', kind: 'enum', from: 'topic' },
  { name: 'kafkaPartition', kind: 'int', from: 'partition' },
  { name: 'kafkaOffset', kind: 'long', from: 'offset' },
];

const TEXT: ReadonlySet<LeafKind> = new Set(['string', 'enum']);

/** A leaf's column, or none when pseudonymisation drops it. Lists keep their column (items are filtered). */
function columnOf(leaf: Leaf, pseudonymised: boolean): Column | undefined {
  if (pseudonymised && leaf.kind !== 'list' && treatmentOf(dotted(leaf.path), leaf.kind) === 'drop')
    return undefined;
  const plain = leaf.items?.length === 1 && leaf.items[0]?.path.length === 0 ? leaf.items[0] : undefined;
  if (pseudonymised && plain !== undefined && treatmentOf(`${dotted(leaf.path)}[]`, plain.kind) === 'drop')
    return undefined;
  return { name: leaf.path.join('_'), kind: leaf.kind, from: leaf.path };
}

/**
 * The columns of an export of these topics, in a stable order: Kafka coordinates, envelope, payload fields
 * in the order the schemas first name them. A name two schemas give different kinds is a contract problem
 * this refuses loudly rather than writing a column of mixed types.
 */
export function exportColumns(specs: readonly TopicSpec[], pseudonymised: boolean): Column[] {
  const columns = new Map<string, Column>(KAFKA_COLUMNS.map((c) => [c.name, c]));
  const add = (leaf: Leaf): void => {
    const column = columnOf(leaf, pseudonymised);
    if (column === undefined) return;
    const existing = columns.get(column.name);
    if (existing === undefined) columns.set(column.name, column);
    else if (existing.kind !== column.kind) {
      // An enum in one schema and a string in another (audit's outcome, reablement's outcome) are both text.
      if (TEXT.has(existing.kind) && TEXT.has(column.kind))
        columns.set(column.name, { ...existing, kind: 'string' });
      else
        throw new TypeError(
          `column ${column.name} is ${existing.kind} in one schema, ${column.kind} in another`,
        );
    }
  };
  const all = specs.map(topicLeaves);
  for (const leaves of all) leaves.envelope.forEach(add);
  for (const leaves of all) for (const payload of leaves.payloads.values()) payload.forEach(add);
  return [...columns.values()];
}
