import { parseAvro } from '../avro/logical-types';

export interface CompatibilityProblem {
  readonly version: string;
  readonly reason: string;
}

/**
 * BACKWARD_TRANSITIVE, checked locally: the current schema (reader) must be able to read data written
 * with every earlier version (writers). Uses avsc's schema resolution, which follows the Avro spec's
 * rules (matching names or aliases, new fields need defaults, enum symbols need a reader default,
 * every writer union branch must resolve, numeric promotions). Returns the versions it cannot read.
 */
export const backwardTransitiveProblems = (
  current: object,
  released: readonly { readonly version: string; readonly schema: object }[],
): CompatibilityProblem[] => {
  const reader = parseAvro(current);
  const problems: CompatibilityProblem[] = [];
  for (const { version, schema } of released) {
    try {
      reader.createResolver(parseAvro(schema));
    } catch (error) {
      problems.push({ version, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return problems;
};
