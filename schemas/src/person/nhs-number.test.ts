import { isValidNhsNumber, nhsNumberCheckDigit, normaliseNhsNumber } from './nhs-number';

describe('NHS number (modulus 11)', () => {
  it.each(['9434765919', '9434765870', '4010232137', '4505577104', '9000000009', '9876543210', '9990000018'])(
    'accepts %s',
    (value) => {
      expect(isValidNhsNumber(value)).toBe(true);
      expect(normaliseNhsNumber(value)).toBe(value);
    },
  );

  it.each([
    ['9434765918', 'wrong check digit'],
    ['1234567890', 'wrong check digit'],
    ['4010232138', 'wrong check digit'],
    ['1000000010', 'check digit would be 10'],
    ['1000000011', 'check digit would be 10'],
    ['943476591', 'nine digits'],
    ['94347659190', 'eleven digits'],
    ['94347659l9', 'a letter'],
    ['94347659AB', 'letters'],
    ['', 'empty'],
  ])('rejects %s (%s), written any way', (value) => {
    expect(isValidNhsNumber(value)).toBe(false);
    expect(normaliseNhsNumber(value)).toBeNull();
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

  it('computes the check digit, mapping 11 to 0 and 10 to none', () => {
    // 9·10+4·9+3·8+4·7+7·6+6·5+5·4+9·3+1·2 = 299; 299 mod 11 = 2; 11 − 2 = 9
    expect(nhsNumberCheckDigit('943476591')).toBe(9);
    // a multiple of 11 gives 11, written 0
    expect(nhsNumberCheckDigit('000000000')).toBe(0);
    expect(nhsNumberCheckDigit('100000001')).toBeUndefined();
    expect(nhsNumberCheckDigit('12345678')).toBeUndefined();
  });

  describe('as written by people', () => {
    it.each(['943 476 5919', '943-476-5919', ' 943 476 5919 '])('the strict check refuses %j', (written) => {
      expect(isValidNhsNumber(written)).toBe(false);
    });

    it.each(['943 476 5919', '943-476-5919', ' 943 476 5919 '])(
      'normalises %j to ten bare digits',
      (written) => {
        expect(normaliseNhsNumber(written)).toBe('9434765919');
      },
    );

    it('does not normalise a spaced number with a wrong check digit', () => {
      expect(normaliseNhsNumber('943 476 5918')).toBeNull();
    });
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
