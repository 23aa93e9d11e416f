import { isWellFormedNhsNumber } from '@homefirst/schemas';

// Ten digits, optionally grouped 3-3-4 by a space or hyphen, not part of a longer run of letters or digits
// (a base64url personKey may hold ten digits in a row by chance: that is not an NHS number).
const CANDIDATE = /(?<![\dA-Za-z])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\dA-Za-z])/g;

/** Every modulus-11 valid NHS number written in a text, as bare digits. */
export function nhsNumbersIn(text: string): string[] {
  return [...text.matchAll(CANDIDATE)]
    .map((match) => match[0].replace(/[ -]/g, ''))
    .filter((digits) => isWellFormedNhsNumber(digits));
}

/** Every leaf value of a decoded structure as text (strings, numbers, dates, buffers, inside arrays and objects). */
export function* textsOf(value: unknown): Generator<string> {
  if (value === null || value === undefined) return;
  if (typeof value === 'string') yield value;
  else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    yield String(value);
  else if (value instanceof Date) yield value.toISOString();
  else if (value instanceof Uint8Array) yield Buffer.from(value).toString('utf8');
  else if (Array.isArray(value)) for (const item of value) yield* textsOf(item);
  else if (typeof value === 'object') for (const item of Object.values(value)) yield* textsOf(item);
}
