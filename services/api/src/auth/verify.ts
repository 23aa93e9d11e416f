import { UnauthenticatedError } from '@homefirst/runtime';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { ApiConfig } from '../config';
import { ROLES, type Principal, type Role } from './principal';

/** Throws runtime's UnauthenticatedError (401) for missing or bad credentials; 403 is decided per route. */
export type TokenVerifier = (authorization: string | undefined) => Promise<Principal>;

const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

function principalOf(payload: JWTPayload): Principal {
  const role = payload.role;
  if (!isRole(role))
    throw new UnauthenticatedError(`token has no valid "role" claim (one of ${ROLES.join(', ')})`);
  const org = typeof payload.org === 'string' && payload.org.trim() !== '' ? payload.org.trim() : null;
  if ((role === 'trust' || role === 'council') && org === null) {
    throw new UnauthenticatedError(
      `a ${role} token needs an "org" claim (${role === 'trust' ? 'ODS code' : 'ONS local authority code'})`,
    );
  }
  if (typeof payload.sub !== 'string' || payload.sub === '')
    throw new UnauthenticatedError('token has no "sub" claim');
  return { subject: payload.sub, role, org };
}

/** A verified token is trusted again without re-checking its signature for at most this long. */
const CACHE_MS = 60_000;
const CACHE_ENTRIES = 10_000;

/**
 * Verifies `Authorization: Bearer <jwt>` against the configured JWKS URL or shared secret. A token that
 * verified is remembered (by its exact text) until it expires or for a minute, whichever is sooner, so a
 * client sending the same token on every request costs one signature check a minute, not one a request;
 * failures are never remembered. `now` is for tests.
 */
export function createTokenVerifier(
  tokens: ApiConfig['tokens'],
  now: () => number = Date.now,
): TokenVerifier {
  const verified = new Map<string, { readonly principal: Principal; readonly until: number }>();
  const remember = (token: string, principal: Principal, exp: number | undefined): void => {
    if (verified.size >= CACHE_ENTRIES) verified.clear();
    const until = Math.min(now() + CACHE_MS, exp === undefined ? Number.POSITIVE_INFINITY : exp * 1000);
    verified.set(token, { principal, until });
  };
  const key: Uint8Array | JWTVerifyGetKey =
    tokens.kind === 'jwks'
      ? createRemoteJWKSet(new URL(tokens.jwksUrl))
      : new TextEncoder().encode(tokens.secret);
  const algorithms = tokens.kind === 'jwks' ? ['RS256', 'ES256', 'PS256', 'EdDSA'] : ['HS256'];
  return async (authorization) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (match?.[1] === undefined)
      throw new UnauthenticatedError('missing bearer token: send "Authorization: Bearer <token>"');
    const known = verified.get(match[1]);
    if (known !== undefined && known.until > now()) return known.principal;
    verified.delete(match[1]);
    try {
      const options = {
        issuer: tokens.issuer,
        audience: tokens.audience,
        algorithms,
        currentDate: new Date(now()),
      };
      const { payload } =
        typeof key === 'function'
          ? await jwtVerify(match[1], key, options)
          : await jwtVerify(match[1], key, options);
      const principal = principalOf(payload);
      remember(match[1], principal, payload.exp);
      return principal;
    } catch (err) {
      if (err instanceof UnauthenticatedError) throw err;
      const why = err instanceof Error ? err.message : String(err);
      throw new UnauthenticatedError(`invalid bearer token: ${why}`, { cause: err });
    }
  };
}
