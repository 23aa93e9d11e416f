import { createHash } from 'node:crypto';
import { UnauthenticatedError } from '@homefirst/runtime';
import { EncryptJWT, errors, jwtDecrypt, type JWTPayload } from 'jose';
import { ROLES, type Principal, type Role } from './principal';

/**
 * Sealed cookies: the signed-in principal (and, during sign-in, the login transaction) as a JWE
 * (`dir` + A256GCM) under a key from the session key file — the browser can neither read nor alter them,
 * and each carries its own expiry. Nothing is kept on the server, so the API's read-only Redis user stays
 * read-only; the price is that a session cannot be revoked before it expires (hence a bounded lifetime).
 */
export interface Sealer {
  seal(claims: JWTPayload, ttlMs: number, purpose: string): Promise<string>;
  /** The claims, or UnauthenticatedError ("expired" or "invalid") naming `what` the text was. */
  open(text: string, purpose: string, what: string): Promise<JWTPayload>;
}

export function createSealer(secret: string, now: () => number = Date.now): Sealer {
  // A 256-bit key from the secret's text (at least 32 characters, checked by the config).
  const key = createHash('sha256').update(`homefirst-session:${secret}`).digest();
  return {
    seal: (claims, ttlMs, purpose) =>
      new EncryptJWT(claims)
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
        .setAudience(purpose)
        .setIssuedAt(Math.floor(now() / 1000))
        .setExpirationTime(Math.floor((now() + ttlMs) / 1000))
        .encrypt(key),
    open: async (text, purpose, what) => {
      try {
        const { payload } = await jwtDecrypt(text, key, {
          audience: purpose,
          currentDate: new Date(now()),
          clockTolerance: 0,
          keyManagementAlgorithms: ['dir'],
          contentEncryptionAlgorithms: ['A256GCM'],
        });
        return payload;
      } catch (err) {
        if (err instanceof errors.JWTExpired)
          throw new UnauthenticatedError(`${what} expired: sign in again`, { cause: err });
        throw new UnauthenticatedError(`${what} is invalid: sign in again`, { cause: err });
      }
    },
  };
}

const SESSION = 'homefirst-session';
const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

/** A signed-in person's session: seal it into the cookie's value, open it from one. */
export interface SessionCodec {
  readonly ttlMs: number;
  seal(principal: Principal): Promise<string>;
  /** Throws UnauthenticatedError (401) when the session is expired, tampered with or not one. */
  open(cookie: string): Promise<Principal>;
}

export function sessionCodec(sealer: Sealer, ttlMs: number): SessionCodec {
  return {
    ttlMs,
    seal: (p) => sealer.seal({ sub: p.subject, role: p.role, org: p.org }, ttlMs, SESSION),
    open: async (cookie) => {
      const claims = await sealer.open(cookie, SESSION, 'session');
      if (typeof claims.sub !== 'string' || !isRole(claims.role))
        throw new UnauthenticatedError('session is invalid: sign in again');
      return {
        subject: claims.sub,
        role: claims.role,
        org: typeof claims.org === 'string' ? claims.org : null,
      };
    },
  };
}
