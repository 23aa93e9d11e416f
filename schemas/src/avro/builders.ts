import type {
  AvroEnum,
  AvroField,
  AvroLocalDate,
  AvroRecord,
  AvroSchema,
  AvroTimestampMillis,
} from './schema-types';

/** Instant, milliseconds since the Unix epoch (UTC). Decoded as a JS `Date`. */
export const timestampMillis: AvroTimestampMillis = { type: 'long', logicalType: 'timestamp-millis' };

/** Calendar date without time zone. Decoded as an ISO `YYYY-MM-DD` string (see `LocalDate`). */
export const localDate: AvroLocalDate = { type: 'int', logicalType: 'date' };

export const field = (name: string, type: AvroSchema, doc: string): AvroField => ({ name, type, doc });

/** A field that may be absent: union with null first, default null, so it can be added to a released schema. */
export const optional = (name: string, type: AvroSchema, doc: string): AvroField => ({
  name,
  type: ['null', type],
  doc,
  default: null,
});

export const record = (
  namespace: string,
  name: string,
  doc: string,
  fields: readonly AvroField[],
): AvroRecord => ({
  type: 'record',
  name,
  namespace,
  doc,
  fields,
});

/**
 * A closed vocabulary. `fallback` is the Avro enum default: a reader that meets a symbol it does not know
 * (written by a newer producer) reads `fallback` instead of failing.
 */
export const vocabulary = <S extends string>(
  namespace: string,
  name: string,
  doc: string,
  symbols: readonly S[],
  fallback: NoInfer<S>,
): AvroEnum => {
  if (!symbols.includes(fallback))
    throw new Error(`enum ${name}: default ${fallback} is not one of its symbols`);
  return { type: 'enum', name, namespace, doc, symbols, default: fallback };
};

/** The symbol every open-ended vocabulary ends in, and its default. */
export const UNKNOWN_SYMBOL = 'UNKNOWN';

/**
 * The builders of one Avro namespace, so each record and vocabulary of a topic file names only itself.
 * `vocabulary` here is the common case: the known symbols, then UNKNOWN, which is also the default.
 */
export const avroNamespace = (namespace: string) =>
  ({
    namespace,
    record: (name: string, doc: string, fields: readonly AvroField[]): AvroRecord =>
      record(namespace, name, doc, fields),
    vocabulary: (name: string, doc: string, known: readonly string[]): AvroEnum =>
      vocabulary(namespace, name, doc, [...known, UNKNOWN_SYMBOL], UNKNOWN_SYMBOL),
  }) as const;

/**
 * A builder of event records that all start with the same identifying fields (e.g. the NHS number and
 * the spell or referral id), followed by the event's own.
 */
export const eventsWith =
  (build: (name: string, doc: string, fields: readonly AvroField[]) => AvroRecord, ...leading: AvroField[]) =>
  (name: string, doc: string, ...own: AvroField[]): AvroRecord =>
    build(name, doc, [...leading, ...own]);
