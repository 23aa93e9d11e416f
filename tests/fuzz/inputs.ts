import fc from 'fast-check';
import { applyMutations, mutationsArbitrary, type Mutation } from '@homefirst/testing';
import { EDGES, type Edge, type Seed } from './corpora';

/**
 * The fuzz inputs: input `index` of an edge is a corpus seed with one to three mutations, drawn by
 * fast-check from a seed derived from (run seed, edge, index) alone — so any input can be rebuilt on its
 * own (a restarted worker, an example written for reproduction) and a run is the same for a given seed.
 */
export interface FuzzInput {
  readonly index: number;
  readonly base: string;
  readonly mutations: readonly Mutation[];
  readonly bytes: Buffer;
}

/** The most characters one mutation adds: inputs reach a few hundred KiB, so size-linearity shows. */
export const MAX_LONG = 128 * 1024;

/** A 32-bit seed for one input (a small integer hash; fast-check needs an integer seed). */
export function inputSeed(seed: number, edge: Edge, index: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(EDGES.indexOf(edge) + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) ^ index;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) | 0;
}

export class InputSource {
  private readonly arbitrary: fc.Arbitrary<{ base: number; mutations: Mutation[] }>;

  constructor(
    private readonly edge: Edge,
    private readonly corpus: readonly Seed[],
    private readonly seed: number,
  ) {
    this.arbitrary = fc.record({
      base: fc.nat({ max: corpus.length - 1 }),
      mutations: mutationsArbitrary({ maxLong: MAX_LONG }),
    });
  }

  at(index: number): FuzzInput {
    const [drawn] = fc.sample(this.arbitrary, { seed: inputSeed(this.seed, this.edge, index), numRuns: 1 });
    const base = this.corpus[drawn?.base ?? 0];
    if (drawn === undefined || base === undefined) throw new Error('empty corpus');
    return {
      index,
      base: base.name,
      mutations: drawn.mutations,
      bytes: applyMutations(base.bytes, drawn.mutations),
    };
  }
}
