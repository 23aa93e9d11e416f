import {
  isValidNhsNumber,
  isWellFormedNhsNumber,
  NHS_NUMBER_POLICY_ISSUED_ONLY,
  nhsNumberCheckDigit,
  nhsNumberProblem,
  nhsNumberRangeOf,
  normaliseNhsNumber,
  readNhsNumber,
  wellFormedNhsNumberOf,
} from './nhs-number';

describe('NHS number (modulus 11)', () => {
  it.each(['4010232137', '4505577104', '6000000006', '7999999903', '3000000003', '9990000018'])(
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
    it.each(['401 023 2137', '401-023-2137', ' 401 023 2137 ', '\t4010232137 '])(
      'the strict check refuses %j',
      (written) => {
        expect(isValidNhsNumber(written)).toBe(false);
      },
    );

    it.each(['401 023 2137', '401-023-2137', ' 401 023 2137 ', '\t4010232137 '])(
      'normalises %j to ten bare digits',
      (written) => {
        expect(normaliseNhsNumber(written)).toBe('4010232137');
      },
    );

    it('does not normalise a spaced number with a wrong check digit', () => {
      expect(normaliseNhsNumber('401 023 2138')).toBeNull();
    });

    it.each([
      ['401\u00A0023\u00A02137', 'no-break spaces'],
      ['401\u2009023\u20092137', 'thin spaces'],
      ['401\u3000023\u30002137', 'ideographic spaces'],
      ['401\u200B0232137', 'a zero-width space'],
      ['401\u00000232137', 'a NUL'],
      ['4010232137\n', 'a trailing line feed'],
      ['\u00A04010232137', 'a leading no-break space'],
      ['401 0232137', 'a separator after the third digit only'],
      ['401 023-2137', 'two different separators'],
      ['401  023  2137', 'double spaces'],
      ['40 10 23 21 37', 'separators elsewhere'],
      ['４０１０２３２１３７', 'full-width digits'],
      ['401-023-2137-', 'a trailing hyphen'],
    ])('does not take %j (%s) for formatting', (written) => {
      expect(readNhsNumber(written)).toEqual({ nhsNumber: null, problem: 'FORMAT' });
    });
  });
});

describe('NHS number issued ranges', () => {
  it.each([
    ['0000000000', 'all zeros, which passes the check digit'],
    ['0123456789', 'a keyboard run, which passes the check digit'],
    ['1111111111', 'a repeated digit in the CHI range'],
    ['5000000005', 'the unissued 5xx range'],
    ['8000000008', 'the unissued 8xx range'],
    ['9434765919', 'the textbook example, 9xx but not 999'],
    ['9989999902', 'just below the test range'],
    ['0101000006', 'a Scottish CHI number'],
    ['2999999909', 'the top of the CHI-only range'],
  ])('refuses %s (%s) though its check digit is right', (value) => {
    expect(isWellFormedNhsNumber(value)).toBe(true);
    expect(nhsNumberProblem(value)).toBe('NOT_ISSUED');
    expect(isValidNhsNumber(value)).toBe(false);
    expect(normaliseNhsNumber(value)).toBeNull();
  });

  it.each([
    ['4010232137', 'ENGLAND_WALES_ISLE_OF_MAN'],
    ['4999999900', 'ENGLAND_WALES_ISLE_OF_MAN'],
    ['6000000006', 'ENGLAND_WALES_ISLE_OF_MAN'],
    ['7999999903', 'ENGLAND_WALES_ISLE_OF_MAN'],
    ['3000000003', 'ENGLAND'],
    ['3200000007', 'ENGLAND'],
    ['3200000015', 'NORTHERN_IRELAND'],
    ['3999999918', 'NORTHERN_IRELAND'],
    ['0101000006', 'SCOTLAND_CHI'],
    ['9990000018', 'TEST'],
    ['0000000000', 'NOT_ISSUED'],
  ])('places %s in %s', (value, range) => {
    expect(nhsNumberRangeOf(value)).toBe(range);
  });

  it('accepts Northern Ireland H&C numbers and England’s 3xx allocation', () => {
    expect(nhsNumberProblem('3200000015', NHS_NUMBER_POLICY_ISSUED_ONLY)).toBeNull();
    expect(nhsNumberProblem('3000000003', NHS_NUMBER_POLICY_ISSUED_ONLY)).toBeNull();
  });

  it('accepts the 999 test range only when the policy allows it', () => {
    expect(isValidNhsNumber('9990000018')).toBe(true);
    expect(nhsNumberProblem('9990000018', NHS_NUMBER_POLICY_ISSUED_ONLY)).toBe('TEST_NUMBER');
    expect(normaliseNhsNumber('999 000 0018')).toBe('9990000018');
    expect(readNhsNumber('999 000 0018', NHS_NUMBER_POLICY_ISSUED_ONLY).nhsNumber).toBeNull();
    expect(readNhsNumber('999 000 0018', { acceptTestNumbers: false }).problem).toBe('TEST_NUMBER');
  });

  it('keeps the well-formed rule apart from the range, for keys and redaction', () => {
    expect(wellFormedNhsNumberOf('943 476 5919')).toBe('9434765919');
    expect(wellFormedNhsNumberOf('943 476 5918')).toBeNull();
    expect(wellFormedNhsNumberOf('943\u00A0476\u00A05919')).toBeNull();
  });
});

function findNineDigitsWithCheck(check: number): string {
  for (let n = 400_000_000; n < 500_000_000; n += 1) {
    const digits = String(n);
    let sum = 0;
    for (let i = 0; i < 9; i += 1) sum += Number(digits[i]) * (10 - i);
    if (11 - (sum % 11) === check) return digits;
  }
  throw new Error('unreachable');
}
