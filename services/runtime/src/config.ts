import { z } from 'zod';
import { ConfigError } from './errors';
import { LOG_LEVELS } from './logger';

/**
 * The environment of every process, validated once in `main` (style.md habit 7). Defaults fit the
 * local stack (`npm run hub`); production must set the person-key secret. Test config is this plus
 * explicit overrides: `loadConfig({ ...process.env, HOMEFIRST_TOPIC_PREFIX: 't1.' })`.
 */

/** Development-only HMAC key for `personKey`; rejected when NODE_ENV=production. */
/**
 * The development signing secret for API bearer tokens (`homefirst token` signs with it, the local API
 * verifies with it). The API refuses it when NODE_ENV=production.
 */
export const DEVELOPMENT_API_TOKEN_SECRET = 'homefirst-development-api-token-secret-not-for-production';

export const DEVELOPMENT_PERSON_KEY_SECRET =
  'homefirst-development-only-person-key-secret-not-for-production';

const NODE_ENVS = ['development', 'test', 'production'] as const;
const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
const TRUE_WORDS = ['true', '1', 'yes'];
const FALSE_WORDS = ['false', '0', 'no'];

const got = (input: unknown): string => {
  const text = JSON.stringify(input) ?? String(input);
  return `(got ${text.length > 80 ? `${text.slice(0, 77)}...` : text})`;
};

const oneOf = <const Values extends readonly [string, ...string[]]>(values: Values) =>
  z.enum(values, { error: (issue) => `must be one of ${values.join(', ')} ${got(issue.input)}` });

const brokerList = z.string().transform((text, ctx) => {
  const brokers = text
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
  const bad = brokers.filter((broker) => !/^[^\s:]+:\d{1,5}$/.test(broker));
  if (brokers.length === 0 || bad.length > 0) {
    ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of host:port ${got(text)}` });
    return z.NEVER;
  }
  return brokers;
});

const flag = z.string().transform((text, ctx) => {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  ctx.addIssue({
    code: 'custom',
    message: `must be one of ${[...TRUE_WORDS, ...FALSE_WORDS].join(', ')} ${got(text)}`,
  });
  return z.NEVER;
});

const urlWith = (protocols: readonly string[]) =>
  z.string().refine((text) => URL.canParse(text) && protocols.includes(new URL(text).protocol), {
    error: (issue) =>
      `must be a URL starting with ${protocols.map((protocol) => `${protocol}//`).join(' or ')} ${got(issue.input)}`,
  });

const port = z
  .string()
  .regex(/^\d+$/, {
    error: (issue) => `must be an integer from 0 to 65535 (0 = choose a free port) ${got(issue.input)}`,
  })
  .transform(Number)
  .refine((value) => value <= 65535, {
    error: (issue) =>
      `must be an integer from 0 to 65535 (0 = choose a free port) ${got(String(issue.input))}`,
  });

const envShape = {
  NODE_ENV: oneOf(NODE_ENVS).default('development'),
  HOMEFIRST_KAFKA_BROKERS: brokerList.default(['127.0.0.1:19092']),
  HOMEFIRST_KAFKA_CLIENT_ID: z.string().default('homefirst'),
  HOMEFIRST_KAFKA_SSL: flag.default(false),
  HOMEFIRST_KAFKA_SASL_MECHANISM: oneOf(SASL_MECHANISMS).optional(),
  HOMEFIRST_KAFKA_SASL_USERNAME: z.string().optional(),
  HOMEFIRST_KAFKA_SASL_PASSWORD: z.string().optional(),
  HOMEFIRST_REGISTRY_URL: urlWith(['http:', 'https:']).default('http://127.0.0.1:18081/apis/ccompat/v7'),
  HOMEFIRST_REDIS_URL: urlWith(['redis:', 'rediss:']).default('redis://127.0.0.1:16379'),
  HOMEFIRST_LOG_LEVEL: oneOf(LOG_LEVELS).default('info'),
  HOMEFIRST_HTTP_PORT: port.default(0),
  HOMEFIRST_PERSON_KEY_SECRET: z
    .string()
    .min(32, {
      error: (issue) =>
        `must be at least 32 characters (got ${typeof issue.input === 'string' ? issue.input.length : 0})`,
    })
    .optional(),
  HOMEFIRST_TOPIC_PREFIX: z.string().default(''),
};

type EnvVariable = keyof typeof envShape;
const isSet = (value: unknown): value is string => typeof value === 'string';

/** Unset and blank variables are the same thing: both take the default. */
const blankToUnset = (env: unknown): unknown =>
  typeof env === 'object' && env !== null
    ? Object.fromEntries(
        Object.entries(env).filter(([, value]) => !(typeof value === 'string' && value.trim() === '')),
      )
    : env;

export const configSchema = z.preprocess(
  blankToUnset,
  z
    .object(envShape)
    .superRefine(
      // Runs even when single variables failed, so one message lists every problem; fields may still hold raw input.
      (env, ctx) => {
        const problem = (variable: EnvVariable, message: string) =>
          ctx.addIssue({ code: 'custom', path: [variable], message });
        if (isSet(env.HOMEFIRST_KAFKA_SASL_MECHANISM)) {
          for (const variable of [
            'HOMEFIRST_KAFKA_SASL_USERNAME',
            'HOMEFIRST_KAFKA_SASL_PASSWORD',
          ] as const) {
            if (!isSet(env[variable]))
              problem(variable, 'required when HOMEFIRST_KAFKA_SASL_MECHANISM is set');
          }
        }
        if (env.NODE_ENV === 'production') {
          if (!isSet(env.HOMEFIRST_PERSON_KEY_SECRET)) {
            problem(
              'HOMEFIRST_PERSON_KEY_SECRET',
              'required when NODE_ENV=production (at least 32 characters)',
            );
          } else if (env.HOMEFIRST_PERSON_KEY_SECRET === DEVELOPMENT_PERSON_KEY_SECRET) {
            problem(
              'HOMEFIRST_PERSON_KEY_SECRET',
              'must not be the development value when NODE_ENV=production',
            );
          }
        }
      },
      { when: () => true },
    )
    .transform((env) => ({
      nodeEnv: env.NODE_ENV,
      kafka: {
        brokers: env.HOMEFIRST_KAFKA_BROKERS,
        clientId: env.HOMEFIRST_KAFKA_CLIENT_ID,
        ssl: env.HOMEFIRST_KAFKA_SSL,
        // The refinement above guarantees username and password whenever a mechanism is set.
        ...(env.HOMEFIRST_KAFKA_SASL_MECHANISM !== undefined &&
          env.HOMEFIRST_KAFKA_SASL_USERNAME !== undefined &&
          env.HOMEFIRST_KAFKA_SASL_PASSWORD !== undefined && {
            sasl: {
              mechanism: env.HOMEFIRST_KAFKA_SASL_MECHANISM,
              username: env.HOMEFIRST_KAFKA_SASL_USERNAME,
              password: env.HOMEFIRST_KAFKA_SASL_PASSWORD,
            },
          }),
      },
      registry: { url: env.HOMEFIRST_REGISTRY_URL },
      redis: { url: env.HOMEFIRST_REDIS_URL },
      log: { level: env.HOMEFIRST_LOG_LEVEL },
      http: { port: env.HOMEFIRST_HTTP_PORT },
      personKeySecret: env.HOMEFIRST_PERSON_KEY_SECRET ?? DEVELOPMENT_PERSON_KEY_SECRET,
      topicPrefix: env.HOMEFIRST_TOPIC_PREFIX,
    })),
);

export type HubConfig = z.output<typeof configSchema>;

/**
 * Parses the environment once; call it in `main`, never at import time.
 * Throws a ConfigError naming every bad variable, its problem and the allowed values
 * (secret values are never echoed).
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): HubConfig {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`,
  );
  throw new ConfigError(
    `Invalid environment (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${problems.join('\n  ')}`,
  );
}
