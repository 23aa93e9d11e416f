/**
 * NHS number (NHS Data Dictionary): ten digits, the tenth a modulus-11 check digit over the first nine
 * with weights 10 down to 2: check = 11 − (sum mod 11), where 11 is written 0 and 10 means the number
 * is never issued.
 *
 * A number passes the check digit by chance one time in eleven (`0000000000` does), so the hub also
 * checks the range the first nine digits fall in. Sources: NHS England, "NHS number" (ISB 0149) and the
 * published number ranges (en.wikipedia.org/wiki/NHS_number, "Format, number ranges"; the same table in
 * GIG-Cymru-NHS-Wales/nhs-number-using-rust). Ranges below are of the first nine digits:
 *
 * | first nine digits        | issued for                                            | the hub      |
 * |--------------------------|-------------------------------------------------------|--------------|
 * | 400 000 000–499 999 999  | England, Wales, Isle of Man                           | accepts      |
 * | 600 000 000–799 999 999  | England, Wales, Isle of Man                           | accepts      |
 * | 300 000 000–320 000 000  | England (newer allocation)                            | accepts      |
 * | 320 000 001–399 999 999  | Northern Ireland Health & Care (H&C) numbers          | accepts      |
 * | 010 100 000–299 999 999  | Scotland's CHI numbers (DDMMYY + 4 digits)            | refuses      |
 * | 999 000 000–999 999 999  | test data, never issued to a patient                  | when allowed |
 * | anything else            | not issued (e.g. 000 000 0000, 943 476 5919)          | refuses      |
 *
 * Why NI yes and Scotland no: the H&C range is carved out of the same UK numbering space, so it can never
 * name a different person than an NHS number, and an NI resident treated in an English hospital is
 * ordinary; refusing the message would lose a real discharge. CHI numbers are Scotland's own index and
 * hold the keyboard placeholders that pass the check digit (0123456789, 1111111111); English trusts send a
 * Scottish patient's CHI, when at all, under its own assigning authority, not as the NHS number. CHI
 * numbers from 300 000 000 up cannot be told from England's 3xx allocation and are taken as English.
 *
 * The 999 test range is accepted only when the deployment allows it (`NhsNumberPolicy`); the hub's
 * config allows it by default outside production (HOMEFIRST_ACCEPT_TEST_NHS_NUMBERS).
 *
 * Three rules, kept apart on purpose:
 * - `isWellFormedNhsNumber`: ten bare digits with the right check digit, any range. The key of a person
 *   (`createPersonKeyer`) and the log redaction use it: a key must not change with policy, and the
 *   redaction must mask anything that looks like a number.
 * - `nhsNumberProblem` (strict): well formed and in a range the policy accepts. Events hold this form;
 *   `isValidNhsNumber` is the same with test numbers allowed.
 * - `readNhsNumber` (with a policy) / `normaliseNhsNumber` (test numbers allowed): for a boundary that
 *   accepts a number as people write it.
 *   Formatting is ASCII only: blanks (space, tab) around the number, and one ASCII space or one hyphen
 *   after the third and the sixth digit (3-3-4, the same separator both times). Any other character —
 *   a no-break, thin or ideographic space, a zero-width character, a control character, a full-width
 *   digit — is not formatting, and the value is not an NHS number.
 */

/** Which deployment-dependent numbers a boundary accepts. */
export interface NhsNumberPolicy {
  /** Accept the 999 000 0000–999 999 9999 test range (demo, tests, a trust's test feed). */
  readonly acceptTestNumbers: boolean;
}

/** Development and tests: test numbers accepted. The default of the functions below. */
export const NHS_NUMBER_POLICY_WITH_TEST_NUMBERS: NhsNumberPolicy = { acceptTestNumbers: true };
/** Production: only numbers issued to patients. */
export const NHS_NUMBER_POLICY_ISSUED_ONLY: NhsNumberPolicy = { acceptTestNumbers: false };

export type NhsNumberRange =
  'ENGLAND_WALES_ISLE_OF_MAN' | 'ENGLAND' | 'NORTHERN_IRELAND' | 'SCOTLAND_CHI' | 'TEST' | 'NOT_ISSUED';

/** Why a value is not an NHS number the hub accepts. */
export type NhsNumberProblem = 'FORMAT' | 'CHECK_DIGIT' | 'NOT_ISSUED' | 'TEST_NUMBER';

/** A rule a message broke, for error texts: names the rule, never the value. */
export const NHS_NUMBER_RULES: Readonly<Record<NhsNumberProblem, string>> = {
  FORMAT: 'is not ten digits (optionally 3-3-4 with ASCII spaces or hyphens)',
  CHECK_DIGIT: 'fails the modulus-11 check',
  NOT_ISSUED:
    'is outside the ranges issued for NHS numbers in England, Wales, the Isle of Man and Northern Ireland',
  TEST_NUMBER: 'is a test number (999 range), which this hub is not configured to accept',
};

/** The check digit of nine digits, or undefined when they are not nine digits or the check would be 10. */
export function nhsNumberCheckDigit(firstNineDigits: string): number | undefined {
  if (!/^\d{9}$/.test(firstNineDigits)) return undefined;
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(firstNineDigits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return undefined;
  return check === 11 ? 0 : check;
}

/** Ten bare digits whose last is the check digit of the first nine, whatever the range. */
export function isWellFormedNhsNumber(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  return nhsNumberCheckDigit(value.slice(0, 9)) === Number(value[9]);
}

/** The range ten bare digits fall in (see the table above); the check digit is not looked at. */
export function nhsNumberRangeOf(digits: string): NhsNumberRange {
  const first = Number(digits.slice(0, 9));
  if (first >= 400_000_000 && first <= 499_999_999) return 'ENGLAND_WALES_ISLE_OF_MAN';
  if (first >= 600_000_000 && first <= 799_999_999) return 'ENGLAND_WALES_ISLE_OF_MAN';
  if (first >= 300_000_000 && first <= 320_000_000) return 'ENGLAND';
  if (first >= 320_000_001 && first <= 399_999_999) return 'NORTHERN_IRELAND';
  if (first >= 10_100_000 && first <= 299_999_999) return 'SCOTLAND_CHI';
  if (first >= 999_000_000) return 'TEST';
  return 'NOT_ISSUED';
}

/** What is wrong with ten bare digits as an NHS number under a policy, or null when nothing is. */
export function nhsNumberProblem(
  value: string,
  policy: NhsNumberPolicy = NHS_NUMBER_POLICY_WITH_TEST_NUMBERS,
): NhsNumberProblem | null {
  if (!/^\d{10}$/.test(value)) return 'FORMAT';
  if (!isWellFormedNhsNumber(value)) return 'CHECK_DIGIT';
  switch (nhsNumberRangeOf(value)) {
    case 'ENGLAND_WALES_ISLE_OF_MAN':
    case 'ENGLAND':
    case 'NORTHERN_IRELAND':
      return null;
    case 'TEST':
      return policy.acceptTestNumbers ? null : 'TEST_NUMBER';
    case 'SCOTLAND_CHI':
    case 'NOT_ISSUED':
      return 'NOT_ISSUED';
  }
}

/**
 * True for exactly ten bare digits that are a valid NHS number, test numbers included (one argument, so
 * it can be handed to `every`/`filter`; under a deployment's policy use `nhsNumberProblem`).
 */
export function isValidNhsNumber(value: string): boolean {
  return nhsNumberProblem(value, NHS_NUMBER_POLICY_WITH_TEST_NUMBERS) === null;
}

/** Ten digits, or 3-3-4 with one ASCII space or one hyphen (the same both times), ASCII blanks around. */
const WRITTEN = /^[ \t]*(\d{3})([ -]?)(\d{3})\2(\d{4})[ \t]*$/;

/** The bare digits of a number as people write it, or null when it is not written as one. */
function digitsAsWritten(written: string): string | null {
  const match = WRITTEN.exec(written);
  return match === null ? null : `${match[1]}${match[3]}${match[4]}`;
}

export type NhsNumberReading =
  | { readonly nhsNumber: string; readonly problem: null }
  | { readonly nhsNumber: null; readonly problem: NhsNumberProblem };

/** A number as written at a boundary: its bare ten digits, or the rule it breaks (NHS_NUMBER_RULES). */
export function readNhsNumber(
  written: string,
  policy: NhsNumberPolicy = NHS_NUMBER_POLICY_WITH_TEST_NUMBERS,
): NhsNumberReading {
  const digits = digitsAsWritten(written);
  if (digits === null) return { nhsNumber: null, problem: 'FORMAT' };
  const problem = nhsNumberProblem(digits, policy);
  return problem === null ? { nhsNumber: digits, problem: null } : { nhsNumber: null, problem };
}

/**
 * The bare ten digits of an NHS number as people write it (test numbers included), or null when it is not
 * one. One argument, so it can be handed to `map`; under a deployment's policy use `readNhsNumber`.
 */
export function normaliseNhsNumber(written: string): string | null {
  return readNhsNumber(written, NHS_NUMBER_POLICY_WITH_TEST_NUMBERS).nhsNumber;
}

/**
 * The bare ten digits of a well-formed number as written (any range), or null: for keys and joins of
 * numbers an edge already accepted, so that a policy change never changes a person's key.
 */
export function wellFormedNhsNumberOf(written: string): string | null {
  const digits = digitsAsWritten(written);
  return digits !== null && isWellFormedNhsNumber(digits) ? digits : null;
}
