import { isValidNhsNumber, normaliseNhsNumber } from './nhs-number';

describe('NHS number (modulus 11)', () => {
  it.each(['9434765919', '943 476 5919', '943-476-5919', '4010232137', '9990000018'])(
    'accepts %s',
    (input) => {
      expect(isValidNhsNumber(input)).toBe(true);
    },
  );

  it.each([
    ['wrong check digit', '9434765918'],
    ['nine digits', '943476591'],
    ['eleven digits', '94347659190'],
    ['letters', '94347659AB'],
    ['empty', ''],
  ])('rejects %s', (_why, input) => {
    expect(isValidNhsNumber(input)).toBe(false);
  });

  it('rejects a number whose check would be 10 (never issued)', () => {
    // given nine digits whose weighted sum is 1 mod 11, so the check would be 11 − 1 = 10
    const withCheck10 = findNineDigitsWithCheck(10);
    // then no tenth digit makes it valid
    for (let d = 0; d <= 9; d += 1) expect(isValidNhsNumber(`${withCheck10}${d}`)).toBe(false);
  });

  it('maps check 11 to 0', () => {
    const withCheck11 = findNineDigitsWithCheck(11);
    expect(isValidNhsNumber(`${withCheck11}0`)).toBe(true);
  });

  it('normalises to ten bare digits', () => {
    expect(normaliseNhsNumber(' 943 476 5919 ')).toBe('9434765919');
  });
});

function findNineDigitsWithCheck(check: number): string {
  for (let n = 100_000_000; n < 1_000_000_000; n += 1) {
    const digits = String(n);
    let sum = 0;
    for (let i = 0; i < 9; i += 1) sum += Number(digits[i]) * (10 - i);
    if (11 - (sum % 11) === check) return digits;
  }
  throw new Error('unreachable');
}
