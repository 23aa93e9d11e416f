import { isValidNhsNumber } from '@homefirst/schemas';
import { nthTestNhsNumber, testNhsNumbersFrom } from './test-nhs-numbers';

describe('test NHS numbers', () => {
  it('are valid, in order, from the start of the 999 range, skipping nine digits whose check would be 10', () => {
    const numbers = testNhsNumbersFrom();
    const first = Array.from({ length: 12 }, () => numbers.next().value as string);
    expect(first.slice(0, 3)).toEqual(['9990000018', '9990000026', '9990000034']);
    expect(first.every((n) => isValidNhsNumber(n))).toBe(true);
    expect([...first].sort()).toEqual(first);
    expect(nthTestNhsNumber(0)).toBe('9990000018');
    expect(nthTestNhsNumber(11)).toBe(first[11]);
  });

  it('start where asked', () => {
    expect(testNhsNumbersFrom(999_400_000).next().value).toMatch(/^9994000/);
  });
});
