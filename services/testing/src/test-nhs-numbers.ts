import { nhsNumberCheckDigit } from '@homefirst/schemas';

/** The first nine digits of the 999 test range. */
export const TEST_RANGE_START = 999_000_000;

/**
 * NHS numbers of the 999 test range in order, from the nine digits `firstNine` on: each nine digits with
 * the modulus-11 check digit of the contract (nine digits whose check would be 10 are skipped).
 */
export function* testNhsNumbersFrom(firstNine: number = TEST_RANGE_START): Generator<string, void> {
  for (let nine = firstNine; nine <= 999_999_999; nine += 1) {
    const check = nhsNumberCheckDigit(String(nine));
    if (check !== undefined) yield `${nine}${check}`;
  }
}

/** The n-th valid NHS number of the 999 test range (n from 0). */
export function nthTestNhsNumber(n: number): string {
  let seen = 0;
  for (const nhsNumber of testNhsNumbersFrom()) {
    if (seen === n) return nhsNumber;
    seen += 1;
  }
  throw new RangeError(`only ${seen} test NHS numbers exist`);
}
