import type { TopicSpec } from '../catalogue/topic-spec';
import {
  fullNameOf,
  isNamed,
  type AvroEnum,
  type AvroField,
  type AvroRecord,
  type AvroSchema,
} from '../avro/schema-types';

/** The TypeScript type of an Avro primitive; undefined for a reference to a named type. */
const primitiveType = (schema: string): string | undefined => {
  switch (schema) {
    case 'null':
      return 'null';
    case 'boolean':
      return 'boolean';
    case 'int':
    case 'long':
    case 'float':
    case 'double':
      return 'number';
    case 'bytes':
      return 'Buffer';
    case 'string':
      return 'string';
    default:
      return undefined;
  }
};

/** The event records of an envelope's `payload` union. */
const payloadRecords = (envelopeName: string, payloadField: AvroField): readonly AvroRecord[] => {
  if (!Array.isArray(payloadField.type))
    throw new Error(`Envelope ${envelopeName}: payload must be a union of records`);
  return (payloadField.type as readonly AvroSchema[]).map((branch) => {
    if (!isNamed(branch) || branch.type !== 'record')
      throw new Error(`Envelope ${envelopeName}: payload branches must be record definitions`);
    return branch;
  });
};

/**
 * Generates the TypeScript types of the contract from the Avro schemas of the catalogue, so the two
 * cannot drift: `codegen.test.ts` fails when the checked-in file differs from a fresh generation.
 *
 * Mapping: string → string, boolean → boolean, int/long/float/double → number, bytes → Buffer,
 * timestamp-millis → Date, date → LocalDate ('YYYY-MM-DD'), enum → union of string literals,
 * record → readonly interface, ["null", X] → X | null. Each topic's envelope becomes one interface per
 * event type (`<Record>Event`, `type` a literal) and a discriminated union named after the envelope; the
 * envelope fields every topic shares are written once, in `EventEnvelope`.
 */
/**
 * Fields added after a subject's first release with default null (the envelope's dataQuality in v2; the
 * admission facts, the council's person id, provider name and hospital spell id in v3) are optional to
 * producers too (`name?: X | null`): avsc writes the default for an absent field, so events built before the
 * field existed stay valid, and connectors that do not know a value leave it out. Readers treat undefined
 * like null (`?? null`): decoded events always have null.
 */
const ADDED_OPTIONAL_FIELDS = new Set([
  'dataQuality',
  'ageBandAtAdmission',
  'usualPlaceOfResidence',
  'admissionSourceCode',
  'councilPersonId',
  'providerName',
  'hospitalSpellId',
]);
const producerOptional = (f: AvroField): boolean => ADDED_OPTIONAL_FIELDS.has(f.name) && f.default === null;

const jsDoc = (doc: string, indent = ''): string => `${indent}/** ${doc.replace(/\*\//g, '*\\/')} */\n`;

/** The value type of each topic by name, and the unions over them. */
const catalogueBlocks = (topics: readonly TopicSpec[]): string[] => {
  const byTopic = topics.map((t) => `  readonly '${t.name}': ${t.valueSchema.name};\n`).join('');
  return [
    `${jsDoc('The value type of each topic of the catalogue, by topic name.')}export interface EventsByTopic {\n${byTopic}}\n`,
    `export type TopicName = keyof EventsByTopic;\n`,
    `${jsDoc('Any event of any topic.')}export type HomefirstEvent = EventsByTopic[TopicName];\n`,
  ];
};

const HEADER = [
  '// GENERATED from the Avro schemas by schemas/src/codegen — do not edit.',
  '// Regenerate: npm run generate -w @homefirst/schemas',
  "import type { LocalDate } from '../avro/logical-types';",
  '',
];

export const generateTypeScript = (topics: readonly TopicSpec[]): string => {
  const emitted = new Map<string, string>(); // full name → simple name
  const blocks: string[] = [];

  const claim = (named: AvroRecord | AvroEnum): boolean => {
    const full = fullNameOf(named);
    if (emitted.has(full)) return false;
    for (const [other, simple] of emitted) {
      if (simple === named.name)
        throw new Error(`Avro names ${other} and ${full} share the simple name ${simple}`);
    }
    emitted.set(full, named.name);
    return true;
  };

  const emitNamed = (named: AvroRecord | AvroEnum): void => {
    if (!claim(named)) return;
    if (named.type === 'enum') {
      blocks.push(
        `${jsDoc(named.doc)}export type ${named.name} = ${named.symbols.map((s) => `'${s}'`).join(' | ')};\n`,
      );
      return;
    }
    const fields = named.fields.map((f) => fieldLine(f)).join('');
    blocks.push(`${jsDoc(named.doc)}export interface ${named.name} {\n${fields}}\n`);
  };

  const fieldLine = (f: AvroField, type = tsType(f.type)): string =>
    `${jsDoc(f.doc, '  ')}  readonly ${f.name}${producerOptional(f) ? '?' : ''}: ${type};\n`;

  const tsType = (schema: AvroSchema): string => {
    if (typeof schema === 'string') {
      const primitive = primitiveType(schema);
      if (primitive !== undefined) return primitive;
      const simple = emitted.get(schema);
      if (simple === undefined) throw new Error(`Reference to undefined Avro type ${schema}`);
      return simple;
    }
    if (Array.isArray(schema)) {
      // `X | null` reads better than `null | X`; the order of a TypeScript union has no meaning.
      const branches = (schema as readonly AvroSchema[]).map(tsType);
      return [...branches.filter((b) => b !== 'null'), ...branches.filter((b) => b === 'null')].join(' | ');
    }
    const node = schema as Exclude<AvroSchema, string | readonly AvroSchema[]>;
    if (isNamed(node)) {
      // Nested named types are emitted before the type that uses them.
      emitNamed(node);
      return node.name;
    }
    switch (node.type) {
      case 'long':
        return 'Date';
      case 'int':
        return 'LocalDate';
      case 'array':
        return `readonly (${tsType(node.items)})[]`;
      case 'map':
        return `Readonly<Record<string, ${tsType(node.values)}>>`;
    }
  };

  /** An envelope's own field lines (every field but `type` and `payload`), in order. */
  const envelopeFieldLines = (envelope: AvroRecord): string[] =>
    envelope.fields.filter((f) => f.name !== 'type' && f.name !== 'payload').map((f) => fieldLine(f));

  /** The field lines every topic's envelope has, name, type and doc alike: written once, in EventEnvelope. */
  const sharedLines = (() => {
    const [first, ...rest] = topics.map((topic) => envelopeFieldLines(topic.valueSchema));
    return (first ?? []).filter((line) => rest.every((lines) => lines.includes(line)));
  })();

  const emitEnvelope = (topic: TopicSpec): void => {
    const envelope = topic.valueSchema;
    const name = envelope.name;
    const byName = (n: string): AvroField => {
      const found = envelope.fields.find((f) => f.name === n);
      if (!found) throw new Error(`Envelope ${name} has no field ${n}`);
      return found;
    };
    const typeField = byName('type');
    const payloadField = byName('payload');
    const payloads = payloadRecords(name, payloadField);

    const own = envelopeFieldLines(envelope)
      .filter((line) => !sharedLines.includes(line))
      .join('');
    tsType(typeField.type);
    payloads.forEach((payload) => tsType(payload));
    claim(envelope);

    const typeName = typeField.type as AvroEnum;
    const variants = payloads.map((payload) => `${payload.name}Event`);
    blocks.push(
      `${jsDoc(`Envelope fields of topic ${topic.name}. ${envelope.doc}`)}export interface ${name}Envelope extends EventEnvelope {\n${own}}\n`,
      ...payloads.map(
        (payload) =>
          `${jsDoc(`${payload.name} on ${topic.name}.`)}export interface ${payload.name}Event extends ${name}Envelope {\n` +
          fieldLine(typeField, `'${payload.name}'`) +
          fieldLine(payloadField, payload.name) +
          '}\n',
      ),
      `${jsDoc(`Any event on ${topic.name}; switch on \`type\`. (${typeName.name} also has the never-written symbol ${typeName.default}.)`)}` +
        `export type ${name} =\n${variants.map((v) => `  | ${v}`).join('\n')};\n`,
    );
  };

  blocks.push(
    `${jsDoc('Envelope fields every topic has.')}export interface EventEnvelope {\n${sharedLines.join('')}}\n`,
  );
  topics.forEach(emitEnvelope);

  blocks.push(...catalogueBlocks(topics));
  return [...HEADER, blocks.join('\n')].join('\n');
};
