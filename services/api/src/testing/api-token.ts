import { DEVELOPMENT_API_TOKEN_SECRET } from '@homefirst/runtime';
import { SignJWT } from 'jose';

/** Who a test or benchmark token is for: the role, the organisation (trust or council) and the subject. */
export interface TestTokenClaims {
  readonly role: string;
  readonly org?: string;
  readonly subject: string;
}

/**
 * A bearer token the API accepts in stack tests and benchmarks: HS256 with `secret` (the development one
 * unless given), issuer homefirst-dev, audience homefirst-api, valid for an hour.
 */
export function testApiToken(
  claims: TestTokenClaims,
  secret: string = DEVELOPMENT_API_TOKEN_SECRET,
): Promise<string> {
  return new SignJWT({ role: claims.role, ...(claims.org ? { org: claims.org } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.subject)
    .setIssuer('homefirst-dev')
    .setAudience('homefirst-api')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(secret));
}
