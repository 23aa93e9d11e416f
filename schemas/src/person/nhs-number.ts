/**
 * NHS number (NHS Data Dictionary): ten digits, the tenth a modulus-11 check digit over the first nine
 * with weights 10 down to 2: check = 11 − (sum mod 11), where 11 is written 0 and 10 means the number
 * is never issued.
 *
 * Two rules, kept apart on purpose:
 * - `isValidNhsNumber` is strict: exactly ten bare digits. Events, keys and logs hold this form.
 * - `normaliseNhsNumber` is for a boundary that accepts a number as people write it ("943 476 5919",
 *   "943-476-5919", surrounding blanks): it strips spaces and hyphens and returns the bare ten digits,
 *   or null when what is left is not a valid NHS number.
 */

/** The check digit of nine digits, or undefined when they are not nine digits or the check would be 10. */
export function nhsNumberCheckDigit(firstNineDigits: string): number | undefined {
  if (!/^\d{9}$/.test(firstNineDigits)) return undefined;
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(firstNineDigits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return undefined;
  return check === 11 ? 0 : check;
}

/** True for exactly ten digits (no spaces or hyphens) whose last digit is the check digit of the first nine. */
export function isValidNhsNumber(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  return nhsNumberCheckDigit(value.slice(0, 9)) === Number(value[9]);
}

/** The bare ten digits of an NHS number written with or without spaces and hyphens, or null when invalid. */
export function normaliseNhsNumber(written: string): string | null {
  const digits = written.replace(/[\s-]/g, '');
  return isValidNhsNumber(digits) ? digits : null;
}
