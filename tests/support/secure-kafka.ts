import { createKafka, createLogger, loadConfig } from '@homefirst/runtime';
import { catalogue } from '@homefirst/schemas';
import type { Kafka } from 'kafkajs';
import { loadStackSettings } from '../../services/cli/src/stack';
import { ADMIN_PRINCIPAL } from '../../services/cli/src/stack/kafka-principals';
import { kafkaClientEnv } from '../../services/cli/src/stack/kafka-security';
import { applyTopics } from '../../services/cli/src/topics/apply';

/** The running local stack's settings (the global setup's, or HOMEFIRST_STACK=external with the same ports). */
export const stackSettings = loadStackSettings();

/**
 * A client of the stack's SASL_SSL listener as one of its principals, built the way services build theirs:
 * runtime's config kit with the variables `homefirst up` gives them.
 */
export const kafkaAs = (principal: string): Kafka =>
  createKafka(
    loadConfig(kafkaClientEnv(stackSettings, principal)),
    createLogger({ name: `kafka-as-${principal}`, level: 'silent' }),
  );

/** Applies the catalogue topics (unprefixed, as `homefirst up` has them) as the admin; answers the admin client. */
export async function catalogueTopicsAsAdmin(): Promise<ReturnType<Kafka['admin']>> {
  const admin = kafkaAs(ADMIN_PRINCIPAL).admin();
  await admin.connect();
  await applyTopics(admin, catalogue, { prefix: '', retentionMs: {} });
  return admin;
}
