import type { NhsNumberPolicy } from '@homefirst/schemas';
import { z } from 'zod';
import { brokerList, fileText, flag, oneOf, port, secret, url } from './config-kit/blocks';
import { blankToUnset, parseConfig, type Env } from './config-kit/env';
import { LOG_LEVELS } from './logger';
import { checkRedisCredentials, redisOf, redisShape } from './redis-config';

/**
 * The environment of every process, validated once in `main` (style.md habit 7). Defaults fit the
 * local stack (`npm run hub`); production must set the person-key secret. Test config is this plus
 * explicit overrides: `loadConfig({ ...process.env, HOMEFIRST_TOPIC_PREFIX: 't1.' })`.
 */

/**
 * The development signing secret for API bearer tokens (`homefirst token` signs with it, the local API
 * verifies with it). The API refuses it when NODE_ENV=production.
 */
export const DEVELOPMENT_API_TOKEN_SECRET = 'homefirst-development-api-token-secret-not-for-production';

/** Development-only HMAC key for `personKey`; rejected when NODE_ENV=production. */
export const DEVELOPMENT_PERSON_KEY_SECRET =
  'homefirst-development-only-person-key-secret-not-for-production';

const NODE_ENVS = ['development', 'test', 'production'] as const;
type NodeEnv = (typeof NODE_ENVS)[number];

/**
 * Whether the edges take NHS numbers in the 999 test range (schemas `NhsNumberPolicy`):
 * HOMEFIRST_ACCEPT_TEST_NHS_NUMBERS when set, else yes outside production (the demo city and the test
 * suite send 999 numbers) and no in production, where a test number in a live feed is a mistake.
 */
export const nhsNumberPolicyOf = (
  nodeEnv: NodeEnv,
  acceptTestNumbers: boolean | undefined,
): NhsNumberPolicy => ({
  acceptTestNumbers: acceptTestNumbers ?? nodeEnv !== 'production',
});

/** The variables of `nhsNumberPolicyOf`, for a process (such as a feed checker) that parses only its own. */
export const nhsNumberPolicyShape = {
  NODE_ENV: oneOf(NODE_ENVS).default('development'),
  HOMEFIRST_ACCEPT_TEST_NHS_NUMBERS: flag().optional(),
};
const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

const envShape = {
  NODE_ENV: oneOf(NODE_ENVS).default('development'),
  HOMEFIRST_KAFKA_BROKERS: brokerList().default(['127.0.0.1:19092']),
  HOMEFIRST_KAFKA_CLIENT_ID: z.string().default('homefirst'),
  HOMEFIRST_KAFKA_SSL: flag().default(false),
  // PEM file of the CA(s) that signed the brokers' certificates (else the system's); setting it turns TLS on.
  HOMEFIRST_KAFKA_SSL_CA_FILE: fileText('a PEM file of CA certificates', false).optional(),
  HOMEFIRST_KAFKA_SASL_MECHANISM: oneOf(SASL_MECHANISMS).optional(),
  HOMEFIRST_KAFKA_SASL_USERNAME: z.string().optional(),
  HOMEFIRST_KAFKA_SASL_PASSWORD: z.string().optional(),
  // The password in a file (mode 0600, e.g. a mounted secret) instead of the environment; trailing newline ignored.
  HOMEFIRST_KAFKA_SASL_PASSWORD_FILE: fileText('a file holding the SASL password', true).optional(),
  HOMEFIRST_REGISTRY_URL: url(['http:', 'https:']).default('http://127.0.0.1:18081/apis/ccompat/v7'),
  ...redisShape,
  HOMEFIRST_LOG_LEVEL: oneOf(LOG_LEVELS).default('info'),
  HOMEFIRST_HTTP_PORT: port().default(0),
  HOMEFIRST_PERSON_KEY_SECRET: secret(32).optional(),
  HOMEFIRST_TOPIC_PREFIX: z.string().default(''),
  HOMEFIRST_ACCEPT_TEST_NHS_NUMBERS: flag().optional(),
};

type EnvVariable = keyof typeof envShape;

/** The SASL settings; the refinement guarantees a username and one password whenever a mechanism is set. */
const saslOf = (env: {
  HOMEFIRST_KAFKA_SASL_MECHANISM?: (typeof SASL_MECHANISMS)[number] | undefined;
  HOMEFIRST_KAFKA_SASL_USERNAME?: string | undefined;
  HOMEFIRST_KAFKA_SASL_PASSWORD?: string | undefined;
  HOMEFIRST_KAFKA_SASL_PASSWORD_FILE?: string | undefined;
}) => {
  const password = env.HOMEFIRST_KAFKA_SASL_PASSWORD ?? env.HOMEFIRST_KAFKA_SASL_PASSWORD_FILE;
  if (
    env.HOMEFIRST_KAFKA_SASL_MECHANISM === undefined ||
    env.HOMEFIRST_KAFKA_SASL_USERNAME === undefined ||
    password === undefined
  )
    return {};
  return {
    sasl: {
      mechanism: env.HOMEFIRST_KAFKA_SASL_MECHANISM,
      username: env.HOMEFIRST_KAFKA_SASL_USERNAME,
      password,
    },
  };
};
const isSet = (value: unknown): value is string => typeof value === 'string';

/** The hub's common variables (Kafka with TLS/SASL, registry, Redis, logging, ops port, person key…). */
export const configSchema = z.preprocess(
  (env) => blankToUnset(env, envShape),
  z
    .object(envShape)
    .superRefine(
      // Runs even when single variables failed, so one message lists every problem; fields may still hold raw input.
      (env, ctx) => {
        const problem = (variable: EnvVariable, message: string) =>
          ctx.addIssue({ code: 'custom', path: [variable], message });
        if (isSet(env.HOMEFIRST_KAFKA_SASL_MECHANISM)) {
          if (!isSet(env.HOMEFIRST_KAFKA_SASL_USERNAME))
            problem('HOMEFIRST_KAFKA_SASL_USERNAME', 'required when HOMEFIRST_KAFKA_SASL_MECHANISM is set');
          if (
            !isSet(env.HOMEFIRST_KAFKA_SASL_PASSWORD) &&
            env.HOMEFIRST_KAFKA_SASL_PASSWORD_FILE === undefined
          )
            problem(
              'HOMEFIRST_KAFKA_SASL_PASSWORD',
              'required when HOMEFIRST_KAFKA_SASL_MECHANISM is set (or HOMEFIRST_KAFKA_SASL_PASSWORD_FILE)',
            );
        }
        if (isSet(env.HOMEFIRST_KAFKA_SASL_PASSWORD) && env.HOMEFIRST_KAFKA_SASL_PASSWORD_FILE !== undefined)
          problem(
            'HOMEFIRST_KAFKA_SASL_PASSWORD_FILE',
            'set either it or HOMEFIRST_KAFKA_SASL_PASSWORD, not both',
          );
        checkRedisCredentials(env, problem);
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
        ssl: env.HOMEFIRST_KAFKA_SSL || env.HOMEFIRST_KAFKA_SSL_CA_FILE !== undefined,
        ...(env.HOMEFIRST_KAFKA_SSL_CA_FILE !== undefined && { sslCa: env.HOMEFIRST_KAFKA_SSL_CA_FILE }),
        ...saslOf(env),
      },
      registry: { url: env.HOMEFIRST_REGISTRY_URL },
      redis: redisOf(env),
      log: { level: env.HOMEFIRST_LOG_LEVEL },
      http: { port: env.HOMEFIRST_HTTP_PORT },
      personKeySecret: env.HOMEFIRST_PERSON_KEY_SECRET ?? DEVELOPMENT_PERSON_KEY_SECRET,
      topicPrefix: env.HOMEFIRST_TOPIC_PREFIX,
      nhsNumbers: nhsNumberPolicyOf(env.NODE_ENV, env.HOMEFIRST_ACCEPT_TEST_NHS_NUMBERS),
    })),
);

export type HubConfig = z.output<typeof configSchema>;

/**
 * Parses the hub's common environment once; call it in `main`, never at import time.
 * Throws a ConfigError naming every bad variable, its problem and the allowed values
 * (secret values are never echoed). A service adds its own variables with `composeConfig`.
 */
export function loadConfig(env: Env = process.env): HubConfig {
  return parseConfig(configSchema, env);
}
