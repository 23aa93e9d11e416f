import {
  DEVELOPMENT_PERSON_KEY_SECRET,
  composeConfig,
  duration,
  entries,
  envObject,
  integer,
  parseConfig,
  port,
  secret,
  type Env,
  type HubConfig,
} from '@homefirst/runtime';
import { z } from 'zod';
import { DEFAULT_COUNCIL_STEP_TOLERANCE_MS } from './events/order';
import { COUNCIL_CODE } from './record/council-record';

/**
 * The council connector's environment: runtime's HubConfig (Kafka, registry, Redis, person-key secret,
 * topic prefix, ops port …) plus the variables below. Parsed once in main; every problem is reported at
 * once, naming the variable (token values are never echoed).
 */
/** `E08000012:token,E08000013:token2` → token → council code. A council may have several tokens (rotation). */
const tokens = entries(':').transform((pairs, ctx): ReadonlyMap<string, string> => {
  const byToken = new Map<string, string>();
  for (const { position, key, value: token } of pairs) {
    const council = key.toUpperCase();
    if (!COUNCIL_CODE.test(council)) {
      ctx.addIssue({
        code: 'custom',
        message: `entry ${position} must start with an ONS council code and a colon, e.g. E08000012:<token>`,
      });
    } else if (token.length < 16) {
      ctx.addIssue({
        code: 'custom',
        message: `the token of ${council} (entry ${position}) must be at least 16 characters`,
      });
    } else if (byToken.has(token) && byToken.get(token) !== council) {
      ctx.addIssue({ code: 'custom', message: `entry ${position} reuses another council's token` });
    } else {
      byToken.set(token, council);
    }
  }
  if (pairs.length === 0) ctx.addIssue({ code: 'custom', message: 'must list at least one council:token' });
  return byToken;
});

const councilEnv = envObject({
  HOMEFIRST_COUNCIL_PORT: port().default(8089),
  HOMEFIRST_COUNCIL_HOST: z.string().min(1).default('0.0.0.0'),
  HOMEFIRST_COUNCIL_TOKENS: tokens.optional(),
  HOMEFIRST_COUNCIL_DROP_DIR: z.string().min(1).optional(),
  HOMEFIRST_COUNCIL_DROP_MAPPING: z.string().min(1).optional(),
  HOMEFIRST_COUNCIL_DROP_POLL_MS: integer(100, 3_600_000).default(2000),
  HOMEFIRST_COUNCIL_MAPPINGS_DIR: z.string().min(1).optional(),
  HOMEFIRST_COUNCIL_BATCH_SIZE: integer(1, 5000).default(500),
  HOMEFIRST_COUNCIL_MAX_IN_FLIGHT: integer(1, 64).default(4),
  HOMEFIRST_COUNCIL_MAX_RECORDS_PER_REQUEST: integer(1, 10_000).default(1000),
  HOMEFIRST_REDIS_KEY_PREFIX: z.string().default('homefirst:'),
  HOMEFIRST_COUNCIL_SEND_TIMEOUT_MS: integer(100, 600_000).default(30_000),
  HOMEFIRST_COUNCIL_STEP_TOLERANCE: duration()
    .refine((ms) => ms <= 30 * 24 * 3_600_000, { error: 'must be at most 720h' })
    .default(DEFAULT_COUNCIL_STEP_TOLERANCE_MS),
});

export interface CouncilSettings {
  readonly port: number;
  readonly host: string;
  /** Bearer token → the council it speaks for. Empty unless HOMEFIRST_COUNCIL_TOKENS is set. */
  readonly tokens: ReadonlyMap<string, string>;
  readonly dropDir: string | undefined;
  readonly dropMapping: string | undefined;
  readonly dropPollMs: number;
  readonly mappingsDir: string | undefined;
  readonly batchSize: number;
  readonly maxInFlight: number;
  readonly maxRecordsPerRequest: number;
  readonly redisKeyPrefix: string;
  /** How long a write may wait for Kafka's acknowledgement before the sender is told to retry (503 / exit 3). */
  readonly sendTimeoutMs: number;
  /** Steps of a referral or package out of order up to this are flagged, beyond it refused (events/order.ts). */
  readonly stepToleranceMs: number;
}

export interface CouncilConfig {
  readonly hub: HubConfig;
  readonly council: CouncilSettings;
}

/**
 * The council connector's schema. `serve` needs HOMEFIRST_COUNCIL_TOKENS (the REST endpoint is always on);
 * `ingest` does not.
 */
export const councilConfigSchema = (options: { readonly requireTokens: boolean }) =>
  composeConfig(councilEnv, (env, _hub, problem) => {
    if (options.requireTokens && env.HOMEFIRST_COUNCIL_TOKENS === undefined)
      problem('HOMEFIRST_COUNCIL_TOKENS', 'required to serve the REST endpoint (E08000012:<token>,…)');
  }).transform(({ hub, own: e }): CouncilConfig => ({
    hub,
    council: {
      port: e.HOMEFIRST_COUNCIL_PORT,
      host: e.HOMEFIRST_COUNCIL_HOST,
      tokens: e.HOMEFIRST_COUNCIL_TOKENS ?? new Map(),
      dropDir: e.HOMEFIRST_COUNCIL_DROP_DIR,
      dropMapping: e.HOMEFIRST_COUNCIL_DROP_MAPPING,
      dropPollMs: e.HOMEFIRST_COUNCIL_DROP_POLL_MS,
      mappingsDir: e.HOMEFIRST_COUNCIL_MAPPINGS_DIR,
      batchSize: e.HOMEFIRST_COUNCIL_BATCH_SIZE,
      maxInFlight: e.HOMEFIRST_COUNCIL_MAX_IN_FLIGHT,
      maxRecordsPerRequest: e.HOMEFIRST_COUNCIL_MAX_RECORDS_PER_REQUEST,
      redisKeyPrefix: e.HOMEFIRST_REDIS_KEY_PREFIX,
      sendTimeoutMs: e.HOMEFIRST_COUNCIL_SEND_TIMEOUT_MS,
      stepToleranceMs: e.HOMEFIRST_COUNCIL_STEP_TOLERANCE,
    },
  }));

/** Parses the environment once (in main); one ConfigError names every bad variable. */
export function loadCouncilConfig(env: Env, options: { readonly requireTokens: boolean }): CouncilConfig {
  return parseConfig(councilConfigSchema(options), env);
}

/** The offline feed checker's (`map`) environment: the person-key secret (development one unless set) and mappings. */
export const councilMapConfigSchema = envObject({
  HOMEFIRST_PERSON_KEY_SECRET: secret(32).optional(),
  HOMEFIRST_COUNCIL_MAPPINGS_DIR: z.string().min(1).optional(),
}).transform((e) => ({
  personKeySecret: e.HOMEFIRST_PERSON_KEY_SECRET ?? DEVELOPMENT_PERSON_KEY_SECRET,
  mappingsDir: e.HOMEFIRST_COUNCIL_MAPPINGS_DIR,
}));

export const loadCouncilMapConfig = (env: Env) => parseConfig(councilMapConfigSchema, env);
