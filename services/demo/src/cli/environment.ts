import { readFileSync } from 'node:fs';
import {
  ConfigError,
  LOG_LEVELS,
  envObject,
  flag,
  oneOf,
  parseConfig,
  port,
  secret,
  url,
  type Env,
} from '@homefirst/runtime';
import { z } from 'zod';
import type { MllpSenderTls } from '../send/mllp-client';

/**
 * Where the demo sends, from the environment (validated once in `main`). Defaults are the local hub of
 * `homefirst up`: the connectors' default ports and the development tokens below, which the local
 * connectors must be configured to accept (HOMEFIRST_FHIR_TOKENS=RHF:<token>,
 * HOMEFIRST_COUNCIL_TOKENS=E08000012:<token>). HL7 goes over mutual TLS with the demo trust's client
 * certificate, which `homefirst stack up` makes in .hub/tls/mllp/ and `homefirst up --demo` / `homefirst
 * demo` pass in (HOMEFIRST_DEMO_MLLP_TLS_CA / _CERT / _KEY); HOMEFIRST_DEMO_MLLP_TLS=false sends plaintext.
 */

/** Development-only bearer token of the demo trust (RHF) at the FHIR connector. */
export const DEVELOPMENT_FHIR_TOKEN = 'homefirst-demo-fhir-token-RHF-development-only';
/** Development-only bearer token of the demo council (E08000012) at the council connector. */
export const DEVELOPMENT_COUNCIL_TOKEN = 'homefirst-demo-council-token-E08000012-development-only';

const TLS_FILES = [
  'HOMEFIRST_DEMO_MLLP_TLS_CA',
  'HOMEFIRST_DEMO_MLLP_TLS_CERT',
  'HOMEFIRST_DEMO_MLLP_TLS_KEY',
] as const;

export const demoEnvironmentSchema = envObject({
  HOMEFIRST_DEMO_MLLP_HOST: z.string().min(1).default('127.0.0.1'),
  HOMEFIRST_DEMO_MLLP_PORT: port(1).default(2575),
  HOMEFIRST_DEMO_MLLP_TLS: flag().default(true),
  HOMEFIRST_DEMO_MLLP_TLS_CA: z.string().optional(),
  HOMEFIRST_DEMO_MLLP_TLS_CERT: z.string().optional(),
  HOMEFIRST_DEMO_MLLP_TLS_KEY: z.string().optional(),
  HOMEFIRST_DEMO_FHIR_URL: url(['http:', 'https:']).default('http://127.0.0.1:8088'),
  HOMEFIRST_DEMO_COUNCIL_URL: url(['http:', 'https:']).default('http://127.0.0.1:8089'),
  HOMEFIRST_DEMO_FHIR_TOKEN: secret(16).default(DEVELOPMENT_FHIR_TOKEN),
  HOMEFIRST_DEMO_COUNCIL_TOKEN: secret(16).default(DEVELOPMENT_COUNCIL_TOKEN),
  HOMEFIRST_LOG_LEVEL: oneOf([...LOG_LEVELS, 'silent']).default('warn'),
})
  .superRefine((e, ctx) => {
    if (!e.HOMEFIRST_DEMO_MLLP_TLS) return;
    for (const variable of TLS_FILES)
      if (e[variable] === undefined)
        ctx.addIssue({
          code: 'custom',
          path: [variable],
          message:
            'required: the path of a PEM file (the hub takes HL7 over mutual TLS; HOMEFIRST_DEMO_MLLP_TLS=false to send plaintext)',
        });
  })
  .transform((e): DemoEnvironment => ({
    mllp: {
      host: e.HOMEFIRST_DEMO_MLLP_HOST,
      port: e.HOMEFIRST_DEMO_MLLP_PORT,
      tls: e.HOMEFIRST_DEMO_MLLP_TLS
        ? {
            caFile: e.HOMEFIRST_DEMO_MLLP_TLS_CA ?? '',
            certFile: e.HOMEFIRST_DEMO_MLLP_TLS_CERT ?? '',
            keyFile: e.HOMEFIRST_DEMO_MLLP_TLS_KEY ?? '',
          }
        : null,
    },
    fhir: { url: e.HOMEFIRST_DEMO_FHIR_URL, token: e.HOMEFIRST_DEMO_FHIR_TOKEN },
    council: { url: e.HOMEFIRST_DEMO_COUNCIL_URL, token: e.HOMEFIRST_DEMO_COUNCIL_TOKEN },
    logLevel: e.HOMEFIRST_LOG_LEVEL,
  }));

/** The demo trust's TLS files (paths), read when the demo starts sending. */
export interface SenderTlsFiles {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

export interface DemoEnvironment {
  readonly mllp: { readonly host: string; readonly port: number; readonly tls: SenderTlsFiles | null };
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

/** Reads the demo trust's TLS files; a ConfigError names the variable of a file it cannot read. */
export function readSenderTls(files: SenderTlsFiles): MllpSenderTls {
  const read = (variable: (typeof TLS_FILES)[number], path: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (err) {
      throw new ConfigError(
        `${variable}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'}); \`homefirst stack up\` makes the local certificates`,
      );
    }
  };
  return {
    ca: read('HOMEFIRST_DEMO_MLLP_TLS_CA', files.caFile),
    cert: read('HOMEFIRST_DEMO_MLLP_TLS_CERT', files.certFile),
    key: read('HOMEFIRST_DEMO_MLLP_TLS_KEY', files.keyFile),
  };
}
