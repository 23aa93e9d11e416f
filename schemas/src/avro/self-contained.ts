import { fullNameOf, isNamed, type AvroField, type AvroSchema } from './schema-types';

/**
 * Turns a schema built from shared TypeScript objects (where a named type such as Pathway appears in
 * full wherever it is used) into valid standalone Avro: the first use stays a definition, later uses
 * become references by full name. Two different definitions under one name are a programming error.
 */
export const selfContained = <S extends AvroSchema>(schema: S): S => {
  const defined = new Map<string, string>();

  const walk = (node: AvroSchema): AvroSchema => {
    if (typeof node === 'string') return node;
    if (Array.isArray(node)) return (node as readonly AvroSchema[]).map(walk);
    if (isNamed(node)) {
      const name = fullNameOf(node);
      const definition = JSON.stringify(node);
      const previous = defined.get(name);
      if (previous !== undefined) {
        if (previous !== definition) throw new Error(`Avro name ${name} is defined twice, differently`);
        return name;
      }
      defined.set(name, definition);
      if (node.type === 'enum') return node;
      return { ...node, fields: node.fields.map((f): AvroField => ({ ...f, type: walk(f.type) })) };
    }
    const complex = node as Exclude<AvroSchema, string | readonly AvroSchema[]>;
    if (complex.type === 'array') return { ...complex, items: walk(complex.items) };
    if (complex.type === 'map') return { ...complex, values: walk(complex.values) };
    return complex;
  };

  return walk(schema) as S;
};
