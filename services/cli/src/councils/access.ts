import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createKafka,
  createLogger,
  createProducer,
  createTopicsAndWait,
  hubAuditHeader,
  loadConfig,
  withAdmin,
  writeAudit,
} from '@homefirst/runtime';
import {
  auditTopic,
  createRegistryClient,
  EventCodec,
  hospitalTopic,
  type KafkaAccessChangedEvent,
} from '@homefirst/schemas';
import type { Kafka } from 'kafkajs';
import { securedHubEnv } from '../services/supervisor';
import { ADMIN_PRINCIPAL, councilFeedTopic, councilPrincipal } from '../stack/kafka-principals';
import {
  applySecurityPlan,
  ensurePassword,
  kafkaCaFile,
  passwordFile,
  principalPlan,
} from '../stack/kafka-security';
import { endpoints, kafkaSecureAddress, type StackSettings } from '../stack/settings';
import { councilClientFiles } from './client-configs';

/**
 * A council's access to its own feed on the local hub's Kafka: its SCRAM user (password in
 * `.hub/kafka-credentials/`), its ACLs (read its feed topic, consumer groups with its prefix — nothing else),
 * the feed topic itself, and the client bundle for its integration team. Every grant and revoke is a
 * KafkaAccessChanged event on the audit topic, written by the admin principal.
 */

export interface CouncilGrant {
  readonly laCode: string;
  readonly principal: string;
  readonly topic: string;
  readonly groupPrefix: string;
  readonly outDir: string;
}

const quiet = () => createLogger({ name: 'homefirst-cli', level: 'error' }, process.stderr);
const adminKafka = (s: StackSettings): { kafka: Kafka; registryUrl: string } => {
  const config = loadConfig(securedHubEnv(s, ADMIN_PRINCIPAL));
  return { kafka: createKafka(config, quiet()), registryUrl: config.registry.url };
};

/** Writes the grant or revoke on the audit topic (acks from every in-sync replica); names no person. */
async function auditChange(
  s: StackSettings,
  actor: string,
  change: 'GRANTED' | 'REVOKED',
  laCode: string,
): Promise<void> {
  const { kafka, registryUrl } = adminKafka(s);
  const codec = new EventCodec({ registry: createRegistryClient({ url: registryUrl }), prefix: '' });
  const principal = councilPrincipal(laCode);
  const event: KafkaAccessChangedEvent = {
    ...hubAuditHeader('homefirst-cli', new Date()),
    type: 'KafkaAccessChanged',
    payload: {
      actorId: actor,
      principal: principal.name,
      change,
      topics: [councilFeedTopic(laCode)],
      groupPrefix: principal.name,
    },
  };
  const producer = createProducer(kafka);
  await producer.connect();
  try {
    await writeAudit(producer, codec, '', event);
  } finally {
    await producer.disconnect();
  }
}

/**
 * Creates the feed topic (person-stream partitions) when it is missing. The audit topic must exist already
 * (`homefirst up` or `homefirst topics apply`): every grant and revoke is audited there, so nothing is
 * changed without it.
 */
async function prepareTopics(s: StackSettings, feedTopic?: string): Promise<void> {
  await withAdmin(adminKafka(s).kafka, async (admin) => {
    const existing = await admin.listTopics();
    if (!existing.includes(auditTopic.name))
      throw new Error(
        `${auditTopic.name} does not exist: run \`homefirst topics apply\` (or \`homefirst up\`) first`,
      );
    if (feedTopic !== undefined && !existing.includes(feedTopic))
      await createTopicsAndWait(admin, [{ topic: feedTopic, numPartitions: hospitalTopic.partitions }]);
  });
}

/** `councils add`: user, ACLs, feed topic, client bundle in `outDir`, audit record. Idempotent. */
export async function addCouncil(
  s: StackSettings,
  laCode: string,
  options: { outDir?: string; actor: string },
): Promise<CouncilGrant> {
  const principal = councilPrincipal(laCode);
  const topic = councilFeedTopic(laCode);
  const password = ensurePassword(s, principal.name);
  await prepareTopics(s, topic);
  applySecurityPlan(s, principalPlan(s, principal));
  const outDir = options.outDir ?? join(s.hubDir, 'councils', laCode);
  mkdirSync(outDir, { recursive: true, mode: 0o700 });
  copyFileSync(kafkaCaFile(s), join(outDir, 'ca.crt'));
  for (const file of councilClientFiles({
    laCode,
    username: principal.name,
    password,
    broker: kafkaSecureAddress(s),
    topic,
    groupPrefix: principal.name,
    caFileName: 'ca.crt',
    registryUrl: endpoints(s).registry,
  }))
    writeFileSync(join(outDir, file.name), file.text, { mode: 0o600 });
  await auditChange(s, options.actor, 'GRANTED', laCode);
  return { laCode, principal: principal.name, topic, groupPrefix: principal.name, outDir };
}

/**
 * `councils remove`: deletes the council's ACLs first (the broker checks them on every request, so its
 * reads stop at once), then its SCRAM user and password file; open connections must re-authenticate within
 * connections.max.reauth.ms and then fail. The feed topic and its data stay.
 */
export async function removeCouncil(s: StackSettings, laCode: string, actor: string): Promise<void> {
  const principal = councilPrincipal(laCode);
  await prepareTopics(s);
  applySecurityPlan(s, [['drop', principal.name].join('\t')]);
  rmSync(passwordFile(s, principal.name), { force: true });
  await auditChange(s, actor, 'REVOKED', laCode);
}

/** `councils list`: the councils with a SCRAM user on the broker, by LA code. */
export function listCouncils(s: StackSettings): string[] {
  return applySecurityPlan(s, ['users'])
    .split('\n')
    .map((line) => line.trim())
    .filter((user) => /^council-[EWSN]\d{8}$/.test(user))
    .map((user) => user.slice('council-'.length))
    .sort();
}
