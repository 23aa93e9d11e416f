import {
  brokerList,
  composeConfig,
  integer,
  envObject,
  parseConfig,
  type Env,
  type HubConfig,
} from '@homefirst/runtime';
import { catalogue } from '@homefirst/schemas';

/** Topics whose retention a deployment chooses, with their flag and environment variable. */
export const configurableTopics = catalogue
  .filter((t) => t.retention.kind === 'configurable')
  .map((t) => ({
    spec: t,
    flag: `${t.id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-retention-ms`,
    option: `${t.id}RetentionMs`,
    env: `HOMEFIRST_${t.id.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_RETENTION_MS`,
  }));

export interface TopicsConfig {
  /** The hub's common config: the brokers, TLS and SASL every service uses, and the topic prefix. */
  readonly hub: HubConfig;
  /** topic name → retention from HOMEFIRST_<TOPIC>_RETENTION_MS, where set. */
  readonly retentionMs: Readonly<Record<string, number>>;
}

const retentionEnv = envObject(
  Object.fromEntries(
    configurableTopics.map((c) => [c.env, integer(1, Number.MAX_SAFE_INTEGER).optional()] as const),
  ),
);

/** `topics apply` (and `up`): the hub's schema plus the retention variables, every problem at once. */
export const topicsConfigSchema = composeConfig(retentionEnv).transform(({ hub, own }): TopicsConfig => ({
  hub,
  retentionMs: Object.fromEntries(
    configurableTopics.flatMap((c) => {
      const ms = own[c.env];
      return ms === undefined ? [] : [[c.spec.name, ms] as const];
    }),
  ),
}));

export const loadTopicsConfig = (env: Env = process.env): TopicsConfig =>
  parseConfig(topicsConfigSchema, env);

/** `--brokers a:9092,b:9092` over the configured brokers; the same rule as HOMEFIRST_KAFKA_BROKERS. */
export function withBrokers(hub: HubConfig, brokers: string | undefined): HubConfig {
  if (brokers === undefined) return hub;
  const parsed = brokerList().safeParse(brokers);
  if (!parsed.success) throw new Error(`--brokers ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  return { ...hub, kafka: { ...hub.kafka, brokers: parsed.data } };
}
