/** The shared stack's addresses, which jest's global setup (tests/setup/global-setup.ts) puts in the environment. */
export interface StackAddresses {
  readonly kafka: string;
  readonly registry: string;
  readonly redis: string;
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
  };
}
