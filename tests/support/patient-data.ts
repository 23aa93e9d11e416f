import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@homefirst/runtime';

/**
 * A known person whose name and NHS number are laced into hostile inputs, and the check that neither
 * comes back in anything an edge says (ACKs, OperationOutcomes, problem documents, error reports, dead
 * letter reasons, logs).
 */
export const LACED = {
  family: 'QUARTERMAINE',
  given: 'Zebedee',
  /** A valid test NHS number (999 range, modulus 11). */
  nhsNumber: '9990000018',
} as const;

/** The person as free text: "Zebedee QUARTERMAINE 999 000 0018". */
export const LACED_TEXT = `${LACED.given} ${LACED.family} ${LACED.nhsNumber}`;

const FORBIDDEN: ReadonlyArray<readonly [string, RegExp]> = [
  ['family name', /quartermaine/i],
  ['given name', /zebedee/i],
  // the number as digits, spaced or hyphenated, or escaped digit by digit
  ['NHS number', /999\W{0,6}000\W{0,6}0018/],
];

/** JSON arrays nested `depth` deep around `inner`. */
export const nested = (depth: number, inner: string): string =>
  `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

/** What of the laced person a text gives away: [] when nothing. */
export function patientDataIn(text: string): string[] {
  return FORBIDDEN.filter(([, pattern]) => pattern.test(text)).map(([what]) => what);
}

/** A logger at trace level whose JSON lines (after the logger's own redaction) are kept for checking. */
export function capturedLogger(name: string): { logger: Logger; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ name, level: 'trace' }, stream), text: () => chunks.join('') };
}
