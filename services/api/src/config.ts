import {
  DEVELOPMENT_API_TOKEN_SECRET,
  composeConfig,
  envObject,
  integer,
  number,
  parseConfig,
  port,
  secret,
  url,
  type Env,
  type HubConfig,
} from '@homefirst/runtime';
import { z } from 'zod';

const apiEnv = envObject({
  HOMEFIRST_API_PORT: port().default(8080),
  HOMEFIRST_API_HOST: z.string().default('127.0.0.1'),
  /** Production: verify bearer tokens against the identity provider's JWKS. */
  HOMEFIRST_API_JWKS_URL: url(['http:', 'https:']).optional(),
  /** Development / single-node: a shared HS256 secret (what `homefirst token` signs with). */
  HOMEFIRST_API_TOKEN_SECRET: secret(32).optional(),
  HOMEFIRST_API_TOKEN_ISSUER: z.string().default('homefirst-dev'),
  HOMEFIRST_API_TOKEN_AUDIENCE: z.string().default('homefirst-api'),
  HOMEFIRST_READMODEL_NAMESPACE: z.string().default('rm:v1:'),
  HOMEFIRST_API_RATE_LIMIT_PER_MINUTE: integer(1, 1_000_000).default(600),
  HOMEFIRST_API_MAX_PAGE_SIZE: integer(1, 1000).default(200),
  HOMEFIRST_BED_DAY_COST_GBP: number('(£ per excess bed day)', 0, 1_000_000).default(400),
});

export interface ApiConfig {
  readonly hub: HubConfig;
  readonly port: number;
  readonly host: string;
  readonly tokens:
    | { readonly kind: 'jwks'; readonly jwksUrl: string; readonly issuer: string; readonly audience: string }
    | {
        readonly kind: 'secret';
        readonly secret: string;
        readonly issuer: string;
        readonly audience: string;
      };
  readonly readModelNamespace: string;
  readonly rateLimitPerMinute: number;
  readonly maxPageSize: number;
  readonly bedDayCostGbp: number;
}

/** The API's schema: the hub's common one plus its own variables, with the production token rules. */
export const apiConfigSchema = composeConfig(apiEnv, (e, hub, problem) => {
  if (hub?.nodeEnv !== 'production') return;
  if (e.HOMEFIRST_API_JWKS_URL === undefined && e.HOMEFIRST_API_TOKEN_SECRET === undefined)
    problem('HOMEFIRST_API_JWKS_URL', 'required when NODE_ENV=production');
  if (e.HOMEFIRST_API_TOKEN_SECRET === DEVELOPMENT_API_TOKEN_SECRET)
    problem('HOMEFIRST_API_TOKEN_SECRET', 'must not be the development value in production');
}).transform(({ hub, own: e }): ApiConfig => {
  const issuer = e.HOMEFIRST_API_TOKEN_ISSUER;
  const audience = e.HOMEFIRST_API_TOKEN_AUDIENCE;
  return {
    hub,
    port: e.HOMEFIRST_API_PORT,
    host: e.HOMEFIRST_API_HOST,
    tokens:
      e.HOMEFIRST_API_JWKS_URL !== undefined
        ? { kind: 'jwks', jwksUrl: e.HOMEFIRST_API_JWKS_URL, issuer, audience }
        : {
            kind: 'secret',
            secret: e.HOMEFIRST_API_TOKEN_SECRET ?? DEVELOPMENT_API_TOKEN_SECRET,
            issuer,
            audience,
          },
    readModelNamespace: e.HOMEFIRST_READMODEL_NAMESPACE,
    rateLimitPerMinute: e.HOMEFIRST_API_RATE_LIMIT_PER_MINUTE,
    maxPageSize: e.HOMEFIRST_API_MAX_PAGE_SIZE,
    bedDayCostGbp: e.HOMEFIRST_BED_DAY_COST_GBP,
  };
});

/** The API's configuration, parsed once in main; one ConfigError names every bad variable. */
export function loadApiConfig(env: Env = process.env): ApiConfig {
  return parseConfig(apiConfigSchema, env);
}
