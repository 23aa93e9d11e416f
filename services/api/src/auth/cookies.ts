import type { CookieSerializeOptions } from '@fastify/cookie';

/**
 * The sign-in cookies. HttpOnly (no script reads them), Secure and `__Host-` named when the site is https.
 * The session is SameSite=Strict: no other site's page can make the browser send it, which is the API's
 * CSRF protection (its one state-changing route, POST /auth/logout, also checks Origin). The login
 * transaction is SameSite=Lax because it must come back with the issuer's top-level redirect.
 */
export interface SignInCookies {
  readonly session: string;
  readonly login: string;
  options(sameSite: 'strict' | 'lax', maxAgeMs: number): CookieSerializeOptions;
}

export function signInCookies(secure: boolean): SignInCookies {
  const prefix = secure ? '__Host-' : '';
  return {
    session: `${prefix}homefirst-session`,
    login: `${prefix}homefirst-login`,
    options: (sameSite, maxAgeMs) => ({
      httpOnly: true,
      secure,
      sameSite,
      path: '/',
      maxAge: Math.floor(maxAgeMs / 1000),
    }),
  };
}
