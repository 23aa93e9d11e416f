import { createKafka, createLogger, type HubConfig } from '@homefirst/runtime';
import type { Admin } from 'kafkajs';

/**
 * Runs `use` with an admin client of the hub's cluster, built by runtime's factory from the parsed hub
 * config — so the CLI honours the TLS and SASL settings the services do. kafkajs' complaints go to stderr
 * (stdout is the command's output, e.g. `--json`), errors only, as before.
 */
export async function withKafkaAdmin<T>(
  config: Pick<HubConfig, 'kafka'>,
  use: (admin: Admin) => Promise<T>,
): Promise<T> {
  const logger = createLogger({ name: 'homefirst-cli', level: 'error' }, process.stderr);
  const admin = createKafka(config, logger).admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}
