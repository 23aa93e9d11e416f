import { z } from 'zod';
import { configSchema, type HubConfig } from '../config';
import { parseConfig, type Env } from './env';

/** What a composed schema yields: the hub's common config and the service's own settings. */
export interface ComposedConfig<Own> {
  readonly hub: HubConfig;
  readonly own: Own;
}

/** A service's whole config: the hub's common part and, under the service's key, its own settings. */
export type ServiceConfig<Key extends string, Own> = { readonly hub: HubConfig } & {
  readonly [K in Key]: Own;
};

/** Reports a cross-field problem against one variable. */
export type ReportProblem = (variable: string, message: string) => void;

/**
 * A rule over the service's own settings (and the hub's, when those parsed), e.g. "HOMEFIRST_X_TOKENS:
 * required to serve". Runs whenever the service's own variables parsed, so its problems are listed with
 * every other one.
 */
export type CrossCheck<Own> = (own: Own, hub: HubConfig | undefined, problem: ReportProblem) => void;

/**
 * The one way a process composes its configuration: the hub's common schema (Kafka with TLS/SASL,
 * registry, Redis, logging, ops port, person key, topic prefix) plus the service's own variables (an
 * `envObject` of the building blocks), parsed together so one ConfigError names every bad variable of
 * both. Map the result to the service's shape with `.transform`, and parse it in `main` with `parseConfig`.
 */
export function composeConfig<Own>(own: z.ZodType<Own>, check?: CrossCheck<Own>) {
  return z.unknown().transform((env, ctx): ComposedConfig<Own> => {
    const hub = configSchema.safeParse(env);
    const mine = own.safeParse(env);
    const report: ReportProblem = (variable, message) =>
      ctx.addIssue({ code: 'custom', path: [variable], message });
    for (const result of [hub, mine]) {
      if (result.success) continue;
      for (const issue of result.error.issues)
        ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    }
    if (mine.success) check?.(mine.data, hub.success ? hub.data : undefined, report);
    if (!hub.success || !mine.success) return z.NEVER;
    return { hub: hub.data, own: mine.data };
  });
}

/**
 * A service's whole configuration, its own settings under `key` beside the hub's (`{ hub, projector }`):
 * the composed schema, and `load`, which main calls once to parse the environment (a ConfigError names
 * every bad variable).
 */
export function serviceConfig<Own, Key extends string>(own: z.ZodType<Own>, key: Key) {
  type Config = ServiceConfig<Key, Own>;
  const schema = composeConfig(own).transform(({ hub, own: mine }) => ({ hub, [key]: mine }) as Config);
  return { schema, load: (env: Env = process.env): Config => parseConfig(schema, env) };
}
