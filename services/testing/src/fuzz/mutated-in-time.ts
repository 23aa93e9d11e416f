import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { applyMutations, type Mutation } from './mutation';
import { mutationsArbitrary, type MutationOptions } from './mutation-arbitrary';
import { generousBoundMs } from './time-bound';

/** How long the edge took to answer, and how long it may take. */
export interface AnswerTime {
  readonly elapsedMs: number;
  readonly boundMs: number;
}

/** An edge under hostile input, for answersMutatedInTime. */
export interface MutatedInputSpec<T, P, R> {
  /** Valid inputs, and each one's text (mutated as UTF-8 bytes). */
  readonly valid: fc.Arbitrary<T>;
  readonly textOf: (input: T) => string;
  readonly options: MutationOptions;
  /** Untimed set-up of the mutated bytes (e.g. writing them to a file). */
  readonly prepare: (bytes: Buffer, input: T) => P | Promise<P>;
  /** What the edge answers: timed. */
  readonly handle: (prepared: P) => R | Promise<R>;
  /**
   * Asserts what the edge answered (not timed), and that it answered within `time.boundMs`
   * (generousBoundMs of the mutated input's size).
   */
  readonly check: (answer: R, time: AnswerTime) => void | Promise<void>;
}

/**
 * Issue #12's property of an edge under hostile input: every valid input, mutated, is answered by `handle`,
 * timed; `check` asserts the answer and the time against generousBoundMs of the mutated input's size.
 */
export function answersMutatedInTime<T, P, R>(
  spec: MutatedInputSpec<T, P, R>,
): fc.IAsyncPropertyWithHooks<[T, Mutation[]]> {
  return fc.asyncProperty(spec.valid, mutationsArbitrary(spec.options), async (input, mutations) => {
    const bytes = applyMutations(Buffer.from(spec.textOf(input), 'utf8'), mutations);
    const prepared = await spec.prepare(bytes, input);
    const started = performance.now();
    const answer = await spec.handle(prepared);
    const elapsedMs = performance.now() - started;
    await spec.check(answer, { elapsedMs, boundMs: generousBoundMs(bytes.length) });
  });
}
