import { envObject, flag, number, serviceConfig, type Env, type HubConfig } from '@homefirst/runtime';
import { z } from 'zod';
import { minimumWindowMs } from './core/backoff';

/**
 * The webhook service's environment (and the `subscriptions` commands'): the hub's common variables plus
 * its own, validated once in main. Blank means unset (the default applies).
 */
export const webhooksEnvSchema = envObject({
  HOMEFIRST_WEBHOOKS_GROUP_PREFIX: z.string().min(1).default('homefirst-webhooks'),
  HOMEFIRST_WEBHOOKS_TIMEOUT_MS: number('(per webhook request)', 100, 120_000, true).default(10_000),
  HOMEFIRST_WEBHOOKS_BACKOFF_BASE_MS: number('(first retry ceiling)', 10, 600_000, true).default(1_000),
  HOMEFIRST_WEBHOOKS_BACKOFF_CAP_MS: number('(longest retry ceiling)', 10, 3_600_000, true).default(300_000),
  HOMEFIRST_WEBHOOKS_MAX_ATTEMPTS: number('(default attempts before dead-lettering)', 1, 100, true).default(
    12,
  ),
  HOMEFIRST_WEBHOOKS_PARTITIONS_AT_ONCE: number(
    '(feed partitions delivered at once per subscriber)',
    1,
    64,
    true,
  ).default(3),
  HOMEFIRST_WEBHOOKS_SESSION_TIMEOUT_MS: number(
    '(consumer group session timeout)',
    6_000,
    300_000,
    true,
  ).default(30_000),
  HOMEFIRST_WEBHOOKS_ALLOW_INSECURE_LOOPBACK: flag().default(false),
})
  .refine((env) => env.HOMEFIRST_WEBHOOKS_BACKOFF_CAP_MS >= env.HOMEFIRST_WEBHOOKS_BACKOFF_BASE_MS, {
    message: 'must be at least HOMEFIRST_WEBHOOKS_BACKOFF_BASE_MS',
    path: ['HOMEFIRST_WEBHOOKS_BACKOFF_CAP_MS'],
  })
  .transform((env) => {
    const backoff = {
      baseMs: env.HOMEFIRST_WEBHOOKS_BACKOFF_BASE_MS,
      capMs: env.HOMEFIRST_WEBHOOKS_BACKOFF_CAP_MS,
    };
    return {
      groupPrefix: env.HOMEFIRST_WEBHOOKS_GROUP_PREFIX,
      defaultMaxAttempts: env.HOMEFIRST_WEBHOOKS_MAX_ATTEMPTS,
      allowInsecureLoopback: env.HOMEFIRST_WEBHOOKS_ALLOW_INSECURE_LOOPBACK,
      /** How long an endpoint may be down for certain before a webhook is dead-lettered (default attempts). */
      minimumRetryWindowMs: minimumWindowMs(env.HOMEFIRST_WEBHOOKS_MAX_ATTEMPTS, backoff),
      delivery: {
        timeoutMs: env.HOMEFIRST_WEBHOOKS_TIMEOUT_MS,
        backoff,
        partitionsAtOnce: env.HOMEFIRST_WEBHOOKS_PARTITIONS_AT_ONCE,
        sessionTimeoutMs: env.HOMEFIRST_WEBHOOKS_SESSION_TIMEOUT_MS,
      },
    };
  });

export type WebhooksSettings = z.output<typeof webhooksEnvSchema>;
export interface WebhooksConfig {
  readonly hub: HubConfig;
  readonly webhooks: WebhooksSettings;
}

const webhooksConfig = serviceConfig(webhooksEnvSchema, 'webhooks');
export const webhooksConfigSchema = webhooksConfig.schema;
export const loadWebhooksConfig: (env?: Env) => WebhooksConfig = webhooksConfig.load;
