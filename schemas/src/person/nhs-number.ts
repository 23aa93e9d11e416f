/**
 * NHS number validation (NHS Data Dictionary): 10 digits; the 10th is a modulus-11 check digit over the
 * first nine with weights 10..2: check = 11 − (sum mod 11); 11 → 0; 10 → the number is invalid (never issued).
 * Spaces and hyphens, as in "943 476 5919", are accepted and removed.
 */
export const normaliseNhsNumber = (input: string): string | null => {
  const digits = input.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(digits)) return null;
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  const expected = check === 11 ? 0 : check;
  if (expected === 10 || expected !== Number(digits[9])) return null;
  return digits;
};

export const isValidNhsNumber = (input: string): boolean => normaliseNhsNumber(input) !== null;
