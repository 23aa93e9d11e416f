import { ConfigError, DEVELOPMENT_API_TOKEN_SECRET, loadConfig, type HubConfig } from '@homefirst/runtime';
import { z } from 'zod';

const apiEnv = z.object({
  HOMEFIRST_API_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOMEFIRST_API_HOST: z.string().default('127.0.0.1'),
  /** Production: verify bearer tokens against the identity provider's JWKS. */
  HOMEFIRST_API_JWKS_URL: z.url().optional(),
  /** Development / single-node: a shared HS256 secret (what `homefirst token` signs with). */
  HOMEFIRST_API_TOKEN_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  HOMEFIRST_API_TOKEN_ISSUER: z.string().default('homefirst-dev'),
  HOMEFIRST_API_TOKEN_AUDIENCE: z.string().default('homefirst-api'),
  HOMEFIRST_READMODEL_NAMESPACE: z.string().default('rm:v1:'),
  HOMEFIRST_API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  HOMEFIRST_API_MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(200),
  HOMEFIRST_BED_DAY_COST_GBP: z.coerce.number().min(0).default(400),
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

/** The API's configuration: the hub's shared variables plus its own; errors name every bad variable. */
export function loadApiConfig(env: Readonly<Record<string, string | undefined>> = process.env): ApiConfig {
  const hub = loadConfig(env);
  const parsed = apiEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
    throw new ConfigError(`invalid API configuration — ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if (
    hub.nodeEnv === 'production' &&
    e.HOMEFIRST_API_JWKS_URL === undefined &&
    e.HOMEFIRST_API_TOKEN_SECRET === undefined
  ) {
    throw new ConfigError(
      'invalid API configuration — HOMEFIRST_API_JWKS_URL: required when NODE_ENV=production',
    );
  }
  if (hub.nodeEnv === 'production' && e.HOMEFIRST_API_TOKEN_SECRET === DEVELOPMENT_API_TOKEN_SECRET) {
    throw new ConfigError(
      'invalid API configuration — HOMEFIRST_API_TOKEN_SECRET: must not be the development value in production',
    );
  }
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
}
