import { z } from 'zod';
import { ConfigError } from '../errors';
import { rejectsBlank } from './blocks';

/** A process environment: `process.env`, or a test's `{ ...base, HOMEFIRST_X: 'override' }`. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Unset and blank variables are the same thing (the default applies) — except where the variable's schema
 * rejects blanks (ports: `HOMEFIRST_X_PORT=` must not silently become port 0).
 */
export function blankToUnset(env: unknown, shape: z.ZodRawShape): Record<string, string> {
  if (typeof env !== 'object' || env === null) return {};
  return Object.fromEntries(
    Object.entries(env as Record<string, unknown>).filter((entry): entry is [string, string] => {
      const [variable, value] = entry;
      if (typeof value !== 'string') return false;
      if (value.trim() !== '') return true;
      const schema = shape[variable];
      return schema !== undefined && rejectsBlank(schema as z.ZodType);
    }),
  );
}

/** An object schema over environment variables (unrelated variables ignored, blank = unset, ports aside). */
export const envObject = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.preprocess((env) => blankToUnset(env, shape), z.object(shape));

/** The `VARIABLE: problem` lines of an environment under a schema; none when it parses. */
export function configProblems(schema: z.ZodType, env: Env): string[] {
  const result = schema.safeParse(env);
  return result.success ? [] : problemLines(result.error);
}

const problemLines = (error: z.ZodError): string[] =>
  error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`);

/**
 * Parses an environment with a config schema; call it in `main`, never at import time. Throws one
 * ConfigError naming every bad variable, what it must be and (secrets aside) what it got.
 */
export function parseConfig<Config>(schema: z.ZodType<Config>, env: Env = process.env): Config {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = problemLines(result.error);
  throw new ConfigError(
    `Invalid environment (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${problems.join('\n  ')}`,
  );
}
