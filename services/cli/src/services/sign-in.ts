import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackSettings } from '../stack/settings';

/**
 * The local hub's sign-in: the development identity provider (services/idp) on 8090 and the API as its
 * client. Its secrets are files under .hub/oidc/, made once with random values (never in code or
 * logs): the client secret both sides share, the key that seals the API's session cookies, and the
 * development users' password.
 */
export const DEV_IDP_PORT = 8090;
export const DEV_IDP_ISSUER = `http://127.0.0.1:${DEV_IDP_PORT}`;
export const DEV_CLIENT_ID = 'homefirst-board';
const API_ORIGIN = 'http://127.0.0.1:8080';

export const signInDir = (s: StackSettings): string => join(s.hubDir, 'oidc');
export const signInFiles = (s: StackSettings) => ({
  clientSecret: join(signInDir(s), 'client-secret'),
  sessionKey: join(signInDir(s), 'session-key'),
  userPassword: join(signInDir(s), 'user-password'),
});

/** Makes the missing secret files (0600); existing ones are kept, so sessions survive a restart. */
export function ensureSignInSecrets(s: StackSettings): void {
  mkdirSync(signInDir(s), { recursive: true, mode: 0o700 });
  const files = signInFiles(s);
  for (const [path, bytes] of [
    [files.clientSecret, 32],
    [files.sessionKey, 32],
    [files.userPassword, 12],
  ] as const)
    if (!existsSync(path))
      writeFileSync(path, `${randomBytes(bytes).toString('base64url')}\n`, { mode: 0o600 });
}

/** The development identity provider's environment under `homefirst up`. */
export const devIdpEnv = (s: StackSettings): Record<string, string> => ({
  HOMEFIRST_IDP_CLIENT_SECRET_FILE: signInFiles(s).clientSecret,
  HOMEFIRST_IDP_PASSWORD_FILE: signInFiles(s).userPassword,
});

/** The API's sign-in environment under `homefirst up`: the development issuer and the shared files. */
export const apiSignInEnv = (s: StackSettings): Record<string, string> => ({
  HOMEFIRST_OIDC_ISSUER: DEV_IDP_ISSUER,
  HOMEFIRST_OIDC_CLIENT_ID: DEV_CLIENT_ID,
  HOMEFIRST_OIDC_CLIENT_SECRET_FILE: signInFiles(s).clientSecret,
  HOMEFIRST_OIDC_REDIRECT_URI: `${API_ORIGIN}/auth/callback`,
  HOMEFIRST_OIDC_POST_LOGOUT_REDIRECT_URI: `${API_ORIGIN}/board`,
  HOMEFIRST_API_SESSION_KEY_FILE: signInFiles(s).sessionKey,
});
