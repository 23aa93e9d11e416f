import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/** Addresses set by the global setup (tests/setup/global-setup.ts). */
export function stackAddresses(): { kafka: string; registry: string; redis: string } {
  const need = (name: string): string => {
    const v = process.env[name];
    if (v === undefined || v === '')
      throw new Error(`${name} is not set: run stack tests through jest's "stack" project`);
    return v;
  };
  return {
    kafka: need('HOMEFIRST_KAFKA_BROKERS'),
    registry: need('HOMEFIRST_REGISTRY_URL'),
    redis: need('HOMEFIRST_REDIS_URL'),
  };
}

/** A name no other test or run uses: topics, groups, subjects and key prefixes are isolated per test. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** Polls `probe` until it returns a value, failing with `what` once `timeoutMs` has passed. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    await sleep(100);
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${lastError instanceof Error ? `: ${lastError.message}` : ''}`,
  );
}
