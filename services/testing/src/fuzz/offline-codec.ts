import { Type, types } from 'avsc';
import {
  EventCodec,
  parseAvro,
  topicSpecOf,
  type EventsByTopic,
  InMemoryRegistry,
  type TopicName,
} from '@homefirst/schemas';

/**
 * The live codec (EventCodec: the same validation and serialisation the connectors' publishers run) with a
 * schema registry held in memory, so pure tests and the fuzz command can prove an event is encodable
 * without servers. `eventFromJson` turns an event printed by a feed checker (`homefirst map …` prints
 * JSON lines) back into the codec's types, guided by the topic's Avro schema.
 */

/** An EventCodec that needs no registry server. */
export const offlineCodec = (): EventCodec => new EventCodec({ registry: new InMemoryRegistry() });

/**
 * Encodes and decodes the event with the live codec; resolves with the decoded event, rejects with the
 * codec's InvalidEventError (naming the invalid paths) when the live connector could not publish it.
 */
export async function roundTrip<T extends TopicName>(
  codec: EventCodec,
  topic: T,
  event: EventsByTopic[T],
): Promise<EventsByTopic[T]> {
  return codec.decode(topic, await codec.encode(topic, event));
}

const envelopeTypes = new Map<string, types.RecordType>();

const envelopeOf = (topic: TopicName): types.RecordType => {
  let type = envelopeTypes.get(topic);
  if (type === undefined) {
    const parsed = parseAvro(topicSpecOf(topic).valueSchema);
    if (!(parsed instanceof types.RecordType)) throw new TypeError(`${topic}: value schema is not a record`);
    type = parsed;
    envelopeTypes.set(topic, type);
  }
  return type;
};

/** The value with timestamps (ISO strings in JSON) made Dates again, as the schema's logical types say. */
function revive(type: Type, value: unknown): unknown {
  if (Type.isType(type, 'logical:timestamp-millis'))
    return typeof value === 'string' || typeof value === 'number' ? new Date(value) : value;
  if (value === null) return value;
  if (type instanceof types.UnwrappedUnionType) {
    const candidates = type.types.filter((branch) => !Type.isType(branch, 'null'));
    const revived = candidates.map((branch) => revive(branch, value));
    return revived.find((candidate, i) => candidates[i]?.isValid(candidate)) ?? revived[0] ?? value;
  }
  if (typeof value !== 'object') return value;
  if (type instanceof types.RecordType) {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(record).map(([name, field]) => {
        const fieldType = type.field(name)?.type;
        return [name, fieldType === undefined ? field : revive(fieldType, field)];
      }),
    );
  }
  if (type instanceof types.ArrayType && Array.isArray(value))
    return value.map((item: unknown) => revive(type.itemsType, item));
  if (type instanceof types.MapType)
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        revive(type.valuesType as Type, v),
      ]),
    );
  return value;
}

/** An event printed as JSON by a feed checker, as the codec's TypeScript value (timestamps as Dates). */
export function eventFromJson<T extends TopicName>(topic: T, json: unknown): EventsByTopic[T] {
  const envelope = envelopeOf(topic);
  if (typeof json !== 'object' || json === null) return json as EventsByTopic[T];
  const event = json as Record<string, unknown>;
  const revived = revive(envelope, { ...event, payload: null }) as Record<string, unknown>;
  const namespace = topicSpecOf(topic).valueSchema.namespace;
  const payloadUnion = envelope.field('payload')?.type;
  const branch =
    payloadUnion instanceof types.WrappedUnionType
      ? payloadUnion.types.find((t) => t.name === `${namespace}.${String(event.type)}`)
      : payloadUnion;
  return {
    ...revived,
    payload: branch === undefined ? event.payload : revive(branch, event.payload),
  } as EventsByTopic[T];
}
