import { envObject, fileText, list, parseConfig, port, url, type Env } from '@homefirst/runtime';
import { z } from 'zod';
import { DEMO_CITY_ORGS, devUsers, type DevUser } from './users';

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
  /** The trust user's organisation (ODS code); default the demo city's trust. */
  HOMEFIRST_IDP_TRUST_ORG: z
    .string()
    .regex(/^[A-Z0-9]{3,6}$/, 'an ODS code (3 to 6 capital letters or digits)')
    .default(DEMO_CITY_ORGS.trust),
  /** The council user's organisation (ONS local authority code); default the demo city's council. */
  HOMEFIRST_IDP_COUNCIL_ORG: z
    .string()
    .regex(/^[EWSN]\d{8}$/, 'an ONS local authority code (E08000012)')
    .default(DEMO_CITY_ORGS.council),
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
  /** Who can sign in: one user per role, the trust and council users scoped to the configured organisations. */
  readonly users: readonly DevUser[];
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
    users: devUsers({ trust: e.HOMEFIRST_IDP_TRUST_ORG, council: e.HOMEFIRST_IDP_COUNCIL_ORG }),
    logLevel: e.HOMEFIRST_LOG_LEVEL,
  }));

/** Parsed once in main; one ConfigError names every bad variable. */
export function loadIdpConfig(env: Env = process.env): IdpConfig {
  return parseConfig(idpConfigSchema, env);
}
