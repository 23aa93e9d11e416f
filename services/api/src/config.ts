import {
  DEVELOPMENT_API_TOKEN_SECRET,
  composeConfig,
  duration,
  entries,
  envObject,
  fileText,
  flag,
  integer,
  list,
  number,
  parseConfig,
  port,
  secret,
  url,
  type Env,
  type HubConfig,
} from '@homefirst/runtime';
import {
  HUB_DELAY_REASON_CODES,
  parseTable5ReasonMap,
  readModels,
  type DelayReason,
} from '@homefirst/schemas';
import { z } from 'zod';
import type { ClaimMapping } from './auth/claims';
import { ROLES, type Role } from './auth/principal';

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
  /** Days past the DRD from which a person is in the long-delay cohort (NHS England 2025/26: 21). */
  HOMEFIRST_LONG_DELAY_DAYS: integer(1, 365).default(readModels.DEFAULT_VIEW_CONFIG.longDelayDays),
  /** The delay reasons counted as internal (docs/delay-attribution.md); default the Hospital process family. */
  HOMEFIRST_INTERNAL_DELAY_REASONS: list()
    .default([...readModels.INTERNAL_DELAY_REASONS])
    .superRefine((reasons, context) => {
      const unknown = reasons.filter((reason) => !readModels.QUEUE_REASONS.includes(reason as never));
      if (unknown.length > 0)
        context.addIssue({
          code: 'custom',
          message: `not delay reasons of the hub: ${unknown.join(', ')} (see docs/delay-attribution.md)`,
        });
    }),
  /**
   * `OLD=CURRENT,…`: where a local system counts a Table 5 code under another current reason than the hub's
   * default (docs/delay-reasons.md), e.g. `AWAITING_DIAGNOSTIC_TEST=AWAITING_DISCHARGE_LETTER`.
   */
  HOMEFIRST_TABLE5_REASON_MAP: z
    .string()
    .default('')
    .transform((text, context): ReadonlyMap<DelayReason, DelayReason> => {
      const { map, problems } = parseTable5ReasonMap(text, HUB_DELAY_REASON_CODES);
      for (const problem of problems) context.addIssue({ code: 'custom', message: problem });
      return problems.length > 0 ? z.NEVER : map;
    }),
  /** The system's own pathway targets, e.g. `P0=0.6,P1=0.3,P2=0.08,P3=0.02` (none by default). */
  HOMEFIRST_PATHWAY_TARGETS: z
    .string()
    .default('')
    .transform((text, context): readModels.PathwayTargets => {
      try {
        return readModels.parsePathwayTargets(text);
      } catch (err) {
        context.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
        return z.NEVER;
      }
    }),
  // Sign-in for people (OpenID Connect, docs/sign-in.md); off unless an issuer is named.
  HOMEFIRST_OIDC_ISSUER: url(['http:', 'https:']).optional(),
  HOMEFIRST_OIDC_CLIENT_ID: z.string().min(1).optional(),
  HOMEFIRST_OIDC_CLIENT_SECRET_FILE: fileText('a file holding the OIDC client secret', true).optional(),
  /** Where the issuer sends the browser back: this API's /auth/callback as the browser reaches it. */
  HOMEFIRST_OIDC_REDIRECT_URI: url(['http:', 'https:']).optional(),
  HOMEFIRST_OIDC_POST_LOGOUT_REDIRECT_URI: url(['http:', 'https:']).optional(),
  HOMEFIRST_OIDC_SCOPES: z.string().default('openid profile homefirst'),
  HOMEFIRST_OIDC_CLAIMS: z.enum(['claims', 'cis2']).default('claims'),
  HOMEFIRST_OIDC_ROLE_CLAIM: z.string().min(1).default('role'),
  HOMEFIRST_OIDC_ORG_CLAIM: z.string().min(1).default('org'),
  /** `issuer value=hub role` entries, e.g. `Homefirst.Trust=trust,R8000=trust`. */
  HOMEFIRST_OIDC_ROLE_MAP: entries('=').default([]),
  /** Also read the userinfo endpoint's claims (CIS2 puts nhsid_nrbac_roles there). */
  HOMEFIRST_OIDC_USERINFO: flag().default(false),
  /** The key that seals session and sign-in cookies (at least 32 characters). */
  HOMEFIRST_API_SESSION_KEY_FILE: fileText('a file holding the session key', true).optional(),
  HOMEFIRST_API_SESSION_TTL: duration().default(8 * 3_600_000),
});

const MINIMUM_SESSION_KEY_LENGTH = 32;

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
  readonly pathwayTargets: readModels.PathwayTargets;
  readonly longDelayDays: number;
  readonly internalReasons: readonly string[];
  /** HOMEFIRST_TABLE5_REASON_MAP: Table 5 codes counted under another current reason than the default. */
  readonly table5ReasonMap: ReadonlyMap<DelayReason, DelayReason>;
  /** Sign-in with OpenID Connect; null when no issuer is configured (bearer tokens only). */
  readonly signIn: SignInConfig | null;
}

export interface SignInConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly postLogoutRedirectUri: string | null;
  readonly scopes: string;
  readonly claimMapping: ClaimMapping;
  readonly userinfo: boolean;
  readonly sessionKey: string;
  readonly sessionTtlMs: number;
  /** Cookies marked Secure (and `__Host-` named): when the redirect URI is https. */
  readonly secureCookies: boolean;
}

const isRole = (v: string): v is Role => (ROLES as readonly string[]).includes(v);

/** The API's schema: the hub's common one plus its own variables, with the production token rules. */
export const apiConfigSchema = composeConfig(apiEnv, (e, hub, problem) => {
  if (e.HOMEFIRST_OIDC_ISSUER !== undefined) {
    if (e.HOMEFIRST_OIDC_CLIENT_ID === undefined)
      problem('HOMEFIRST_OIDC_CLIENT_ID', 'required when HOMEFIRST_OIDC_ISSUER is set');
    if (e.HOMEFIRST_OIDC_CLIENT_SECRET_FILE === undefined)
      problem('HOMEFIRST_OIDC_CLIENT_SECRET_FILE', 'required when HOMEFIRST_OIDC_ISSUER is set');
    if (e.HOMEFIRST_API_SESSION_KEY_FILE === undefined)
      problem('HOMEFIRST_API_SESSION_KEY_FILE', 'required when HOMEFIRST_OIDC_ISSUER is set');
    else if (e.HOMEFIRST_API_SESSION_KEY_FILE.length < MINIMUM_SESSION_KEY_LENGTH)
      problem(
        'HOMEFIRST_API_SESSION_KEY_FILE',
        `the key must be at least ${MINIMUM_SESSION_KEY_LENGTH} characters (got ${e.HOMEFIRST_API_SESSION_KEY_FILE.length})`,
      );
    for (const entry of e.HOMEFIRST_OIDC_ROLE_MAP)
      if (entry.key === '' || !isRole(entry.value))
        problem(
          'HOMEFIRST_OIDC_ROLE_MAP',
          `entry ${entry.position} must be "issuer value=hub role" with a role of ${ROLES.join(', ')}`,
        );
    if (e.HOMEFIRST_OIDC_CLAIMS === 'cis2' && e.HOMEFIRST_OIDC_ROLE_MAP.length === 0)
      problem(
        'HOMEFIRST_OIDC_ROLE_MAP',
        'required when HOMEFIRST_OIDC_CLAIMS=cis2 (CIS2 role codes → hub roles)',
      );
  }
  if (hub?.nodeEnv !== 'production') return;
  if (e.HOMEFIRST_OIDC_ISSUER?.startsWith('http:') === true)
    problem('HOMEFIRST_OIDC_ISSUER', 'must be https when NODE_ENV=production');
  if (e.HOMEFIRST_OIDC_ISSUER !== undefined && e.HOMEFIRST_OIDC_REDIRECT_URI?.startsWith('https:') !== true)
    problem('HOMEFIRST_OIDC_REDIRECT_URI', 'must be https when NODE_ENV=production');
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
    pathwayTargets: e.HOMEFIRST_PATHWAY_TARGETS,
    longDelayDays: e.HOMEFIRST_LONG_DELAY_DAYS,
    internalReasons: e.HOMEFIRST_INTERNAL_DELAY_REASONS,
    table5ReasonMap: e.HOMEFIRST_TABLE5_REASON_MAP,
    signIn: signInOf(e),
  };
});

function signInOf(e: z.output<typeof apiEnv>): SignInConfig | null {
  const issuer = e.HOMEFIRST_OIDC_ISSUER;
  const clientId = e.HOMEFIRST_OIDC_CLIENT_ID;
  const clientSecret = e.HOMEFIRST_OIDC_CLIENT_SECRET_FILE;
  const sessionKey = e.HOMEFIRST_API_SESSION_KEY_FILE;
  // The cross-checks above reported what is missing.
  if (
    issuer === undefined ||
    clientId === undefined ||
    clientSecret === undefined ||
    sessionKey === undefined
  )
    return null;
  const roleMap = new Map<string, Role>(
    e.HOMEFIRST_OIDC_ROLE_MAP.flatMap((entry) => (isRole(entry.value) ? [[entry.key, entry.value]] : [])),
  );
  const redirectUri =
    e.HOMEFIRST_OIDC_REDIRECT_URI ?? `http://${e.HOMEFIRST_API_HOST}:${e.HOMEFIRST_API_PORT}/auth/callback`;
  return {
    issuer,
    clientId,
    clientSecret,
    redirectUri,
    postLogoutRedirectUri: e.HOMEFIRST_OIDC_POST_LOGOUT_REDIRECT_URI ?? null,
    scopes: e.HOMEFIRST_OIDC_SCOPES,
    claimMapping:
      e.HOMEFIRST_OIDC_CLAIMS === 'cis2'
        ? { kind: 'cis2', roleMap }
        : {
            kind: 'claims',
            roleClaim: e.HOMEFIRST_OIDC_ROLE_CLAIM,
            orgClaim: e.HOMEFIRST_OIDC_ORG_CLAIM,
            roleMap,
          },
    userinfo: e.HOMEFIRST_OIDC_USERINFO,
    sessionKey,
    sessionTtlMs: e.HOMEFIRST_API_SESSION_TTL,
    secureCookies: redirectUri.startsWith('https:'),
  };
}

/** The API's configuration, parsed once in main; one ConfigError names every bad variable. */
export function loadApiConfig(env: Env = process.env): ApiConfig {
  return parseConfig(apiConfigSchema, env);
}
