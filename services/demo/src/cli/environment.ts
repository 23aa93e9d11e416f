import { LOG_LEVELS, envObject, oneOf, parseConfig, port, secret, url, type Env } from '@homefirst/runtime';
import { z } from 'zod';

/**
 * Where the demo sends, from the environment (validated once in `main`). Defaults are the local hub of
 * `homefirst up`: the connectors' default ports and the development tokens below, which the local
 * connectors must be configured to accept (HOMEFIRST_FHIR_TOKENS=RHF:<token>,
 * HOMEFIRST_COUNCIL_TOKENS=E08000012:<token>).
 */

/** Development-only bearer token of the demo trust (RHF) at the FHIR connector. */
export const DEVELOPMENT_FHIR_TOKEN = 'homefirst-demo-fhir-token-RHF-development-only';
/** Development-only bearer token of the demo council (E08000012) at the council connector. */
export const DEVELOPMENT_COUNCIL_TOKEN = 'homefirst-demo-council-token-E08000012-development-only';

export const demoEnvironmentSchema = envObject({
  HOMEFIRST_DEMO_MLLP_HOST: z.string().min(1).default('127.0.0.1'),
  HOMEFIRST_DEMO_MLLP_PORT: port(1).default(2575),
  HOMEFIRST_DEMO_FHIR_URL: url(['http:', 'https:']).default('http://127.0.0.1:8088'),
  HOMEFIRST_DEMO_COUNCIL_URL: url(['http:', 'https:']).default('http://127.0.0.1:8089'),
  HOMEFIRST_DEMO_FHIR_TOKEN: secret(16).default(DEVELOPMENT_FHIR_TOKEN),
  HOMEFIRST_DEMO_COUNCIL_TOKEN: secret(16).default(DEVELOPMENT_COUNCIL_TOKEN),
  HOMEFIRST_LOG_LEVEL: oneOf([...LOG_LEVELS, 'silent']).default('warn'),
}).transform((e): DemoEnvironment => ({
  mllp: { host: e.HOMEFIRST_DEMO_MLLP_HOST, port: e.HOMEFIRST_DEMO_MLLP_PORT },
  fhir: { url: e.HOMEFIRST_DEMO_FHIR_URL, token: e.HOMEFIRST_DEMO_FHIR_TOKEN },
  council: { url: e.HOMEFIRST_DEMO_COUNCIL_URL, token: e.HOMEFIRST_DEMO_COUNCIL_TOKEN },
  logLevel: e.HOMEFIRST_LOG_LEVEL,
}));

export interface DemoEnvironment {
  readonly mllp: { readonly host: string; readonly port: number };
  readonly fhir: { readonly url: string; readonly token: string };
  readonly council: { readonly url: string; readonly token: string };
  readonly logLevel: (typeof LOG_LEVELS)[number] | 'silent';
}

/**
 * Parses the demo's variables with runtime's config kit (it talks to the edges, not Kafka, so it needs
 * none of the hub's); a ConfigError names every bad one (tokens are never echoed).
 */
export function loadDemoEnvironment(env: Env = process.env): DemoEnvironment {
  return parseConfig(demoEnvironmentSchema, env);
}
