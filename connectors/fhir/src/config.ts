import {
  DEFAULT_MAX_INPUT_BYTES,
  DEVELOPMENT_PERSON_KEY_SECRET,
  composeConfig,
  duration,
  entries,
  envObject,
  got,
  integer,
  list,
  parseConfig,
  port,
  secret,
  url,
  type Env,
  type HubConfig,
  clockSkewToleranceShape,
} from '@homefirst/runtime';
import { parseLocalDelayReasonCodes, type DelayReason } from '@homefirst/schemas';
import { z } from 'zod';
import { DEFAULT_EXTENSION_URLS, type ExtensionUrls } from './mapping/extensions';

/**
 * The FHIR connector's environment: the runtime's (Kafka, registry, Redis, log level, ops port, person-key
 * secret, topic prefix) plus its own HOMEFIRST_FHIR_* variables. Parsed once in `main`; one ConfigError
 * lists every bad variable by name with what it must be (secrets are never echoed).
 */

const ODS = /^[A-Z0-9]{3,10}$/;

/** `ODS:secret` pairs; secrets are at least 16 characters and never echoed in errors. */
const tokenList = entries(':').transform((pairs, ctx) => {
  const tokens = new Map<string, string>();
  for (const { position, key, value: token } of pairs) {
    const ods = key.toUpperCase();
    if (!ODS.test(ods) || token.length < 16) {
      ctx.addIssue({
        code: 'custom',
        message: `entry ${position} must be ODS:token (an ODS code such as RXN, a token of at least 16 characters)`,
      });
    } else if (tokens.has(token)) {
      ctx.addIssue({
        code: 'custom',
        message: `entry ${position} repeats a token: each trust needs its own`,
      });
    } else tokens.set(token, ods);
  }
  if (pairs.length === 0) ctx.addIssue({ code: 'custom', message: 'must list at least one ODS:token' });
  return tokens;
});

/** A URL without trailing slashes (a loop, not `/\/+$/`, whose time grows with the square of the slashes). */
const withoutTrailingSlashes = (url: string): string => {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end -= 1;
  return url.slice(0, end);
};

/** `ODS=https://…` pairs: the FHIR server of each trust, for id-only Subscription notifications. */
const baseUrlList = entries('=').transform((pairs, ctx) => {
  const urls = new Map<string, string>();
  for (const { position, key, value: url, text } of pairs) {
    const ods = key.toUpperCase();
    if (!ODS.test(ods) || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
      ctx.addIssue({ code: 'custom', message: `entry ${position} must be ODS=http(s)://… ${got(text)}` });
    else urls.set(ods, withoutTrailingSlashes(url));
  }
  return urls;
});

/** `ODS=token` pairs: the bearer token to read each trust's FHIR server with. */
const secretList = entries('=').transform((pairs, ctx) => {
  const secrets = new Map<string, string>();
  for (const { position, key, value } of pairs) {
    const ods = key.toUpperCase();
    if (!ODS.test(ods) || value === '')
      ctx.addIssue({ code: 'custom', message: `entry ${position} must be ODS=token` });
    else secrets.set(ods, value);
  }
  return secrets;
});

/** `LOCAL=HUB_CODE,…` — the trusts' own delay-reason codes (docs/delay-reasons.md), checked at startup. */
const delayReasonCodes = z.string().transform((text, ctx): ReadonlyMap<string, DelayReason> => {
  const { map, problems } = parseLocalDelayReasonCodes(text);
  for (const problem of problems) ctx.addIssue({ code: 'custom', message: problem });
  return problems.length > 0 ? z.NEVER : map;
});

/** What parsing a resource needs: shared by `serve`, `pull` and the offline `map`, so map reads as live does. */
const parseShape = {
  HOMEFIRST_FHIR_MRN_SYSTEMS: list().default([]),
  HOMEFIRST_FHIR_READINESS_EXTENSION_URLS: list().default([]),
  HOMEFIRST_FHIR_EDD_EXTENSION_URLS: list().default([]),
  HOMEFIRST_FHIR_PATHWAY_EXTENSION_URLS: list().default([]),
  HOMEFIRST_FHIR_DELAY_REASON_CODES: delayReasonCodes.optional(),
  ...clockSkewToleranceShape,
};

const parseSettingsOf = (e: z.output<z.ZodObject<typeof parseShape>>) => ({
  mrnSystems: e.HOMEFIRST_FHIR_MRN_SYSTEMS,
  clockSkewToleranceMs: e.HOMEFIRST_CLOCK_SKEW_TOLERANCE,
  ...(e.HOMEFIRST_FHIR_DELAY_REASON_CODES !== undefined && {
    delayReasonCodes: e.HOMEFIRST_FHIR_DELAY_REASON_CODES,
  }),
  extensionUrls: {
    dischargeReadiness: [
      ...DEFAULT_EXTENSION_URLS.dischargeReadiness,
      ...e.HOMEFIRST_FHIR_READINESS_EXTENSION_URLS,
    ],
    expectedDischargeDate: [
      ...DEFAULT_EXTENSION_URLS.expectedDischargeDate,
      ...e.HOMEFIRST_FHIR_EDD_EXTENSION_URLS,
    ],
    dischargePathway: [
      ...DEFAULT_EXTENSION_URLS.dischargePathway,
      ...e.HOMEFIRST_FHIR_PATHWAY_EXTENSION_URLS,
    ],
  } satisfies ExtensionUrls,
});

const fhirEnvShape = {
  HOMEFIRST_FHIR_HOST: z.string().default('0.0.0.0'),
  HOMEFIRST_FHIR_PORT: port().default(8088),
  // A body must fit in one Kafka message as its raw record (runtime's DEFAULT_MAX_INPUT_BYTES).
  HOMEFIRST_FHIR_MAX_BODY_BYTES: integer(1024, 100 * 1024 * 1024).default(DEFAULT_MAX_INPUT_BYTES),
  HOMEFIRST_FHIR_PUBLISH_TIMEOUT_MS: integer(100, 120_000).default(10_000),
  HOMEFIRST_FHIR_TOKENS: tokenList.optional(),
  ...parseShape,
  HOMEFIRST_FHIR_SOURCE_BASE_URLS: baseUrlList.default(new Map()),
  HOMEFIRST_FHIR_SOURCE_TOKENS: secretList.default(new Map()),
  HOMEFIRST_FHIR_REDIS_PREFIX: z.string().default('homefirst:fhir:'),
  HOMEFIRST_FHIR_PULL_BASE_URL: url(['http:', 'https:']).optional(),
  HOMEFIRST_FHIR_PULL_ODS: z
    .string()
    .transform((s) => s.trim().toUpperCase())
    .refine((s) => ODS.test(s), { error: 'must be an ODS code (3-10 letters and digits, e.g. RXN)' })
    .optional(),
  HOMEFIRST_FHIR_PULL_TOKEN: z.string().optional(),
  HOMEFIRST_FHIR_PULL_INTERVAL: duration().default(60_000),
  HOMEFIRST_FHIR_PULL_PAGE_SIZE: integer(1, 1000).default(100),
  HOMEFIRST_FHIR_PULL_OVERLAP: duration().default(60_000),
};

/** The connector's own variables (the runtime's are parsed by its configSchema). */
export const fhirEnvSchema = envObject(fhirEnvShape);

export interface FhirConfig extends HubConfig {
  readonly fhir: {
    readonly host: string;
    readonly port: number;
    readonly maxBodyBytes: number;
    readonly publishTimeoutMs: number;
    /** token → ODS code of the trust it was issued to. */
    readonly tokens: ReadonlyMap<string, string>;
    readonly mrnSystems: readonly string[];
    readonly extensionUrls: ExtensionUrls;
    /** HOMEFIRST_CLOCK_SKEW_TOLERANCE: times of one Encounter out of order up to this are flagged, beyond refused. */
    readonly clockSkewToleranceMs: number;
    /** HOMEFIRST_FHIR_DELAY_REASON_CODES: local delay-reason codes → hub codes (absent: none). */
    readonly delayReasonCodes?: ReadonlyMap<string, DelayReason>;
    /** ODS → base URL of the trust's FHIR server, to read id-only notifications from. */
    readonly sourceBaseUrls: ReadonlyMap<string, string>;
    readonly sourceTokens: ReadonlyMap<string, string>;
    /** Prefix of every Redis key the connector writes (identity index, dedupe, spells, checkpoints). */
    readonly redisPrefix: string;
  };
  readonly pull: {
    readonly baseUrl: string | undefined;
    readonly ods: string | undefined;
    readonly token: string | undefined;
    readonly intervalMs: number;
    readonly pageSize: number;
    readonly overlapMs: number;
  };
}

/** What the command about to run needs on top of the defaults (`tool`: remap and redrive, nothing more). */
export type FhirCommand = 'serve' | 'pull' | 'tool';

/**
 * Parses the environment for `serve` or `pull`. Throws one ConfigError naming every bad variable, e.g.
 * "HOMEFIRST_FHIR_TOKENS: required to serve: every call is authenticated (ODS:token,…)".
 */
export const fhirConfigSchema = (command: FhirCommand) =>
  composeConfig(fhirEnvSchema, (e, _hub, problem) => {
    if (command === 'serve' && e.HOMEFIRST_FHIR_TOKENS === undefined)
      problem('HOMEFIRST_FHIR_TOKENS', 'required to serve: every call is authenticated (ODS:token,…)');
    if (command === 'pull' && e.HOMEFIRST_FHIR_PULL_BASE_URL === undefined)
      problem('HOMEFIRST_FHIR_PULL_BASE_URL', 'required to pull (or --base): the trust FHIR server');
    if (command === 'pull' && e.HOMEFIRST_FHIR_PULL_ODS === undefined)
      problem('HOMEFIRST_FHIR_PULL_ODS', 'required to pull (or --ods): the ODS code of the trust');
  }).transform(({ hub, own: e }): FhirConfig => ({
    ...hub,
    fhir: {
      host: e.HOMEFIRST_FHIR_HOST,
      port: e.HOMEFIRST_FHIR_PORT,
      maxBodyBytes: e.HOMEFIRST_FHIR_MAX_BODY_BYTES,
      publishTimeoutMs: e.HOMEFIRST_FHIR_PUBLISH_TIMEOUT_MS,
      tokens: e.HOMEFIRST_FHIR_TOKENS ?? new Map(),
      ...parseSettingsOf(e),
      sourceBaseUrls: e.HOMEFIRST_FHIR_SOURCE_BASE_URLS,
      sourceTokens: e.HOMEFIRST_FHIR_SOURCE_TOKENS,
      redisPrefix: e.HOMEFIRST_FHIR_REDIS_PREFIX,
    },
    pull: {
      baseUrl:
        e.HOMEFIRST_FHIR_PULL_BASE_URL === undefined
          ? undefined
          : withoutTrailingSlashes(e.HOMEFIRST_FHIR_PULL_BASE_URL),
      ods: e.HOMEFIRST_FHIR_PULL_ODS,
      token: e.HOMEFIRST_FHIR_PULL_TOKEN,
      intervalMs: e.HOMEFIRST_FHIR_PULL_INTERVAL,
      pageSize: e.HOMEFIRST_FHIR_PULL_PAGE_SIZE,
      overlapMs: e.HOMEFIRST_FHIR_PULL_OVERLAP,
    },
  }));

/**
 * Parses the environment for `serve` or `pull`. Throws one ConfigError naming every bad variable, e.g.
 * "HOMEFIRST_FHIR_TOKENS: required to serve: every call is authenticated (ODS:token,…)".
 */
export function loadFhirConfig(env: Env, command: FhirCommand): FhirConfig {
  return parseConfig(fhirConfigSchema(command), env);
}

/** The offline feed checker's (`map`) environment: the person-key secret (development one unless set) and the parse settings. */
export const fhirMapConfigSchema = envObject({
  ...parseShape,
  HOMEFIRST_PERSON_KEY_SECRET: secret(32).optional(),
}).transform((e) => ({
  personKeySecret: e.HOMEFIRST_PERSON_KEY_SECRET ?? DEVELOPMENT_PERSON_KEY_SECRET,
  ...parseSettingsOf(e),
}));

export const loadFhirMapConfig = (env: Env) => parseConfig(fhirMapConfigSchema, env);
