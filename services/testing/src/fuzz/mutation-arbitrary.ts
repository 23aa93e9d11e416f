import fc from 'fast-check';
import type { Mutation } from './mutation';

/**
 * fast-check arbitraries of hostile mutations (see mutation.ts), shared by the mappers' property tests and
 * `npm run fuzz`. `maxLong` bounds the characters one mutation may add, so callers choose the input sizes
 * their time bounds are about.
 */

/** Characters a feed should survive: C0/C1 controls, separators of the three formats, odd Unicode. */
export const HOSTILE_TEXT = [
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\r',
  '\n',
  '\r\n',
  '\t',
  '\u000b',
  '\u001c',
  '\u00a0',
  '\u2007',
  '\u200b',
  '\u200d',
  '\u2028',
  '\u202e',
  '\ufeff',
  '\ufffd',
  '\ud800',
  '\udfff',
  '\u{1F3E5}',
  'e\u0301',
  '\u0130',
  'ß',
  '|',
  '^',
  '~',
  '\\',
  '&',
  '\\X0D\\',
  '\\E\\',
  '"',
  '""',
  ',',
  ';',
  '{',
  '}',
  '[',
  ']',
  '\\u0000',
  '\\ud800',
  '__proto__',
  'constructor',
  '%s%n',
  '../',
] as const;

/** Impossible, edge and ambiguous dates in each feed's notation. */
export const HOSTILE_DATES = [
  // ISO 8601 (FHIR, council record format)
  '2025-02-30',
  '2025-02-29',
  '2024-02-29',
  '2025-13-01',
  '2025-00-10',
  '0000-01-01',
  '0099-12-31',
  '1900-01-01',
  '9999-12-31',
  '2025-06-30T23:59:60Z',
  '2016-12-31T23:59:60Z',
  '2025-01-01T24:00:00Z',
  '2025-01-01T23:60:00Z',
  '2025-01-01T00:00:00+14:00',
  '2025-01-01T00:00:00-23:59',
  '2025-01-01T00:00:00+99:99',
  '2025-03-30T01:30:00',
  '2025-10-26T01:30:00+01:00',
  '+275760-09-13T00:00:00Z',
  '2025-01-01T00:00:00.123456789Z',
  '2025-1-1',
  '',
  // UK (LAS exports)
  '30/02/2025 10:00',
  '29/02/2025',
  '00/00/0000 00:00',
  '01/01/0001 00:00',
  '31/12/9999 23:59',
  '30/06/2025 23:59:60',
  '32/13/2025 25:61',
  // HL7 v2 TS / DTM
  '20250230',
  '20250229',
  '20250630235960',
  '20161231235960',
  '000001010000',
  '00990101',
  '20251301',
  '202501012400',
  '99991231235959',
  '2025013',
  '20250330013000',
  '20251026013000',
  '20250101000000+2400',
  '20250101000000.1234',
  '20250101000000-9999',
] as const;

/** Numbers that break naive parsing. */
export const HOSTILE_NUMBERS = [
  '0',
  '-1',
  '-0',
  '1e308',
  '1e309',
  '-1e309',
  '9007199254740993',
  '99999999999999999999999999999999',
  '9'.repeat(400),
  '0.0000000001',
  '1.5',
  'NaN',
  'Infinity',
  '0x10',
  '1_000',
] as const;

/** What a very long field is made of. */
export const LONG_UNITS = [
  'a',
  '9',
  ' ',
  '/',
  'Patient/',
  'Patient/1/_history/',
  '#',
  '\\',
  '|',
  '^',
  '~',
  ',',
  '"',
  '{"a":',
  '[',
  'é',
  '\u{1F3E5}',
  '\u0000',
  'urn:uuid:',
] as const;

const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

/** JSON values a field should be checked against: wrong types, long strings, hostile text, odd numbers. */
const hostileJsonValue = (maxLong: number): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom<unknown>(null, true, false, 0, -1, 1e308, 0.5, '', [], {}, [null], { '': null }),
    fc.constantFrom(...HOSTILE_DATES),
    fc.constantFrom(...HOSTILE_TEXT),
    fc
      .constantFrom(...LONG_UNITS)
      .chain((unit) =>
        fc
          .integer({ min: 1, max: Math.max(1, Math.floor(maxLong / unit.length)) })
          .map((n) => unit.repeat(n)),
      ),
    fc.string({ maxLength: 40, unit: 'binary' }),
    fc.jsonValue({ maxDepth: 3 }),
  );

export interface MutationOptions {
  /** The most characters one mutation may add (long fields, nesting, duplication). */
  readonly maxLong: number;
  /** Only these kinds (default: all). */
  readonly kinds?: readonly Mutation['kind'][];
}

/** One mutation of the kinds asked for. */
export function mutationArbitrary(options: MutationOptions): fc.Arbitrary<Mutation> {
  const { maxLong } = options;
  const nth = fc.nat({ max: 10_000 });
  const maxDepth = Math.max(1, Math.min(20_000, Math.floor(maxLong / 5)));
  const byKind: { readonly [K in Mutation['kind']]: fc.Arbitrary<Extract<Mutation, { kind: K }>> } = {
    flip: fc.record({
      kind: fc.constant('flip' as const),
      at: fraction,
      bits: fc.integer({ min: 1, max: 255 }),
      count: fc.integer({ min: 1, max: 8 }),
    }),
    truncate: fc.record({ kind: fc.constant('truncate' as const), at: fraction }),
    duplicate: fc.record({
      kind: fc.constant('duplicate' as const),
      at: fraction,
      length: fc.integer({ min: 1, max: 200 }),
      times: fc.integer({ min: 1, max: Math.max(1, Math.min(50, Math.floor(maxLong / 200))) }),
    }),
    insert: fc.record({
      kind: fc.constant('insert' as const),
      at: fraction,
      text: fc.oneof(
        fc.constantFrom(...HOSTILE_TEXT),
        fc
          .array(fc.constantFrom(...HOSTILE_TEXT), { minLength: 2, maxLength: 6 })
          .map((parts) => parts.join('')),
      ),
    }),
    bom: fc.constant({ kind: 'bom' as const }),
    long: fc.constantFrom(...LONG_UNITS).chain((unit) =>
      fc.record({
        kind: fc.constant('long' as const),
        at: fraction,
        unit: fc.constant(unit),
        times: fc.integer({ min: 1, max: Math.max(1, Math.floor(maxLong / unit.length)) }),
      }),
    ),
    date: fc.record({ kind: fc.constant('date' as const), nth, value: fc.constantFrom(...HOSTILE_DATES) }),
    'swap-dates': fc.record({ kind: fc.constant('swap-dates' as const), first: nth, second: nth }),
    number: fc.record({
      kind: fc.constant('number' as const),
      nth,
      value: fc.constantFrom(...HOSTILE_NUMBERS),
    }),
    nest: fc.record({
      kind: fc.constant('nest' as const),
      nth,
      depth: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 65, max: maxDepth })),
      shape: fc.constantFrom('array' as const, 'object' as const),
    }),
    'json-value': fc.record({
      kind: fc.constant('json-value' as const),
      nth,
      value: hostileJsonValue(maxLong),
    }),
    stretch: fc.record({
      kind: fc.constant('stretch' as const),
      nth,
      at: fraction,
      times: fc.integer({ min: 1, max: Math.max(1, maxLong) }),
    }),
    line: fc.record({
      kind: fc.constant('line' as const),
      nth,
      op: fc.constantFrom('drop' as const, 'repeat' as const, 'swap' as const),
    }),
  };
  const kinds = options.kinds ?? (Object.keys(byKind) as Mutation['kind'][]);
  return fc.oneof(...kinds.map((kind): fc.Arbitrary<Mutation> => byKind[kind]));
}

/** One to three mutations, applied in order. */
export const mutationsArbitrary = (options: MutationOptions): fc.Arbitrary<Mutation[]> =>
  fc.array(mutationArbitrary(options), { minLength: 1, maxLength: 3 });

/**
 * An instant anywhere in years 1–`lastYear`, written with a UTC offset as FHIR and the council record format
 * write it (`…+00:00`), and as the hub prints it (ISO, `Z`): for "never rewrites a time" properties.
 */
export const utcInstantArbitrary = (lastYear: number): fc.Arbitrary<{ written: string; iso: string }> =>
  fc
    .record({
      year: fc.integer({ min: 1, max: lastYear }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      seconds: fc.integer({ min: 0, max: 86_399 }),
    })
    .map(({ year, month, day, seconds }) => {
      const at = new Date(Date.UTC(2000, month - 1, day) + seconds * 1000);
      at.setUTCFullYear(year);
      const iso = at.toISOString();
      return { written: iso.replace('.000Z', '+00:00'), iso };
    });
