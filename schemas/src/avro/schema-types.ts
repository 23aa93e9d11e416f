/**
 * The shape of Avro schema JSON as this package writes it. Stricter than the Avro spec on purpose:
 * every record, enum and field carries a `doc` (council teams read these in the registry and the
 * AsyncAPI document) and every enum names a `default` symbol so the vocabulary can grow without
 * breaking older readers.
 */
export type AvroPrimitive = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';

export interface AvroTimestampMillis {
  readonly type: 'long';
  readonly logicalType: 'timestamp-millis';
}

export interface AvroLocalDate {
  readonly type: 'int';
  readonly logicalType: 'date';
}

export interface AvroField {
  readonly name: string;
  readonly type: AvroSchema;
  readonly doc: string;
  readonly default?: null | boolean | number | string;
}

export interface AvroRecord {
  readonly type: 'record';
  readonly name: string;
  readonly namespace: string;
  readonly doc: string;
  readonly fields: readonly AvroField[];
}

export interface AvroEnum {
  readonly type: 'enum';
  readonly name: string;
  readonly namespace: string;
  readonly doc: string;
  readonly symbols: readonly string[];
  readonly default: string;
}

export interface AvroArray {
  readonly type: 'array';
  readonly items: AvroSchema;
}

export interface AvroMap {
  readonly type: 'map';
  readonly values: AvroSchema;
}

/** A reference to a named type defined earlier in the same schema, by its full name. */
export type AvroNamedReference = `${string}.${string}`;

export type AvroNamed = AvroRecord | AvroEnum;

export type AvroSchema =
  | AvroPrimitive
  | AvroNamedReference
  | AvroTimestampMillis
  | AvroLocalDate
  | AvroRecord
  | AvroEnum
  | AvroArray
  | AvroMap
  | readonly AvroSchema[];

export const fullNameOf = (named: AvroNamed): AvroNamedReference => `${named.namespace}.${named.name}`;

export const isNamed = (schema: AvroSchema): schema is AvroNamed =>
  typeof schema === 'object' &&
  !Array.isArray(schema) &&
  'type' in schema &&
  (schema.type === 'record' || schema.type === 'enum');
