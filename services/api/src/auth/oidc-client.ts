import { UnauthenticatedError, UnavailableError } from '@homefirst/runtime';
import * as oidc from 'openid-client';
import type { SignInConfig } from '../config';
import { principalFromClaims } from './claims';
import type { Principal } from './principal';

/** What must survive the round trip to the issuer (sealed in a short-lived cookie, never in the URL). */
export interface LoginTransaction {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  /** A path on this site to open after sign-in. */
  readonly returnTo: string;
}

export interface SignInClient {
  /** The issuer's authorization URL for a new login, and the transaction to keep for the callback. */
  begin(returnTo: string): Promise<{ readonly url: URL; readonly transaction: LoginTransaction }>;
  /** Exchanges the code (checking state, PKCE, ID token and nonce) and maps the claims to a principal. */
  complete(callbackUrl: URL, transaction: LoginTransaction): Promise<Principal>;
  /** Where to send the browser to end the issuer's session too, when the issuer supports it. */
  endSessionUrl(): Promise<URL | null>;
}

/**
 * The API as a confidential OpenID Connect client (backend-for-frontend) of the configured issuer, with
 * openid-client: discovery (retried on the next request if the issuer was down), authorization code with
 * PKCE S256, state and nonce, client_secret_basic at the token endpoint. Tokens are used once to make the
 * principal and then dropped: they never reach the browser, a URL or a log.
 */
export function createSignInClient(config: SignInConfig): SignInClient {
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = (): Promise<oidc.Configuration> => {
    discovered ??= oidc
      .discovery(
        new URL(config.issuer),
        config.clientId,
        undefined,
        oidc.ClientSecretBasic(config.clientSecret),
        // Plain http only for a loopback development issuer (production config requires https).
        config.issuer.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : {},
      )
      .catch((err: unknown) => {
        discovered = undefined;
        throw new UnavailableError(`identity provider discovery failed: ${reasonOf(err)}`, {
          dependency: 'identity provider',
          cause: err,
        });
      });
    return discovered;
  };

  return {
    begin: async (returnTo) => {
      const issuer = await configuration();
      const transaction: LoginTransaction = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
        returnTo,
      };
      const url = oidc.buildAuthorizationUrl(issuer, {
        redirect_uri: config.redirectUri,
        scope: config.scopes,
        code_challenge: await oidc.calculatePKCECodeChallenge(transaction.codeVerifier),
        code_challenge_method: 'S256',
        state: transaction.state,
        nonce: transaction.nonce,
      });
      return { url, transaction };
    },
    complete: async (callbackUrl, transaction) => {
      const issuer = await configuration();
      let claims: Record<string, unknown>;
      try {
        const tokens = await oidc.authorizationCodeGrant(issuer, callbackUrl, {
          pkceCodeVerifier: transaction.codeVerifier,
          expectedState: transaction.state,
          expectedNonce: transaction.nonce,
          idTokenExpected: true,
        });
        const idToken = tokens.claims();
        if (idToken === undefined)
          throw new UnauthenticatedError('sign-in failed: the issuer sent no ID token');
        claims = { ...idToken };
        if (config.userinfo) {
          const userinfo = await oidc.fetchUserInfo(issuer, tokens.access_token, idToken.sub);
          claims = { ...userinfo, ...idToken };
        }
      } catch (err) {
        if (err instanceof UnauthenticatedError) throw err;
        throw new UnauthenticatedError(`sign-in failed: ${reasonOf(err)}`, { cause: err });
      }
      return principalFromClaims(claims, config.claimMapping);
    },
    endSessionUrl: async () => {
      const issuer = await configuration();
      if (issuer.serverMetadata().end_session_endpoint === undefined) return null;
      return oidc.buildEndSessionUrl(issuer, {
        client_id: config.clientId,
        ...(config.postLogoutRedirectUri !== null && {
          post_logout_redirect_uri: config.postLogoutRedirectUri,
        }),
      });
    },
  };
}

/** The reason of an openid-client failure, without response bodies or tokens. */
function reasonOf(err: unknown): string {
  if (err instanceof oidc.AuthorizationResponseError) return `the issuer answered ${err.error}`;
  if (err instanceof oidc.ResponseBodyError) return `the issuer answered ${err.error} (HTTP ${err.status})`;
  return err instanceof Error ? err.message : String(err);
}
