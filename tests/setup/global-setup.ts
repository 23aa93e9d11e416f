import { endpoints, loadStackSettings, localRedisDefaults, stackUp } from '../../services/cli/src/stack';

/**
 * Jest global setup for stack tests: bring the local stack up once per run, or reuse a healthy one,
 * and point every test at it through the same variables the services read.
 *
 * HOMEFIRST_STACK=external skips the bring-up and uses whatever HOMEFIRST_* addresses say — for a
 * cluster of your own, and for proving that the smoke test fails when a server is down.
 *
 * Redis: tests connect as the stack's admin user (its password file under the stack's folder), unless
 * the environment names its own Redis credentials, or a Redis other than the stack's (then as given).
 */
export default async function globalSetup(): Promise<void> {
  const settings = loadStackSettings();
  const e = endpoints(settings);
  process.env.HOMEFIRST_KAFKA_BROKERS ??= e.kafka;
  process.env.HOMEFIRST_REGISTRY_URL ??= e.registry;
  const ownRedis =
    process.env.HOMEFIRST_REDIS_URL !== undefined && process.env.HOMEFIRST_REDIS_URL !== e.redis;
  process.env.HOMEFIRST_REDIS_URL ??= e.redis;
  const useStackAdmin = (): void => {
    if (!ownRedis)
      Object.assign(process.env, localRedisDefaults(settings, { ...process.env, HOMEFIRST_REDIS_URL: '' }));
  };
  if (process.env.HOMEFIRST_STACK === 'external') {
    useStackAdmin();
    return;
  }
  const started = Date.now();
  const rows = await stackUp(settings, (line) => process.stderr.write(`[stack] ${line}\n`));
  useStackAdmin();
  const what = rows.map((r) => `${r.name} ${r.action ?? ''}`).join(', ');
  process.stderr.write(`\n[stack] healthy in ${((Date.now() - started) / 1000).toFixed(1)} s (${what})\n`);
}
