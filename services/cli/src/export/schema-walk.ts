import type { AvroRecord, AvroSchema, TopicSpec } from '@homefirst/schemas';

/**
 * The leaves of a topic's value schema, found by walking the Avro schema itself (never a hand-kept list),
 * so a field added to the contract shows up in the export's columns and in the pseudonymisation policy
 * without a code change here.
 */

/** How a leaf value is held once decoded by the contract's codec. */
export type LeafKind =
  | 'string' // Avro string
  | 'enum' // Avro enum: a symbol of a closed vocabulary
  | 'timestamp' // timestamp-millis: a Date
  | 'date' // date: a YYYY-MM-DD string
  | 'boolean'
  | 'int'
  | 'long'
  | 'double'
  | 'bytes' // a Buffer
  | 'list'; // an array (kept whole: a JSON text in flat formats)

export interface Leaf {
  /** Path from the event's root, e.g. ['payload', 'location', 'ward']. */
  readonly path: readonly string[];
  readonly kind: LeafKind;
  /** For lists: the leaves of one item, with paths relative to the item. */
  readonly items?: readonly Leaf[];
}

type Named = Map<string, AvroSchema>;

const fullName = (schema: { readonly namespace?: string; readonly name: string }): string =>
  schema.namespace === undefined ? schema.name : `${schema.namespace}.${schema.name}`;

function leavesOf(schema: AvroSchema, path: readonly string[], named: Named): Leaf[] {
  if (typeof schema === 'string') {
    switch (schema) {
      case 'null':
        return [];
      case 'boolean':
        return [{ path, kind: 'boolean' }];
      case 'int':
        return [{ path, kind: 'int' }];
      case 'long':
        return [{ path, kind: 'long' }];
      case 'float':
      case 'double':
        return [{ path, kind: 'double' }];
      case 'bytes':
        return [{ path, kind: 'bytes' }];
      case 'string':
        return [{ path, kind: 'string' }];
      default: {
        const reference = named.get(schema);
        if (reference === undefined) throw new TypeError(`Avro name ${schema} used before its definition`);
        return leavesOf(reference, path, named);
      }
    }
  }
  if (Array.isArray(schema)) {
    const branches = (schema as readonly AvroSchema[]).filter((branch) => branch !== 'null');
    const [only] = branches;
    if (branches.length === 1 && only !== undefined) return leavesOf(only, path, named);
    throw new TypeError(`${path.join('.')}: only ["null", X] unions are flattened`);
  }
  const complex = schema as Exclude<AvroSchema, string | readonly AvroSchema[]>;
  switch (complex.type) {
    case 'long':
      return [{ path, kind: 'timestamp' }];
    case 'int':
      return [{ path, kind: 'date' }];
    case 'enum':
      named.set(fullName(complex), complex);
      return [{ path, kind: 'enum' }];
    case 'record':
      named.set(fullName(complex), complex);
      return complex.fields.flatMap((field) => leavesOf(field.type, [...path, field.name], named));
    case 'array':
      return [{ path, kind: 'list', items: leavesOf(complex.items, [], named) }];
    case 'map':
      return [{ path, kind: 'list', items: [] }];
  }
}

/** The leaves of a topic: envelope fields, then each event type's payload fields under `payload`. */
export interface TopicLeaves {
  readonly envelope: readonly Leaf[];
  /** Event type → its payload leaves (paths start with 'payload'). */
  readonly payloads: ReadonlyMap<string, readonly Leaf[]>;
}

export function topicLeaves(spec: TopicSpec): TopicLeaves {
  const named: Named = new Map();
  const envelope: Leaf[] = [];
  const payloads = new Map<string, Leaf[]>();
  for (const field of spec.valueSchema.fields) {
    if (field.name === 'payload') {
      for (const branch of field.type as readonly AvroRecord[])
        payloads.set(branch.name, leavesOf(branch, ['payload'], named));
    } else envelope.push(...leavesOf(field.type, [field.name], named));
  }
  return { envelope, payloads };
}

/** Dotted name of a path as the docs write it: payload.location.ward, dataQuality[].detail. */
export const dotted = (path: readonly string[]): string => path.join('.');
