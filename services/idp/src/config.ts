import { envObject, fileText, list, parseConfig, port, url, type Env } from '@homefirst/runtime';
import { z } from 'zod';

const idpEnv = envObject({
  HOMEFIRST_IDP_PORT: port().default(8090),
  HOMEFIRST_IDP_HOST: z.string().default('127.0.0.1'),
  /** The issuer identifier the API is configured with; defaults to http://<host>:<port>. */
  HOMEFIRST_IDP_ISSUER: url(['http:', 'https:']).optional(),
  HOMEFIRST_IDP_CLIENT_ID: z.string().min(1).default('homefirst-board'),
  /** The confidential client's secret (the API's HOMEFIRST_OIDC_CLIENT_SECRET_FILE names the same file). */
  HOMEFIRST_IDP_CLIENT_SECRET_FILE: fileText('a file holding the client secret', true),
  /** The development users' shared password. */
  HOMEFIRST_IDP_PASSWORD_FILE: fileText('a file holding the development users’ password', true),
  HOMEFIRST_IDP_REDIRECT_URIS: list().default(['http://127.0.0.1:8080/auth/callback']),
  HOMEFIRST_IDP_POST_LOGOUT_REDIRECT_URIS: list().default(['http://127.0.0.1:8080/board']),
  HOMEFIRST_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  NODE_ENV: z.string().optional(),
});

export interface IdpConfig {
  readonly port: number;
  readonly host: string;
  readonly issuer: string;
  readonly client: {
    readonly id: string;
    readonly secret: string;
    readonly redirectUris: readonly string[];
    readonly postLogoutRedirectUris: readonly string[];
  };
  readonly password: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
}

export const idpConfigSchema = idpEnv
  .superRefine((e, ctx) => {
    if (e.NODE_ENV === 'production')
      ctx.addIssue({
        code: 'custom',
        path: ['NODE_ENV'],
        message: 'the development identity provider must not run with NODE_ENV=production',
      });
  })
  .transform((e): IdpConfig => ({
    port: e.HOMEFIRST_IDP_PORT,
    host: e.HOMEFIRST_IDP_HOST,
    issuer: e.HOMEFIRST_IDP_ISSUER ?? `http://${e.HOMEFIRST_IDP_HOST}:${e.HOMEFIRST_IDP_PORT}`,
    client: {
      id: e.HOMEFIRST_IDP_CLIENT_ID,
      secret: e.HOMEFIRST_IDP_CLIENT_SECRET_FILE,
      redirectUris: e.HOMEFIRST_IDP_REDIRECT_URIS,
      postLogoutRedirectUris: e.HOMEFIRST_IDP_POST_LOGOUT_REDIRECT_URIS,
    },
    password: e.HOMEFIRST_IDP_PASSWORD_FILE,
    logLevel: e.HOMEFIRST_LOG_LEVEL,
  }));

/** Parsed once in main; one ConfigError names every bad variable. */
export function loadIdpConfig(env: Env = process.env): IdpConfig {
  return parseConfig(idpConfigSchema, env);
}
