import { UnauthenticatedError } from '@homefirst/runtime';
import type { Principal } from './principal';
import { createSealer, sessionCodec } from './session';

const KEY = 'a-session-key-for-tests-only-0123456789';
const HOUR = 3_600_000;
const TRUST: Principal = { subject: 'trust', role: 'trust', org: 'RXN' };

/** A codec whose clock the test moves. */
function clocked(key = KEY) {
  let now = Date.parse('2026-12-05T08:00:00Z');
  const codec = sessionCodec(
    createSealer(key, () => now),
    8 * HOUR,
  );
  return { codec, advance: (ms: number) => (now += ms) };
}

describe('sign-in sessions', () => {
  it('given a sealed session, then opening it gives the principal back, and its text shows none of it', async () => {
    const { codec } = clocked();
    const sealed = await codec.seal(TRUST);
    expect(await codec.open(sealed)).toEqual(TRUST);
    expect(sealed).not.toMatch(/RXN|trust/);
    expect(sealed.split('.')).toHaveLength(5); // a compact JWE
  });

  it('given the session lifetime has passed, then it is refused as expired', async () => {
    const { codec, advance } = clocked();
    const sealed = await codec.seal(TRUST);
    advance(8 * HOUR - 1000);
    await expect(codec.open(sealed)).resolves.toEqual(TRUST);
    advance(2000);
    const opened = codec.open(sealed);
    await expect(opened).rejects.toThrow(UnauthenticatedError);
    await expect(opened).rejects.toThrow('session expired: sign in again');
  });

  it.each([
    [
      'a changed ciphertext character',
      (s: string) => {
        const parts = s.split('.');
        const text = parts[3] ?? '';
        parts[3] = `${text.startsWith('A') ? 'B' : 'A'}${text.slice(1)}`;
        return parts.join('.');
      },
    ],
    ['a cut tag', (s: string) => s.slice(0, -4)],
    ['not a JWE at all', () => 'eyJhbGciOiJIUzI1NiJ9.e30.x'],
  ])('given %s, then it is refused as invalid', async (_what, tamper) => {
    const { codec } = clocked();
    const sealed = await codec.seal(TRUST);
    await expect(codec.open(tamper(sealed))).rejects.toThrow('session is invalid: sign in again');
  });

  it('given a session sealed under another key, then it is refused as invalid', async () => {
    const sealed = await clocked('another-session-key-for-tests-0123456789').codec.seal(TRUST);
    await expect(clocked().codec.open(sealed)).rejects.toThrow('session is invalid: sign in again');
  });

  it('given a sign-in transaction, then it does not open as a session', async () => {
    const sealer = createSealer(KEY);
    const login = await sealer.seal({ sub: 'x', role: 'admin' }, HOUR, 'homefirst-login');
    await expect(sessionCodec(sealer, HOUR).open(login)).rejects.toThrow('session is invalid');
  });
});
