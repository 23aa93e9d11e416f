import { trimEndOf, trimStartOf } from '../text-trim';
import { dischargeDestination } from '../avro/hospital-vocabulary';
import type { DischargeDestination } from '../generated/events';

const byCode = new Map<string, DischargeDestination>(
  (dischargeDestination.symbols as readonly DischargeDestination[]).map((symbol) => [
    symbol.slice(2, 4),
    symbol,
  ]),
);

/**
 * The two-digit form of a discharge destination code as written: "19", a zero-padded "079" (some PAS
 * exports pad to three), or the integer 19 from JSON. Anything else — "179", "X79", "7", "19.0", "1 9" —
 * is malformed: null. Never a slice of a longer value, so "179" cannot read as 79 (died).
 */
function twoDigitCode(code: string | number): string | null {
  if (typeof code === 'number') {
    return Number.isInteger(code) && code >= 0 && code <= 99 ? String(code).padStart(2, '0') : null;
  }
  const text = trimStartOf(trimEndOf(code, ' \t'), ' \t');
  if (/^\d{2}$/.test(text)) return text;
  if (/^0\d{2}$/.test(text)) return text.slice(1);
  return null;
}

/**
 * The DischargeDestination of a national code (NHS Data Dictionary "discharge destination", two digits),
 * or null when the value is not written as such a code (the sender's mapping is broken: an edge rejects
 * it naming the field). A well-formed code the hub does not list maps to DD99_NOT_KNOWN, the same thing an
 * older reader sees for a newer symbol.
 */
export function readDischargeDestinationCode(code: string | number): DischargeDestination | null {
  const twoDigits = twoDigitCode(code);
  if (twoDigits === null) return null;
  return byCode.get(twoDigits) ?? 'DD99_NOT_KNOWN';
}

/**
 * Lenient form for an edge that does not reject: a malformed code is DD99_NOT_KNOWN, never reinterpreted
 * (so "179" is not DD79_DIED).
 */
export const dischargeDestinationOfCode = (code: string | number): DischargeDestination =>
  readDischargeDestinationCode(code) ?? 'DD99_NOT_KNOWN';

/** The two-digit national code of a DischargeDestination symbol. */
export const codeOfDischargeDestination = (destination: DischargeDestination): string =>
  destination.slice(2, 4);
