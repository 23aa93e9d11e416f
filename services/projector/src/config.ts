import { readModels } from '@homefirst/schemas';
import {
  serviceConfig,
  envObject,
  groupId,
  groupSessionTimeout,
  flag,
  number,
  type ServiceConfig,
} from '@homefirst/runtime';
import { z } from 'zod';

const { DEFAULT_NAMESPACE } = readModels;

/**
 * The projector's environment: the hub's common variables plus its own, composed with runtime's config
 * kit and validated once in main. Blank means unset (the default applies), as in runtime.
 */

export const projectorEnvSchema = envObject({
  HOMEFIRST_READMODEL_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)*:$/, {
      message: 'must be a Redis key prefix ending in ":", e.g. rm:v1:',
    })
    .default(DEFAULT_NAMESPACE),
  HOMEFIRST_PROJECTOR_GROUP: groupId('homefirst-projector'),
  HOMEFIRST_BED_DAY_COST_GBP: number('(£ per excess bed day)', 1, 10_000).default(400),
  HOMEFIRST_AT_RISK_HOURS: number('(hours before the 48-hour deadline)', 0, 48).default(12),
  HOMEFIRST_SWEEP_INTERVAL_MS: number('(ms between sweeps)', 1_000, 3_600_000, true).default(60_000),
  HOMEFIRST_PROJECTOR_SWEEP: flag().default(true),
  HOMEFIRST_PROJECTOR_BATCH_SIZE: number('(messages per Redis transaction)', 1, 10_000, true).default(500),
  HOMEFIRST_PROJECTOR_WINDOW_LAG: number(
    '(messages left behind a batch above which batches are held in a window)',
    0,
    10_000_000,
    true,
  ).default(1_000),
  HOMEFIRST_PROJECTOR_WINDOW_MESSAGES: number(
    '(most messages in a window, per Redis transaction while far behind)',
    1,
    100_000,
    true,
  ).default(1_500),
  HOMEFIRST_PROJECTOR_CACHED_PERSONS: number(
    '(persons kept in memory per Redis connection, 0 for none)',
    0,
    1_000_000,
    true,
  ).default(500),
  HOMEFIRST_PROJECTOR_CONCURRENCY: number(
    '(partitions written at once, one Redis connection each)',
    1,
    16,
    true,
  ).default(3),
  HOMEFIRST_PROJECTOR_SESSION_TIMEOUT_MS: groupSessionTimeout(),
}).transform((env) => ({
  namespace: env.HOMEFIRST_READMODEL_NAMESPACE,
  groupId: env.HOMEFIRST_PROJECTOR_GROUP,
  bedDayCostGbp: env.HOMEFIRST_BED_DAY_COST_GBP,
  atRiskHours: env.HOMEFIRST_AT_RISK_HOURS,
  sweepIntervalMs: env.HOMEFIRST_SWEEP_INTERVAL_MS,
  sweep: env.HOMEFIRST_PROJECTOR_SWEEP,
  batchSize: env.HOMEFIRST_PROJECTOR_BATCH_SIZE,
  windowLag: env.HOMEFIRST_PROJECTOR_WINDOW_LAG,
  windowMessages: env.HOMEFIRST_PROJECTOR_WINDOW_MESSAGES,
  cachedPersons: env.HOMEFIRST_PROJECTOR_CACHED_PERSONS,
  sessionTimeoutMs: env.HOMEFIRST_PROJECTOR_SESSION_TIMEOUT_MS,
  concurrency: env.HOMEFIRST_PROJECTOR_CONCURRENCY,
}));

export type ProjectorSettings = z.output<typeof projectorEnvSchema>;
export type ProjectorConfig = ServiceConfig<'projector', ProjectorSettings>;

/** The projector's schema (the hub's common one plus its own variables) and its loader, for main. */
export const { schema: projectorConfigSchema, load: loadProjectorConfig } = serviceConfig(
  projectorEnvSchema,
  'projector',
);
