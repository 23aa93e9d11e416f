import { createHmac } from 'node:crypto';
import { InvalidNhsNumberError } from '../errors';
import { createPersonKeyer, isPersonKey } from './person-key';

const secret = 'a-test-secret-that-is-at-least-32-bytes-long';

describe('personKey', () => {
  const personKey = createPersonKeyer(secret);

  it('is the first 16 bytes of HMAC-SHA256(secret, NHS number), base64url', () => {
    const expected = createHmac('sha256', secret)
      .update('9434765919')
      .digest()
      .subarray(0, 16)
      .toString('base64url');
    expect(personKey('9434765919')).toBe(expected);
    expect(isPersonKey(personKey('9434765919'))).toBe(true);
  });

  it('is stable across formatting and keyer instances, so streams join', () => {
    expect(personKey('943 476 5919')).toBe(createPersonKeyer(secret)('9434765919'));
  });

  it('differs per person and per secret', () => {
    expect(personKey('9434765919')).not.toBe(personKey('4010232137'));
    expect(createPersonKeyer(`${secret}-other`)('9434765919')).not.toBe(personKey('9434765919'));
  });

  it('refuses an invalid NHS number without echoing it', () => {
    const attempt = (): string => personKey('9434765918');
    expect(attempt).toThrow(InvalidNhsNumberError);
    expect(attempt).not.toThrow(/943/);
  });

  it('keys a well-formed number whatever its range, so a range policy never changes a key', () => {
    expect(isPersonKey(personKey('9990000018'))).toBe(true);
    expect(isPersonKey(personKey('0000000000'))).toBe(true);
    expect(() => personKey('401\u00A0023\u00A02137')).toThrow(InvalidNhsNumberError);
  });

  it('refuses a short secret', () => {
    expect(() => createPersonKeyer('short')).toThrow(RangeError);
  });
});
