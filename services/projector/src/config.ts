import { readModels } from '@homefirst/schemas';
import { ConfigError, loadConfig, type HubConfig } from '@homefirst/runtime';
import { z } from 'zod';

const { DEFAULT_NAMESPACE } = readModels;

/**
 * The projector's environment: the hub's common variables (runtime's loadConfig) plus its own, validated
 * once in main. Blank means unset (the default applies), as in runtime.
 */

const TRUE_WORDS = ['true', '1', 'yes'];
const FALSE_WORDS = ['false', '0', 'no'];

const flag = z.string().transform((text, ctx) => {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  ctx.addIssue({
    code: 'custom',
    message: `must be one of ${[...TRUE_WORDS, ...FALSE_WORDS].join(', ')} (got ${JSON.stringify(text)})`,
  });
  return z.NEVER;
});

const number = (what: string, min: number, max: number, integer = false) =>
  z.string().transform((text, ctx) => {
    const value = Number(text);
    if (
      text.trim() === '' ||
      !Number.isFinite(value) ||
      value < min ||
      value > max ||
      (integer && !Number.isInteger(value))
    ) {
      ctx.addIssue({
        code: 'custom',
        message: `must be ${integer ? 'an integer' : 'a number'} ${what} from ${min} to ${max} (got ${JSON.stringify(text)})`,
      });
      return z.NEVER;
    }
    return value;
  });

export const projectorEnvSchema = z
  .object({
    HOMEFIRST_READMODEL_NAMESPACE: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)*:$/, {
        message: 'must be a Redis key prefix ending in ":", e.g. rm:v1:',
      })
      .default(DEFAULT_NAMESPACE),
    HOMEFIRST_PROJECTOR_GROUP: z.string().min(1).default('homefirst-projector'),
    HOMEFIRST_BED_DAY_COST_GBP: number('(£ per excess bed day)', 1, 10_000).default(400),
    HOMEFIRST_AT_RISK_HOURS: number('(hours before the 48-hour deadline)', 0, 48).default(12),
    HOMEFIRST_SWEEP_INTERVAL_MS: number('(ms between sweeps)', 1_000, 3_600_000, true).default(60_000),
    HOMEFIRST_PROJECTOR_SWEEP: flag.default(true),
    HOMEFIRST_PROJECTOR_BATCH_SIZE: number('(messages per Redis transaction)', 1, 10_000, true).default(500),
    HOMEFIRST_PROJECTOR_CONCURRENCY: number(
      '(partitions written at once, one Redis connection each)',
      1,
      16,
      true,
    ).default(3),
    HOMEFIRST_PROJECTOR_SESSION_TIMEOUT_MS: number(
      '(consumer group session timeout)',
      6_000,
      300_000,
      true,
    ).default(30_000),
  })
  .transform((env) => ({
    namespace: env.HOMEFIRST_READMODEL_NAMESPACE,
    groupId: env.HOMEFIRST_PROJECTOR_GROUP,
    bedDayCostGbp: env.HOMEFIRST_BED_DAY_COST_GBP,
    atRiskHours: env.HOMEFIRST_AT_RISK_HOURS,
    sweepIntervalMs: env.HOMEFIRST_SWEEP_INTERVAL_MS,
    sweep: env.HOMEFIRST_PROJECTOR_SWEEP,
    batchSize: env.HOMEFIRST_PROJECTOR_BATCH_SIZE,
    sessionTimeoutMs: env.HOMEFIRST_PROJECTOR_SESSION_TIMEOUT_MS,
    concurrency: env.HOMEFIRST_PROJECTOR_CONCURRENCY,
  }));

export type ProjectorSettings = z.output<typeof projectorEnvSchema>;
export interface ProjectorConfig {
  readonly hub: HubConfig;
  readonly projector: ProjectorSettings;
}

const blankToUnset = (env: Readonly<Record<string, string | undefined>>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(env).filter(
      (pair): pair is [string, string] => typeof pair[1] === 'string' && pair[1].trim() !== '',
    ),
  );

/** Parses the environment once (call it in main). Throws a ConfigError naming every bad variable. */
export function loadProjectorConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ProjectorConfig {
  const problems: string[] = [];
  let hub: HubConfig | undefined;
  try {
    hub = loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(
      ...err.message
        .split('\n')
        .slice(1)
        .map((line) => line.trim()),
    );
  }
  const result = projectorEnvSchema.safeParse(blankToUnset(env));
  if (!result.success) {
    problems.push(
      ...result.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`),
    );
  }
  if (problems.length > 0 || hub === undefined || !result.success) {
    throw new ConfigError(
      `Invalid environment (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${problems.join('\n  ')}`,
    );
  }
  return { hub, projector: result.data };
}
