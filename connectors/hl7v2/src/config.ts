import {
  DEFAULT_MAX_INPUT_BYTES,
  DEVELOPMENT_PERSON_KEY_SECRET,
  composeConfig,
  envObject,
  flag,
  got,
  integer,
  nhsNumberPolicyOf,
  nhsNumberPolicyShape,
  oneOf,
  parseConfig,
  port,
  secret,
  type Env,
  type HubConfig,
  clockSkewToleranceShape,
} from '@homefirst/runtime';
import { isKnownTimeZone, parseLocalDelayReasonCodes, type DelayReason } from '@homefirst/schemas';
import { z } from 'zod';
import {
  DEFAULT_MAPPING_SETTINGS,
  DEFAULT_READINESS_OBX_CODES,
  type MappingSettings,
  type ReadinessObxCodes,
} from './mapping/settings';
import { CERTIFICATE_ORG_ATTRIBUTES, type MllpTlsSettings } from './mllp/tls';

/**
 * The connector's environment: runtime's hub config (Kafka, registry, Redis, personKey secret, topic
 * prefix, log level, ops port) plus the HL7/MLLP variables below. Parsed once in `main`; an error names
 * every bad variable and what it accepts.
 */

const odsCode = z
  .string()
  .transform((text) => text.trim().toUpperCase())
  .refine((text) => /^[A-Z0-9]{3,6}$/.test(text), {
    error: (issue) => `must be an ODS code (3-6 letters or digits, e.g. RXN) ${got(issue.input)}`,
  });

/** `NAME=ODS,NAME=ODS` — MSH-4 values that are facility names, mapped to ODS codes. */
const facilityMap = z.string().transform((text, ctx) => {
  const map = new Map<string, string>();
  for (const pair of text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const [name, ods] = pair.split('=').map((part) => part.trim());
    if (!name || !ods || !/^[A-Za-z0-9]{3,6}$/.test(ods)) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a comma-separated list of MSH4VALUE=ODS ${got(pair)}`,
      });
      return z.NEVER;
    }
    map.set(name.toUpperCase(), ods.toUpperCase());
  }
  return map;
});

const OBX_ITEMS = Object.keys(DEFAULT_READINESS_OBX_CODES) as Array<keyof ReadinessObxCodes>;

/** `item=CODE,…` — overrides of the OBX-3 codes for readiness items. */
const obxCodes = z.string().transform((text, ctx) => {
  const codes: Record<string, string> = { ...DEFAULT_READINESS_OBX_CODES };
  for (const pair of text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const [item, code] = pair.split('=').map((part) => part.trim());
    if (!item || !code || !OBX_ITEMS.includes(item as keyof ReadinessObxCodes)) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a comma-separated list of ITEM=CODE, ITEM one of ${OBX_ITEMS.join(', ')} ${got(pair)}`,
      });
      return z.NEVER;
    }
    codes[item] = code;
  }
  return codes as unknown as ReadinessObxCodes;
});

/** `LOCAL=HUB_CODE,…` — the trust's own delay-reason codes (docs/delay-reasons.md), checked at startup. */
const delayReasonCodes = z.string().transform((text, ctx): ReadonlyMap<string, DelayReason> => {
  const { map, problems } = parseLocalDelayReasonCodes(text);
  for (const problem of problems) ctx.addIssue({ code: 'custom', message: problem });
  return problems.length > 0 ? z.NEVER : map;
});

const mappingShape = {
  HOMEFIRST_HL7_DEFAULT_ODS: odsCode.optional(),
  HOMEFIRST_HL7_FACILITY_ODS: facilityMap.optional(),
  HOMEFIRST_HL7_TIMEZONE: z
    .string()
    .refine(isKnownTimeZone, {
      error: (issue) => `must be an IANA time zone such as Europe/London ${got(issue.input)}`,
    })
    .default('Europe/London'),
  HOMEFIRST_HL7_READINESS_SOURCE: oneOf(['zsegment', 'obx', 'both']).default('both'),
  HOMEFIRST_HL7_READINESS_SEGMENT: z
    .string()
    .regex(/^Z[A-Z0-9]{2}$/, { error: (issue) => `must be a Z-segment name such as ZDR ${got(issue.input)}` })
    .default('ZDR'),
  HOMEFIRST_HL7_READINESS_OBX_CODES: obxCodes.optional(),
  HOMEFIRST_HL7_DELAY_REASON_CODES: delayReasonCodes.optional(),
  ...clockSkewToleranceShape,
};

const listenerShape = {
  HOMEFIRST_MLLP_HOST: z.string().min(1).optional(),
  HOMEFIRST_MLLP_TLS: flag().default(true),
  HOMEFIRST_MLLP_TLS_KEY: z.string().optional(),
  HOMEFIRST_MLLP_TLS_CERT: z.string().optional(),
  HOMEFIRST_MLLP_TLS_CA: z.string().optional(),
  HOMEFIRST_MLLP_TLS_CRL: z.string().optional(),
  HOMEFIRST_MLLP_TLS_ORG_ATTRIBUTE: oneOf(CERTIFICATE_ORG_ATTRIBUTES).default('O'),
  HOMEFIRST_MLLP_PORT: port().default(2575),
  // A frame must fit in one Kafka message as its raw record (runtime's DEFAULT_MAX_INPUT_BYTES).
  HOMEFIRST_MLLP_MAX_FRAME_BYTES: integer(1024, 64 * 1024 * 1024).default(DEFAULT_MAX_INPUT_BYTES),
  HOMEFIRST_MLLP_IDLE_TIMEOUT_MS: integer(1000, 24 * 3600 * 1000).default(5 * 60 * 1000),
  HOMEFIRST_MLLP_MAX_CONNECTIONS: integer(1, 10_000).default(256),
  HOMEFIRST_HL7_PUBLISH_TIMEOUT_MS: integer(100, 120_000).default(10_000),
  HOMEFIRST_REDIS_KEY_PREFIX: z.string().default(''),
};

type MappingEnv = z.output<z.ZodObject<typeof mappingShape>>;

const mappingOf = (env: MappingEnv): Omit<MappingSettings, 'nhsNumbers'> => ({
  defaultOrgCode: env.HOMEFIRST_HL7_DEFAULT_ODS ?? null,
  facilityOrgCodes: env.HOMEFIRST_HL7_FACILITY_ODS ?? new Map(),
  timeZone: env.HOMEFIRST_HL7_TIMEZONE,
  clockSkewToleranceMs: env.HOMEFIRST_CLOCK_SKEW_TOLERANCE,
  readiness: {
    source: env.HOMEFIRST_HL7_READINESS_SOURCE,
    segment: env.HOMEFIRST_HL7_READINESS_SEGMENT,
    obxCodes: env.HOMEFIRST_HL7_READINESS_OBX_CODES ?? DEFAULT_MAPPING_SETTINGS.readiness.obxCodes,
    ...(env.HOMEFIRST_HL7_DELAY_REASON_CODES !== undefined && {
      delayReasonCodes: env.HOMEFIRST_HL7_DELAY_REASON_CODES,
    }),
  },
});

type ListenerEnv = z.output<z.ZodObject<typeof listenerShape>>;

const TLS_FILES = ['HOMEFIRST_MLLP_TLS_KEY', 'HOMEFIRST_MLLP_TLS_CERT', 'HOMEFIRST_MLLP_TLS_CA'] as const;

/** Mutual TLS unless HOMEFIRST_MLLP_TLS=false; the cross-check below guarantees the three files are named. */
const tlsOf = (env: ListenerEnv): MllpTlsSettings | null =>
  env.HOMEFIRST_MLLP_TLS
    ? {
        keyFile: env.HOMEFIRST_MLLP_TLS_KEY ?? '',
        certFile: env.HOMEFIRST_MLLP_TLS_CERT ?? '',
        caFile: env.HOMEFIRST_MLLP_TLS_CA ?? '',
        crlFile: env.HOMEFIRST_MLLP_TLS_CRL ?? null,
        orgAttribute: env.HOMEFIRST_MLLP_TLS_ORG_ATTRIBUTE,
      }
    : null;

/** A plaintext listener (explicitly configured) binds to loopback unless told otherwise. */
const listenerOf = (env: ListenerEnv) => ({
  host: env.HOMEFIRST_MLLP_HOST ?? (env.HOMEFIRST_MLLP_TLS ? '0.0.0.0' : '127.0.0.1'),
  port: env.HOMEFIRST_MLLP_PORT,
  tls: tlsOf(env),
  maxFrameBytes: env.HOMEFIRST_MLLP_MAX_FRAME_BYTES,
  idleTimeoutMs: env.HOMEFIRST_MLLP_IDLE_TIMEOUT_MS,
  maxConnections: env.HOMEFIRST_MLLP_MAX_CONNECTIONS,
  publishTimeoutMs: env.HOMEFIRST_HL7_PUBLISH_TIMEOUT_MS,
  redisKeyPrefix: env.HOMEFIRST_REDIS_KEY_PREFIX,
});

export type MllpSettings = ReturnType<typeof listenerOf>;

/** Everything `serve` needs. */
export interface Hl7ConnectorConfig extends HubConfig {
  readonly mapping: MappingSettings;
  readonly mllp: MllpSettings;
}

/**
 * The configuration schema of `serve`: the hub's common schema composed with the HL7 variables. The MLLP
 * listener needs its key, certificate and the senders' CA unless HOMEFIRST_MLLP_TLS=false.
 */
export const hl7ConfigSchema = composeConfig(
  envObject({ ...mappingShape, ...listenerShape }),
  (own, _hub, problem) => {
    if (!own.HOMEFIRST_MLLP_TLS) return;
    for (const variable of TLS_FILES)
      if (own[variable] === undefined)
        problem(
          variable,
          'required: the path of a PEM file (mutual TLS is the default; HOMEFIRST_MLLP_TLS=false for a plaintext listener)',
        );
  },
).transform(({ hub, own }): Hl7ConnectorConfig => ({
  ...hub,
  mapping: { ...mappingOf(own), nhsNumbers: hub.nhsNumbers },
  mllp: listenerOf(own),
}));

/** Only what the feed checker (`map`) needs: it works offline, with the development secret unless one is set. */
export const mappingConfigSchema = envObject({
  ...mappingShape,
  ...nhsNumberPolicyShape,
  HOMEFIRST_PERSON_KEY_SECRET: secret(32).optional(),
}).transform((env): { personKeySecret: string; mapping: MappingSettings } => ({
  personKeySecret: env.HOMEFIRST_PERSON_KEY_SECRET ?? DEVELOPMENT_PERSON_KEY_SECRET,
  mapping: {
    ...mappingOf(env),
    nhsNumbers: nhsNumberPolicyOf(env.NODE_ENV, env.HOMEFIRST_ACCEPT_TEST_NHS_NUMBERS),
  },
}));

/** Parses the environment of `serve`; throws a ConfigError naming every bad variable. */
export function loadHl7Config(env: Env = process.env): Hl7ConnectorConfig {
  return parseConfig(hl7ConfigSchema, env);
}

/** Parses the environment of `map`. */
export function loadMappingConfig(env: Env = process.env): {
  personKeySecret: string;
  mapping: MappingSettings;
} {
  return parseConfig(mappingConfigSchema, env);
}

/**
 * What `remap` and `redrive` need: the hub's settings, the mapping, and the Redis key prefix of the identity
 * index and the dedupe memory (HOMEFIRST_REDIS_KEY_PREFIX, as `serve` uses it) — not the MLLP listener.
 */
export interface Hl7ToolConfig extends HubConfig {
  readonly mapping: MappingSettings;
  readonly redisKeyPrefix: string;
}

export const hl7ToolConfigSchema = composeConfig(
  envObject({ ...mappingShape, HOMEFIRST_REDIS_KEY_PREFIX: listenerShape.HOMEFIRST_REDIS_KEY_PREFIX }),
).transform(({ hub, own }): Hl7ToolConfig => ({
  ...hub,
  mapping: { ...mappingOf(own), nhsNumbers: hub.nhsNumbers },
  redisKeyPrefix: own.HOMEFIRST_REDIS_KEY_PREFIX,
}));

/** Parses the environment of `remap` and `redrive`; throws a ConfigError naming every bad variable. */
export function loadHl7ToolConfig(env: Env = process.env): Hl7ToolConfig {
  return parseConfig(hl7ToolConfigSchema, env);
}
