import { readFileSync } from 'node:fs';

/** The shared stack's addresses, which jest's global setup (tests/setup/global-setup.ts) puts in the environment. */
export interface StackAddresses {
  readonly kafka: string;
  readonly registry: string;
  readonly redis: string;
  /** ioredis options for the Redis user the tests connect as (the stack's admin), when one is set. */
  readonly redisAuth: { readonly username?: string; readonly password?: string };
}

/** HOMEFIRST_REDIS_USERNAME and the password (HOMEFIRST_REDIS_PASSWORD or _FILE), as ioredis options. */
function redisAuthOf(env: Readonly<Record<string, string | undefined>>): StackAddresses['redisAuth'] {
  const file = env.HOMEFIRST_REDIS_PASSWORD_FILE;
  const password = env.HOMEFIRST_REDIS_PASSWORD ?? (file ? readFileSync(file, 'utf8').trim() : undefined);
  return {
    ...(env.HOMEFIRST_REDIS_USERNAME ? { username: env.HOMEFIRST_REDIS_USERNAME } : {}),
    ...(password ? { password } : {}),
  };
}

export function stackAddresses(
  env: Readonly<Record<string, string | undefined>> = process.env,
): StackAddresses {
  const need = (name: string): string => {
    const value = env[name];
    if (value === undefined || value === '')
      throw new Error(`${name} is not set: run stack tests through jest's "stack" project`);
    return value;
  };
  return {
    kafka: need('HOMEFIRST_KAFKA_BROKERS'),
    registry: need('HOMEFIRST_REGISTRY_URL'),
    redis: need('HOMEFIRST_REDIS_URL'),
    redisAuth: redisAuthOf(env),
  };
}
