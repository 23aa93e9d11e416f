import { SignJWT } from 'jose';
import { UnauthenticatedError } from '@homefirst/runtime';
import { createTokenVerifier } from './verify';
import { visibilityOf } from './principal';

const secret = 'a-test-secret-that-is-at-least-32-characters-long';
const tokens = { kind: 'secret' as const, secret, issuer: 'homefirst-dev', audience: 'homefirst-api' };
const verify = createTokenVerifier(tokens);

async function token(
  claims: Record<string, unknown>,
  opts: { secret?: string; issuer?: string; audience?: string; expiresIn?: number; sub?: string } = {},
): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(opts.issuer ?? tokens.issuer)
    .setAudience(opts.audience ?? tokens.audience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (opts.expiresIn ?? 600));
  if (opts.sub !== '') jwt.setSubject(opts.sub ?? 'user-1');
  return jwt.sign(new TextEncoder().encode(opts.secret ?? secret));
}

describe('bearer token verification', () => {
  it('given a valid trust token, then the principal carries role and ODS scope', async () => {
    await expect(verify(`Bearer ${await token({ role: 'trust', org: 'RXN' })}`)).resolves.toEqual({
      subject: 'user-1',
      role: 'trust',
      org: 'RXN',
    });
  });

  it.each([
    ['no header', undefined, /missing bearer token/],
    ['a non-bearer scheme', 'Basic dXNlcjpwYXNz', /missing bearer token/],
    ['garbage', 'Bearer not.a.jwt', /invalid bearer token/],
  ])('given %s, then 401 with the reason', async (_what, header, reason) => {
    await expect(verify(header)).rejects.toThrow(reason);
    await expect(verify(header)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('given a token signed with another key, then it is refused', async () => {
    const forged = await token(
      { role: 'admin' },
      { secret: 'another-secret-that-is-at-least-32-characters' },
    );
    await expect(verify(`Bearer ${forged}`)).rejects.toThrow(/signature/);
  });

  it('given an expired token, or the wrong issuer or audience, then it is refused', async () => {
    await expect(verify(`Bearer ${await token({ role: 'admin' }, { expiresIn: -60 })}`)).rejects.toThrow(
      /exp/,
    );
    await expect(verify(`Bearer ${await token({ role: 'admin' }, { issuer: 'elsewhere' })}`)).rejects.toThrow(
      /iss/,
    );
    await expect(
      verify(`Bearer ${await token({ role: 'admin' }, { audience: 'other-api' })}`),
    ).rejects.toThrow(/aud/);
  });

  it('given a bad role, or a trust/council token without org, then it is refused with the claim named', async () => {
    await expect(verify(`Bearer ${await token({ role: 'nurse' })}`)).rejects.toThrow(/"role" claim/);
    await expect(verify(`Bearer ${await token({ role: 'council' })}`)).rejects.toThrow(/"org" claim/);
    await expect(verify(`Bearer ${await token({ role: 'admin' }, { sub: '' })}`)).rejects.toThrow(
      /"sub" claim/,
    );
  });
});

describe('what each role sees', () => {
  it('trust → its own rows; council → people referred to it; analyst → pseudonymised; admin → all', () => {
    expect(visibilityOf({ subject: 's', role: 'trust', org: 'RXN' })).toEqual({
      trustOrg: 'RXN',
      councilOrg: null,
      pseudonymised: false,
    });
    expect(visibilityOf({ subject: 's', role: 'council', org: 'E08000012' })).toEqual({
      trustOrg: null,
      councilOrg: 'E08000012',
      pseudonymised: false,
    });
    expect(visibilityOf({ subject: 's', role: 'analyst', org: null })).toEqual({
      trustOrg: null,
      councilOrg: null,
      pseudonymised: true,
    });
    expect(visibilityOf({ subject: 's', role: 'admin', org: null })).toEqual({
      trustOrg: null,
      councilOrg: null,
      pseudonymised: false,
    });
  });

  it('given a token verified once, when it is sent again, then it is accepted until it expires and refused after, never from memory', async () => {
    let clock = Date.now();
    const remembering = createTokenVerifier(tokens, () => clock);
    const shortLived = `Bearer ${await token({ role: 'council', org: 'E08000012' }, { expiresIn: 30 })}`;
    const first = await remembering(shortLived);
    clock += 20_000;
    await expect(remembering(shortLived)).resolves.toEqual(first);
    clock += 15_000;
    await expect(remembering(shortLived)).rejects.toThrow(/exp/);
  });

  it('given a token refused once, when it is sent again, then it is checked again and refused again', async () => {
    const forged = `Bearer ${await token({ role: 'admin' }, { secret: 'another-secret-that-is-at-least-32-characters' })}`;
    await expect(verify(forged)).rejects.toThrow(/signature/);
    await expect(verify(forged)).rejects.toThrow(/signature/);
  });
});
