import {
  serviceConfig,
  envObject,
  flag,
  groupId,
  groupSessionTimeout,
  list,
  number,
  type ServiceConfig,
} from '@homefirst/runtime';
import { LA_CODE_PATTERN } from '@homefirst/schemas';
import { z } from 'zod';

/**
 * The feed router's environment: the hub's common variables plus its own, composed with runtime's config
 * kit and validated once in main. Blank means unset (the default applies).
 */
const laCode = new RegExp(LA_CODE_PATTERN);

export const feedRouterEnvSchema = envObject({
  HOMEFIRST_FEED_COUNCILS: list()
    .pipe(
      z
        .array(z.string().regex(laCode, { message: 'each must be an ONS LA code, e.g. E08000012' }))
        .min(1, { message: 'name at least one council (ONS LA code)' }),
    )
    .default(['E08000012']),
  // Also serve every council that has a feed topic (made by `homefirst councils add`), checked every interval.
  HOMEFIRST_FEED_DISCOVER: flag().default(false),
  HOMEFIRST_FEED_DISCOVER_INTERVAL_MS: number(
    '(ms between looks for new feed topics)',
    1_000,
    3_600_000,
    true,
  ).default(30_000),
  HOMEFIRST_FEED_ROUTER_GROUP: groupId('homefirst-feed-router'),
  HOMEFIRST_FEED_ROUTER_SESSION_TIMEOUT_MS: groupSessionTimeout(),
  HOMEFIRST_FEED_ROUTER_CONCURRENCY: number(
    '(input partitions routed at once, one transaction each)',
    1,
    64,
    true,
  ).default(3),
}).transform((env) => ({
  councils: [...new Set(env.HOMEFIRST_FEED_COUNCILS)],
  discover: env.HOMEFIRST_FEED_DISCOVER ? { intervalMs: env.HOMEFIRST_FEED_DISCOVER_INTERVAL_MS } : undefined,
  groupId: env.HOMEFIRST_FEED_ROUTER_GROUP,
  sessionTimeoutMs: env.HOMEFIRST_FEED_ROUTER_SESSION_TIMEOUT_MS,
  concurrency: env.HOMEFIRST_FEED_ROUTER_CONCURRENCY,
}));

export type FeedRouterSettings = z.output<typeof feedRouterEnvSchema>;
export type FeedRouterConfig = ServiceConfig<'router', FeedRouterSettings>;

/** The router's schema (the hub's common one plus its own variables) and its loader, for main. */
export const { schema: feedRouterConfigSchema, load: loadFeedRouterConfig } = serviceConfig(
  feedRouterEnvSchema,
  'router',
);
