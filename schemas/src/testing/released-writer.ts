import { types } from 'avsc';
import { parseAvro } from '../avro/logical-types';
import { catalogue } from '../catalogue/topics';
import { frame } from '../codec/wire-format';
import type { RegistryClient } from '../codec/registry-client';
import { releasedVersions } from '../evolution/released';
import type { EventsByTopic, TopicName } from '../generated/events';

/**
 * Writes events as a producer of an earlier released version did: encoded with the released schema
 * `v<version>` of the topic's subject (fields that version does not have are not written), registered in
 * `registry` and framed with its id. What a consumer of this build then decodes is what it reads from
 * years-old history. For tests of evolution (schemas, projector).
 */
export async function writerOfReleased<T extends TopicName>(
  topic: T,
  version: number,
  registry: RegistryClient,
  prefix = '',
): Promise<(event: EventsByTopic[T]) => Buffer> {
  const spec = catalogue.find((t) => t.name === topic);
  if (spec === undefined) throw new Error(`${topic} is not a topic of the catalogue`);
  const released = releasedVersions(spec.valueSubject).find((r) => r.version === version);
  if (released === undefined) throw new Error(`${spec.valueSubject} has no released v${version}`);
  const writer = parseAvro(released.schema);
  if (!(writer instanceof types.RecordType)) throw new Error(`${topic} v${version} is not a record`);
  const wrapped = writer.field('payload').type instanceof types.WrappedUnionType;
  const namespace = (released.schema as { namespace: string }).namespace;
  const id = await registry.register(`${prefix}${spec.valueSubject}`, JSON.stringify(released.schema));
  return (event) => {
    const { payload, ...envelope } = event as { payload: unknown; type: string };
    const value = wrapped ? { ...envelope, payload: { [`${namespace}.${event.type}`]: payload } } : event;
    return frame(id, writer.toBuffer(value));
  };
}
