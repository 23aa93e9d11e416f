import {
  councilTopic,
  hospitalTopic,
  isLocalDate,
  wellFormedNhsNumberOf,
  type AvroRecord,
  type AvroSchema,
  type TopicSpec,
} from '@homefirst/schemas';
import { z } from 'zod';
import type { ProjectedEvent } from '../person/journal';

/**
 * Turns events printed as JSON (by `homefirst map …`: Dates as ISO strings) back into the contract's
 * types, validating every field. The zod schemas are built from the topics' own Avro schemas, so this
 * accepts exactly what the codec would encode — and follows the contract when it grows.
 */

type Named = Map<string, z.ZodType>;

const instant = z
  .union([z.iso.datetime({ offset: true }), z.number().int()])
  .transform((value) => new Date(value))
  .refine((date) => !Number.isNaN(date.getTime()), 'not a valid instant');

const localDate = z.string().refine(isLocalDate, 'must be a calendar date YYYY-MM-DD');

// As written (spaces or hyphens allowed), as this reader has always accepted; the stored value is unchanged.
// Well formed, whatever the range: the edge that wrote the event applied the range rules of its day, and
// history written before them must stay readable.
const nhsNumber = z
  .string()
  .refine(
    (value) => wellFormedNhsNumberOf(value) !== null,
    'must be a valid NHS number (10 digits, modulus 11)',
  );

function zodOf(schema: AvroSchema, named: Named, fieldName?: string): z.ZodType {
  if (typeof schema === 'string') {
    switch (schema) {
      case 'null':
        return z.null();
      case 'boolean':
        return z.boolean();
      case 'int':
      case 'long':
        return z.number().int();
      case 'float':
      case 'double':
        return z.number();
      case 'string':
        return fieldName === 'nhsNumber' ? nhsNumber : z.string();
      case 'bytes':
        throw new TypeError('bytes fields are not read from JSON');
      default: {
        const reference = named.get(schema);
        if (reference === undefined) throw new TypeError(`Avro name ${schema} used before its definition`);
        return reference;
      }
    }
  }
  if (Array.isArray(schema)) {
    const branches = schema as readonly AvroSchema[];
    const nonNull = branches.filter((branch) => branch !== 'null');
    const [only] = nonNull;
    if (nonNull.length === 1 && only !== undefined && branches.length === 2)
      return zodOf(only, named, fieldName).nullable();
    throw new TypeError('only ["null", X] unions are read from JSON here');
  }
  const complex = schema as Exclude<AvroSchema, string | readonly AvroSchema[]>;
  switch (complex.type) {
    case 'long':
      return instant;
    case 'int':
      return localDate;
    case 'enum': {
      const type = z.enum(complex.symbols as [string, ...string[]]);
      named.set(`${complex.namespace}.${complex.name}`, type);
      return type;
    }
    case 'record': {
      const type = recordOf(complex, named);
      named.set(`${complex.namespace}.${complex.name}`, type);
      return type;
    }
    case 'array':
      return z.array(zodOf(complex.items, named));
    case 'map':
      return z.record(z.string(), zodOf(complex.values, named));
  }
}

function recordOf(record: AvroRecord, named: Named): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const field of record.fields) {
    const type = zodOf(field.type, named, field.name);
    shape[field.name] = field.default === null ? type.optional().transform((value) => value ?? null) : type;
  }
  return z.object(shape);
}

interface TopicReader {
  readonly envelope: z.ZodObject;
  readonly payloads: ReadonlyMap<string, z.ZodType>;
}

function readerOf(spec: TopicSpec): TopicReader {
  const named: Named = new Map();
  const envelopeShape: Record<string, z.ZodType> = {};
  const payloads = new Map<string, z.ZodType>();
  for (const field of spec.valueSchema.fields) {
    if (field.name === 'payload') {
      for (const branch of field.type as readonly AvroRecord[])
        payloads.set(branch.name, zodOf(branch, named));
    } else if (field.name === 'type') {
      zodOf(field.type, named); // registers the enum; the type is checked against the payloads below
    } else if (field.name === 'dataQuality') {
      // Added with default null (v2): optional, and absent when there are no flags, as the codec reads it.
      envelopeShape[field.name] = zodOf(field.type, named, field.name)
        .optional()
        .transform((value) => value ?? undefined);
    } else {
      envelopeShape[field.name] = zodOf(field.type, named, field.name);
    }
  }
  return { envelope: z.object(envelopeShape), payloads };
}

let readers: ReadonlyMap<string, TopicReader> | undefined;
const readerOfType = (type: string): TopicReader | undefined => {
  readers ??= new Map(
    [hospitalTopic, councilTopic].flatMap((spec) => {
      const reader = readerOf(spec);
      return [...reader.payloads.keys()].map((name) => [name, reader] as const);
    }),
  );
  return readers.get(type);
};

export type ParsedLine =
  | { readonly kind: 'event'; readonly event: ProjectedEvent }
  /** A valid JSON event of another topic (alerts, raw, dead letters): not projected. */
  | { readonly kind: 'skipped'; readonly type: string }
  | { readonly kind: 'invalid'; readonly problems: readonly string[] };

const describe = (error: z.ZodError, prefix: string): string[] =>
  error.issues.map(
    (issue) => `${[prefix, ...issue.path.map(String)].filter(Boolean).join('.')}: ${issue.message}`,
  );

/** Validates one JSON value as a hospital or council event. */
export function eventFromJson(value: unknown): ParsedLine {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { kind: 'invalid', problems: ['not a JSON object'] };
  const { type, payload, ...envelope } = value as Record<string, unknown>;
  if (typeof type !== 'string') return { kind: 'invalid', problems: ['type: missing'] };
  const reader = readerOfType(type);
  if (reader === undefined) {
    return 'eventId' in envelope && 'occurredAt' in envelope
      ? { kind: 'skipped', type }
      : { kind: 'invalid', problems: [`type: ${type} is not an event type`] };
  }
  const parsedEnvelope = reader.envelope.safeParse(envelope);
  const payloadType = reader.payloads.get(type);
  const parsedPayload = payloadType?.safeParse(payload);
  const problems = [
    ...(parsedEnvelope.success ? [] : describe(parsedEnvelope.error, '')),
    ...(parsedPayload === undefined || parsedPayload.success ? [] : describe(parsedPayload.error, 'payload')),
  ];
  if (problems.length > 0 || !parsedEnvelope.success || parsedPayload?.success !== true)
    return { kind: 'invalid', problems };
  // Built from the same Avro schema the TypeScript types are generated from, and checked field by field.
  const event = { ...parsedEnvelope.data, type, payload: parsedPayload.data } as unknown as ProjectedEvent;
  return { kind: 'event', event };
}

/** Parses newline-delimited JSON events; blank lines are ignored. Line numbers are 1-based. */
export function* eventsFromNdjson(
  lines: Iterable<string>,
): Generator<{ readonly line: number; readonly parsed: ParsedLine }> {
  let line = 0;
  for (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      yield { line, parsed: { kind: 'invalid', problems: [`not JSON: ${(err as Error).message}`] } };
      continue;
    }
    yield { line, parsed: eventFromJson(value) };
  }
}
