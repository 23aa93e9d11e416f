import type { SignInConfig } from '../config';
import { signInCookies, type SignInCookies } from './cookies';
import { createSignInClient, type SignInClient } from './oidc-client';
import { createSealer, sessionCodec, type Sealer, type SessionCodec } from './session';

/** Everything sign-in needs, made once from its config: the OIDC client, the cookie sealer and names. */
export interface SignIn {
  readonly config: SignInConfig;
  readonly client: SignInClient;
  readonly sealer: Sealer;
  readonly sessions: SessionCodec;
  readonly cookies: SignInCookies;
}

export function createSignIn(config: SignInConfig, now: () => number = Date.now): SignIn {
  const sealer = createSealer(config.sessionKey, now);
  return {
    config,
    client: createSignInClient(config),
    sealer,
    sessions: sessionCodec(sealer, config.sessionTtlMs),
    cookies: signInCookies(config.secureCookies),
  };
}
