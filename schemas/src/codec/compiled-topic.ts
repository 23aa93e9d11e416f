import { types, type Type } from 'avsc';
import { parseAvro } from '../avro/logical-types';
import { fullNameOf } from '../avro/schema-types';
import type { TopicSpec } from '../catalogue/topic-spec';

/** A topic's value schema parsed once, with what the codec needs to map envelopes to and from avsc values. */
export interface CompiledTopic {
  readonly spec: TopicSpec;
  readonly type: Type;
  /** Schema text as registered: canonical JSON of the self-contained schema. */
  readonly schemaText: string;
  /** Full name of the envelope record: how a writer schema is matched to its topic. */
  readonly fullName: string;
  /** Full record name of each event type's payload branch. */
  readonly branchOf: ReadonlyMap<string, string>;
  /** Whether avsc represents `payload` as a wrapped union ({ "<full name>": record }): true when it has two or more branches. */
  readonly wrappedPayload: boolean;
  /** The envelope's field names in schema order (the order a decoded event's keys keep). */
  readonly fieldNames: readonly string[];
}

export const compileTopic = (spec: TopicSpec): CompiledTopic => {
  const type = parseAvro(spec.valueSchema);
  const namespace = spec.valueSchema.namespace;
  if (!(type instanceof types.RecordType)) throw new Error(`${spec.name}: value schema is not a record`);
  const payload = type.field('payload');
  return {
    spec,
    type,
    schemaText: JSON.stringify(spec.valueSchema),
    fullName: fullNameOf(spec.valueSchema),
    branchOf: new Map(spec.eventTypes.map((eventType) => [eventType, `${namespace}.${eventType}`])),
    wrappedPayload: payload.type instanceof types.WrappedUnionType,
    fieldNames: type.fields.map((field) => field.name),
  };
};
