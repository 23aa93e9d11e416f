/**
 * NHS number check digit (modulus 11): digits 1–9 are weighted 10 down to 2, the check digit is
 * 11 − (sum mod 11), where 11 becomes 0 and 10 means the number can never be valid.
 */
export function nhsNumberCheckDigit(firstNineDigits: string): number | undefined {
  if (!/^\d{9}$/.test(firstNineDigits)) return undefined;
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(firstNineDigits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return undefined;
  return check === 11 ? 0 : check;
}

/** True for exactly ten digits (no spaces) whose last digit is the modulus-11 check digit of the first nine. */
export function isValidNhsNumber(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  return nhsNumberCheckDigit(value.slice(0, 9)) === Number(value[9]);
}
