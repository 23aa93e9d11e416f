import { linesWithBreaks } from '@homefirst/schemas';

/**
 * Mutations of feed inputs for property tests and `npm run fuzz`: each is a plain, printable description
 * (so a failing case can be reported and replayed) and `applyMutations` turns an input into the mutated
 * bytes, deterministically. Positions are fractions of the input's length, so one description applies to
 * any input. Structure-aware mutations (a JSON value, a date or number token, a line) fall back to the
 * input unchanged when the input has no such part.
 */
export type Mutation =
  /** Flips `bits` (a byte mask) in `count` consecutive bytes from `at`. */
  | { readonly kind: 'flip'; readonly at: number; readonly bits: number; readonly count: number }
  /** Cuts the input at `at`. */
  | { readonly kind: 'truncate'; readonly at: number }
  /** Repeats the `length` characters from `at` `times` times in place. */
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number; readonly times: number }
  /** Inserts `text` (control characters, unusual Unicode, separators) at `at`. */
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  /** Puts a UTF-8 byte-order mark before the input. */
  | { readonly kind: 'bom' }
  /** Inserts `unit` repeated `times` times at `at` (a very long field). */
  | { readonly kind: 'long'; readonly at: number; readonly unit: string; readonly times: number }
  /** Replaces the `nth` date or date-time token (modulo their count) with `value`. */
  | { readonly kind: 'date'; readonly nth: number; readonly value: string }
  /** Swaps the `first` and `second` date tokens (modulo their count): dates in the wrong order. */
  | { readonly kind: 'swap-dates'; readonly first: number; readonly second: number }
  /** Replaces the `nth` number token (modulo their count) with `value`. */
  | { readonly kind: 'number'; readonly nth: number; readonly value: string }
  /** JSON: replaces the `nth` value (modulo their count) with `depth` nested arrays or objects. Text: inserts `depth` opening brackets. */
  | {
      readonly kind: 'nest';
      readonly nth: number;
      readonly depth: number;
      readonly shape: 'array' | 'object';
    }
  /** JSON: replaces the `nth` value (modulo their count) with `value`. */
  | { readonly kind: 'json-value'; readonly nth: number; readonly value: unknown }
  /**
   * Repeats one character (at fraction `at`) of the `nth` word — a run of letters and digits in a field,
   * cell or JSON string, modulo their count — `times` more times: a long value of the field's own kind.
   */
  | { readonly kind: 'stretch'; readonly nth: number; readonly at: number; readonly times: number }
  /** Drops, repeats or swaps (with the next) the `nth` line (an HL7 segment, a CSV row), modulo their count. */
  | { readonly kind: 'line'; readonly nth: number; readonly op: 'drop' | 'repeat' | 'swap' };

const BOM = '\uFEFF';

/** Date tokens as the feeds write them: ISO 8601 (FHIR, council JSON), UK day/month/year (LAS CSV), HL7 TS (DTM). */
const DATE_TOKEN =
  /\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?|\d{2}\/\d{2}\/\d{4}(?: \d{2}:\d{2}(?::\d{2})?)?|(?<=[|^&])\d{8}(?:\d{4}(?:\d{2}(?:\.\d{1,4})?)?)?(?:[+-]\d{4})?(?=[|^&\r\n]|$)/g;
const NUMBER_TOKEN = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const WORD_TOKEN = /[A-Za-z0-9]+/g;

const indexAt = (fraction: number, length: number): number =>
  Math.min(length, Math.max(0, Math.floor(fraction * length)));

interface Token {
  readonly start: number;
  readonly end: number;
}

const tokensOf = (text: string, pattern: RegExp): Token[] =>
  [...text.matchAll(pattern)]
    .filter((m) => m[0] !== '')
    .map((m) => ({ start: m.index, end: m.index + m[0].length }));

const replaceToken = (text: string, pattern: RegExp, nth: number, value: string): string => {
  const tokens = tokensOf(text, pattern);
  const token = tokens[nth % Math.max(1, tokens.length)];
  return token === undefined ? text : text.slice(0, token.start) + value + text.slice(token.end);
};

const swapTokens = (text: string, pattern: RegExp, first: number, second: number): string => {
  const tokens = tokensOf(text, pattern);
  if (tokens.length < 2) return text;
  const a = tokens[first % tokens.length];
  const b = tokens[second % tokens.length];
  if (a === undefined || b === undefined || a.start === b.start) return text;
  const [x, y] = a.start < b.start ? [a, b] : [b, a];
  return (
    text.slice(0, x.start) +
    text.slice(y.start, y.end) +
    text.slice(x.end, y.start) +
    text.slice(x.start, x.end) +
    text.slice(y.end)
  );
};

const mutateLines = (text: string, nth: number, op: 'drop' | 'repeat' | 'swap'): string => {
  const lines = [...linesWithBreaks(text)].map(({ line }) => line);
  if (lines.length === 0) return text;
  const i = nth % lines.length;
  const line = lines[i] ?? '';
  const next = lines[i + 1];
  if (op === 'drop') lines.splice(i, 1);
  else if (op === 'repeat') lines.splice(i, 0, line);
  else if (next !== undefined) lines.splice(i, 2, next, line);
  return lines.join('');
};

const stretchWord = (text: string, nth: number, at: number, times: number): string => {
  const words = tokensOf(text, WORD_TOKEN);
  const word = words[nth % Math.max(1, words.length)];
  if (word === undefined) return text;
  const i = word.start + Math.min(word.end - word.start - 1, Math.floor(at * (word.end - word.start)));
  return text.slice(0, i) + (text[i] ?? '').repeat(times) + text.slice(i);
};

type JsonValue = unknown;

/** Every value in a JSON document, the root first, depth first; each with a setter that replaces it. */
const valueSlots = (root: { value: JsonValue }): Array<(value: JsonValue) => void> => {
  const slots: Array<(value: JsonValue) => void> = [(value) => (root.value = value)];
  const stack: JsonValue[] = [root.value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      node.forEach((child: JsonValue, index) => {
        slots.push((value) => (node[index] = value));
        stack.push(child);
      });
    } else if (typeof node === 'object' && node !== null) {
      const record = node as Record<string, JsonValue>;
      for (const key of Object.keys(record)) {
        slots.push((value) => (record[key] = value));
        stack.push(record[key]);
      }
    }
  }
  return slots;
};

/** The JSON text with its `nth` value replaced by `make()`; the text unchanged when it is not JSON. */
const replaceJsonValue = (text: string, nth: number, make: () => string): string => {
  const bom = text.startsWith(BOM) ? BOM : '';
  let root: { value: JsonValue };
  try {
    root = { value: JSON.parse(text.slice(bom.length)) as JsonValue };
  } catch {
    return text;
  }
  const slots = valueSlots(root);
  const marker = '\u0000fuzz-slot\u0000';
  slots[nth % slots.length]?.(marker);
  try {
    // The replacement is spliced in as text, so it may be deeper than JSON.stringify could nest.
    return bom + JSON.stringify(root.value).replace(JSON.stringify(marker), make);
  } catch {
    return text; // nested deeper than JSON.stringify can go (an earlier mutation): left as it is
  }
};

const nested = (depth: number, shape: 'array' | 'object'): string =>
  shape === 'array'
    ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

const looksLikeJson = (text: string): boolean => /^\uFEFF?\s*[[{]/.test(text);

const flip = (input: Buffer, at: number, bits: number, count: number): Buffer => {
  const out = Buffer.from(input);
  const start = indexAt(at, out.length);
  for (let i = start; i < Math.min(out.length, start + count); i += 1) out[i] = (out[i] ?? 0) ^ (bits || 1);
  return out;
};

/** One mutation applied to the input's bytes (text mutations read them as UTF-8). */
export function applyMutation(input: Buffer, mutation: Mutation): Buffer {
  if (mutation.kind === 'flip') return flip(input, mutation.at, mutation.bits, mutation.count);
  if (mutation.kind === 'truncate') return input.subarray(0, indexAt(mutation.at, input.length));
  const text = input.toString('utf8');
  const at = (fraction: number) => indexAt(fraction, text.length);
  const insert = (fraction: number, piece: string) =>
    text.slice(0, at(fraction)) + piece + text.slice(at(fraction));
  return Buffer.from(mutatedText(text, mutation, insert), 'utf8');
}

function mutatedText(
  text: string,
  mutation: Exclude<Mutation, { kind: 'flip' | 'truncate' }>,
  insert: (fraction: number, piece: string) => string,
): string {
  switch (mutation.kind) {
    case 'duplicate': {
      const start = indexAt(mutation.at, text.length);
      const piece = text.slice(start, start + mutation.length);
      return text.slice(0, start) + piece.repeat(mutation.times + 1) + text.slice(start + piece.length);
    }
    case 'insert':
      return insert(mutation.at, mutation.text);
    case 'bom':
      return BOM + text;
    case 'long':
      return insert(mutation.at, mutation.unit.repeat(mutation.times));
    case 'date':
      return replaceToken(text, DATE_TOKEN, mutation.nth, mutation.value);
    case 'swap-dates':
      return swapTokens(text, DATE_TOKEN, mutation.first, mutation.second);
    case 'number':
      return replaceToken(text, NUMBER_TOKEN, mutation.nth, mutation.value);
    case 'nest':
      return looksLikeJson(text)
        ? replaceJsonValue(text, mutation.nth, () => nested(mutation.depth, mutation.shape))
        : insert(mutation.nth / 997, (mutation.shape === 'array' ? '[' : '{').repeat(mutation.depth));
    case 'json-value':
      return replaceJsonValue(text, mutation.nth, () => JSON.stringify(mutation.value) ?? 'null');
    case 'line':
      return mutateLines(text, mutation.nth, mutation.op);
    case 'stretch':
      return stretchWord(text, mutation.nth, mutation.at, mutation.times);
    default:
      return mutation satisfies never;
  }
}

/** The mutations applied in order. */
export const applyMutations = (input: Buffer, mutations: readonly Mutation[]): Buffer =>
  mutations.reduce(applyMutation, input);

/** A mutation as a short label for counts and file names (no input content). */
export const mutationLabel = (mutation: Mutation): string => mutation.kind;
