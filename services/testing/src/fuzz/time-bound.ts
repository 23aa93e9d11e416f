/**
 * Time bounds for hostile input (issue #12: "within a time bound per input size"), linear in the input's
 * size because every edge must stay linear: per started 64 KiB of input,
 * - `fuzzSlowThresholdMs`: 100 ms — what `npm run fuzz` counts as slow (the checkers take well under 1 ms
 *   for a typical message, so this flags super-linear work, not a busy machine);
 * - `generousBoundMs`: 1 s — what the property tests assert, generous enough for a loaded CI machine.
 */
export const SIZE_STEP_BYTES = 64 * 1024;

const steps = (bytes: number): number => Math.max(1, Math.ceil(bytes / SIZE_STEP_BYTES));

export const fuzzSlowThresholdMs = (bytes: number): number => 100 * steps(bytes);

export const generousBoundMs = (bytes: number): number => 1000 * steps(bytes);
