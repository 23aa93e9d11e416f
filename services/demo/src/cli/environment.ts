import { ConfigError, LOG_LEVELS } from '@homefirst/runtime';
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

const got = (input: unknown): string => `(got ${JSON.stringify(input) ?? String(input)})`;

const httpUrl = z.string().refine((text) => URL.canParse(text) && /^https?:$/.test(new URL(text).protocol), {
  error: (issue) => `must be an http(s) URL ${got(issue.input)}`,
});

const environmentSchema = z.object({
  HOMEFIRST_DEMO_MLLP_HOST: z.string().min(1).default('127.0.0.1'),
  HOMEFIRST_DEMO_MLLP_PORT: z
    .string()
    .regex(/^\d{1,5}$/, { error: (issue) => `must be a port number ${got(issue.input)}` })
    .transform(Number)
    .refine((port) => port > 0 && port <= 65535, { error: 'must be a port number from 1 to 65535' })
    .default(2575),
  HOMEFIRST_DEMO_FHIR_URL: httpUrl.default('http://127.0.0.1:8088'),
  HOMEFIRST_DEMO_COUNCIL_URL: httpUrl.default('http://127.0.0.1:8089'),
  HOMEFIRST_DEMO_FHIR_TOKEN: z
    .string()
    .min(16, { error: 'must be at least 16 characters' })
    .default(DEVELOPMENT_FHIR_TOKEN),
  HOMEFIRST_DEMO_COUNCIL_TOKEN: z
    .string()
    .min(16, { error: 'must be at least 16 characters' })
    .default(DEVELOPMENT_COUNCIL_TOKEN),
  HOMEFIRST_LOG_LEVEL: z
    .enum([...LOG_LEVELS, 'silent'], {
      error: (issue) => `must be one of ${LOG_LEVELS.join(', ')}, silent ${got(issue.input)}`,
    })
    .default('warn'),
});

export interface DemoEnvironment {
  readonly mllp: { readonly host: string; readonly port: number };
  readonly fhir: { readonly url: string; readonly token: string };
  readonly council: { readonly url: string; readonly token: string };
  readonly logLevel: (typeof LOG_LEVELS)[number] | 'silent';
}

/** Parses the demo's variables; a ConfigError names every bad one (tokens are never echoed). */
export function loadDemoEnvironment(
  env: Readonly<Record<string, string | undefined>> = process.env,
): DemoEnvironment {
  const present = Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== '',
    ),
  );
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid environment:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    mllp: { host: e.HOMEFIRST_DEMO_MLLP_HOST, port: e.HOMEFIRST_DEMO_MLLP_PORT },
    fhir: { url: e.HOMEFIRST_DEMO_FHIR_URL, token: e.HOMEFIRST_DEMO_FHIR_TOKEN },
    council: { url: e.HOMEFIRST_DEMO_COUNCIL_URL, token: e.HOMEFIRST_DEMO_COUNCIL_TOKEN },
    logLevel: e.HOMEFIRST_LOG_LEVEL,
  };
}
