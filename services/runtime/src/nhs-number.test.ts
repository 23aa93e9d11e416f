import { isValidNhsNumber, nhsNumberCheckDigit } from './nhs-number';

describe('isValidNhsNumber', () => {
  it.each(['9434765919', '9434765870', '4010232137', '4505577104', '9000000009', '9876543210'])(
    'accepts %s',
    (value) => {
      expect(isValidNhsNumber(value)).toBe(true);
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
    ['943 476 5919', 'spaces'],
    ['94347659l9', 'a letter'],
    ['', 'empty'],
  ])('rejects %s (%s)', (value) => {
    expect(isValidNhsNumber(value)).toBe(false);
  });

  it('computes the check digit, mapping 11 to 0 and 10 to none', () => {
    // 9·10+4·9+3·8+4·7+7·6+6·5+5·4+9·3+1·2 = 299; 299 mod 11 = 2; 11 − 2 = 9
    expect(nhsNumberCheckDigit('943476591')).toBe(9);
    // a multiple of 11 gives 11, written 0
    expect(nhsNumberCheckDigit('000000000')).toBe(0);
    expect(nhsNumberCheckDigit('100000001')).toBeUndefined();
    expect(nhsNumberCheckDigit('12345678')).toBeUndefined();
  });
});
