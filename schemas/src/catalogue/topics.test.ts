import type { AvroSchema } from '../avro/schema-types';
import { parseAvro } from '../avro/logical-types';
import { catalogue, topicName, topicSpecOf } from './topics';

/** Every named type and field in a schema, to check the documentation rules. */
const walk = (schema: AvroSchema, visit: (node: Record<string, unknown>) => void): void => {
  if (typeof schema === 'string') return;
  if (Array.isArray(schema)) return (schema as readonly AvroSchema[]).forEach((s) => walk(s, visit));
  const node = schema as unknown as Record<string, unknown>;
  visit(node);
  if (node.type === 'record') (node.fields as { type: AvroSchema }[]).forEach((f) => walk(f.type, visit));
  if (node.type === 'array') walk(node.items as AvroSchema, visit);
  if (node.type === 'map') walk(node.values as AvroSchema, visit);
};

describe('topic catalogue', () => {
  it('co-partitions the person topics: same key, same partition count', () => {
    const person = catalogue.filter((t) => t.copartitionGroup === 'person');
    expect(person.map((t) => t.name)).toEqual(
      expect.arrayContaining(['homefirst.hospital.events.v1', 'homefirst.council.events.v1']),
    );
    expect(new Set(person.map((t) => t.partitions)).size).toBe(1);
    expect(new Set(person.map((t) => t.key.field))).toEqual(new Set(['personKey']));
  });

  it('keeps event topics forever and gives raw and dead-letter topics configurable retention', () => {
    for (const name of [
      'homefirst.hospital.events.v1',
      'homefirst.council.events.v1',
      'homefirst.alerts.v1',
      'homefirst.audit.v1',
    ]) {
      expect(topicSpecOf(name).retention).toEqual({ kind: 'forever' });
    }
    for (const name of ['homefirst.raw.v1', 'homefirst.deadletter.v1']) {
      expect(topicSpecOf(name).retention.kind).toBe('configurable');
    }
    expect(catalogue.every((t) => t.cleanupPolicy === 'delete')).toBe(true);
  });

  it('names subjects with TopicNameStrategy and applies a deployment prefix', () => {
    for (const topic of catalogue) expect(topic.valueSubject).toBe(`${topic.name}-value`);
    expect(topicName('homefirst.raw.v1', 'test-42.')).toBe('test-42.homefirst.raw.v1');
  });

  it('has unique names and ids', () => {
    expect(new Set(catalogue.map((t) => t.name)).size).toBe(catalogue.length);
    expect(new Set(catalogue.map((t) => t.id)).size).toBe(catalogue.length);
  });

  it.each(catalogue.map((t) => [t.name, t] as const))(
    '%s: value schema is valid Avro with the envelope',
    (_name, topic) => {
      expect(() => parseAvro(topic.valueSchema)).not.toThrow();
      expect(topic.valueSchema.fields.map((f) => f.name)).toEqual([
        'eventId',
        'type',
        'occurredAt',
        'recordedAt',
        'source',
        'personKey',
        'correlationId',
        // person event streams carry the source message's data-quality flags (added in v2)
        ...(topic.name.endsWith('.events.v1') ? ['dataQuality'] : []),
        'payload',
      ]);
      expect(topic.eventTypes.length).toBeGreaterThan(0);
    },
  );

  it.each(catalogue.map((t) => [t.name, t] as const))(
    '%s: every record, enum and field is documented; every enum has a default',
    (_name, topic) => {
      const problems: string[] = [];
      walk(topic.valueSchema, (node) => {
        if ((node.type === 'record' || node.type === 'enum') && !node.doc)
          problems.push(`${String(node.name)} has no doc`);
        if (node.type === 'enum' && !(node.symbols as string[]).includes(node.default as string))
          problems.push(`${String(node.name)} has no default`);
        if (node.type === 'record') {
          for (const f of node.fields as { name: string; doc?: string }[])
            if (!f.doc) problems.push(`${String(node.name)}.${f.name} has no doc`);
        }
      });
      expect(problems).toEqual([]);
    },
  );
});
