import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCertificate, ensureCertificateAuthority, type CertificateFiles } from '@homefirst/runtime';
import { kafkaLibDir } from './artifacts';
import {
  ADMIN_PRINCIPAL,
  aclPlanLines,
  councilPrincipal,
  HUB_PRINCIPALS,
  superUsers,
  type HubPrincipal,
} from './kafka-principals';
import { requireJavaCompiler, requireOpenssl } from './prerequisites';
import {
  endpoints,
  kafkaSecureAddress,
  nodeSecureAddress,
  type KafkaNode,
  type StackSettings,
} from './settings';

/**
 * Kafka security of the local stack, made on `homefirst stack up` with standard tools and reused after:
 * a local CA and the broker's certificate (openssl, `.hub/tls/kafka/`), a random SCRAM password per hub
 * principal (`.hub/kafka-credentials/<name>.password`, mode 0600), the listener settings of
 * server.properties, and the SCRAM users and ACLs applied through the Admin API by
 * infra/kafka/HubSecurity.java (one JVM, only when the plan or the cluster changed). Not for production:
 * docs/kafka-security.md says what a deployment sets instead.
 */

export const kafkaTlsDir = (s: StackSettings): string => join(s.hubDir, 'tls', 'kafka');
export const kafkaCredentialsDir = (s: StackSettings): string => join(s.hubDir, 'kafka-credentials');
export const kafkaCaFile = (s: StackSettings): string => join(kafkaTlsDir(s), 'ca.crt');
export const passwordFile = (s: StackSettings, principal: string): string =>
  join(kafkaCredentialsDir(s), `${principal}.password`);
const brokerPemFile = (s: StackSettings): string => join(kafkaTlsDir(s), 'broker.pem');

const writeSecret = (file: string, text: string): void => {
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
};

/** The principal's password, made (random, 0600) when missing. */
export function ensurePassword(s: StackSettings, principal: string): string {
  const dir = kafkaCredentialsDir(s);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = passwordFile(s, principal);
  if (!existsSync(file)) writeSecret(file, `${randomBytes(24).toString('base64url')}\n`);
  return readFileSync(file, 'utf8').trim();
}

/** The local Kafka CA and the broker certificate (localhost, 127.0.0.1, ::1), and every hub principal's password. */
export function ensureKafkaSecrets(s: StackSettings): { ca: CertificateFiles; broker: CertificateFiles } {
  requireOpenssl();
  const dir = kafkaTlsDir(s);
  const ca = ensureCertificateAuthority(dir, 'ca', {
    commonName: 'Homefirst local Kafka CA',
    organisation: 'Homefirst local hub',
  });
  const broker = ensureCertificate(dir, ca, {
    name: 'broker',
    usage: 'server',
    subject: { commonName: 'localhost', organisation: 'Homefirst local hub' },
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1', '::1'],
  });
  // Kafka's PEM key store: the PKCS#8 key and the certificate in one file.
  writeSecret(
    brokerPemFile(s),
    `${readFileSync(broker.keyFile, 'utf8')}${readFileSync(broker.certFile, 'utf8')}`,
  );
  for (const p of HUB_PRINCIPALS) ensurePassword(s, p.name);
  return { ca, broker };
}

const scramJaas = (username: string, password: string): string =>
  `org.apache.kafka.common.security.scram.ScramLoginModule required username="${username}" password="${password}";`;

/** The `${SECURITY}` block of infra/kafka/server.properties for one node. */
export function brokerSecurityProperties(s: StackSettings, node: KafkaNode): string {
  const plaintext = `PLAINTEXT://127.0.0.1:${node.plaintextPort}`;
  const secure = `SASL_SSL://${nodeSecureAddress(node)}`;
  const advertised = s.kafkaPlaintext ? [plaintext, secure] : [secure];
  return [
    `listeners=${[...advertised, `CONTROLLER://127.0.0.1:${node.controllerPort}`].join(',')}`,
    `advertised.listeners=${advertised.join(',')}`,
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL',
    `inter.broker.listener.name=${s.kafkaPlaintext ? 'PLAINTEXT' : 'SASL_SSL'}`,
    'sasl.enabled.mechanisms=SCRAM-SHA-512',
    'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
    `listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=${scramJaas(ADMIN_PRINCIPAL, ensurePassword(s, ADMIN_PRINCIPAL))}`,
    'listener.name.sasl_ssl.ssl.keystore.type=PEM',
    `listener.name.sasl_ssl.ssl.keystore.location=${brokerPemFile(s)}`,
    'listener.name.sasl_ssl.ssl.truststore.type=PEM',
    `listener.name.sasl_ssl.ssl.truststore.location=${kafkaCaFile(s)}`,
    'listener.name.sasl_ssl.ssl.enabled.protocols=TLSv1.3,TLSv1.2',
    // Deny by default: a principal does only what an ACL allows. ANONYMOUS is the principal of the
    // loopback controller listener and of the dev/test-only plaintext listener, hence a super user.
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found=false',
    `super.users=${superUsers()}`,
    // A deleted SCRAM user's open connections must re-authenticate within a minute.
    'connections.max.reauth.ms=60000',
  ].join('\n');
}

/** `kafka-storage format` arguments that create the admin's SCRAM credential with the cluster. */
export const formatScramArgs = (s: StackSettings): string[] => [
  '--add-scram',
  `SCRAM-SHA-512=[name=${ADMIN_PRINCIPAL},password=${ensurePassword(s, ADMIN_PRINCIPAL)}]`,
];

/** Admin client properties for HubSecurity.java: the plaintext loopback listeners when they run, else SASL_SSL. */
function adminClientProperties(s: StackSettings): string {
  if (s.kafkaPlaintext) return `bootstrap.servers=${endpoints(s).kafka}\n`;
  return [
    `bootstrap.servers=${kafkaSecureAddress(s)}`,
    'security.protocol=SASL_SSL',
    'sasl.mechanism=SCRAM-SHA-512',
    `sasl.jaas.config=${scramJaas(ADMIN_PRINCIPAL, ensurePassword(s, ADMIN_PRINCIPAL))}`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${kafkaCaFile(s)}`,
    '',
  ].join('\n');
}

/** Runs infra/kafka/HubSecurity.java over `plan` lines; returns its stdout. */
export function applySecurityPlan(s: StackSettings, plan: readonly string[]): string {
  requireJavaCompiler();
  const work = join(s.hubDir, 'kafka', `.security-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(work, { recursive: true, mode: 0o700 });
  try {
    const props = join(work, 'admin.properties');
    const planFile = join(work, 'plan.tsv');
    writeSecret(props, adminClientProperties(s));
    writeSecret(planFile, `${plan.join('\n')}\n`);
    const r = spawnSync(
      'java',
      [
        '-XX:TieredStopAtLevel=1',
        '-Xmx256m',
        `-Dlog4j2.configurationFile=${join(s.repoRoot, 'infra', 'kafka', 'log4j2.properties')}`,
        `-Dkafka.logs.dir=${join(s.hubDir, 'logs')}`,
        '-cp',
        `${kafkaLibDir(s)}/*`,
        join(s.repoRoot, 'infra', 'kafka', 'HubSecurity.java'),
        props,
        planFile,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 },
    );
    if (r.status !== 0)
      throw new Error(
        `applying Kafka users and ACLs failed (exit ${String(r.status)}):\n${`${r.stdout}${r.stderr}`.slice(-3000)}`,
      );
    return r.stdout;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The plan lines that create a principal's SCRAM user and its ACLs. */
export const principalPlan = (s: StackSettings, p: HubPrincipal): string[] => [
  ['user', p.name, passwordFile(s, p.name)].join('\t'),
  ...aclPlanLines(p),
];

/** The councils granted on this stack (`homefirst councils add`): those with a password file. */
function grantedCouncils(s: StackSettings): HubPrincipal[] {
  const dir = kafkaCredentialsDir(s);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((file) => /^council-([EWSN]\d{8})\.password$/.exec(file)?.[1])
    .filter((laCode): laCode is string => laCode !== undefined)
    .sort()
    .map(councilPrincipal);
}

const stampFile = (s: StackSettings): string => join(s.hubDir, 'kafka', 'security-applied');

function clusterId(s: StackSettings): string {
  const meta = join(s.hubDir, 'kafka', 'data', 'meta.properties');
  return existsSync(meta) ? (/^cluster\.id=(.+)$/m.exec(readFileSync(meta, 'utf8'))?.[1] ?? '') : '';
}

/**
 * Creates the hub principals' SCRAM users and ACLs on the running broker, unless this very plan was
 * already applied to this cluster (a stamp: cluster id + plan hash), so a restart costs nothing.
 */
export function ensureKafkaAccess(
  s: StackSettings,
  log: (line: string) => void = () => undefined,
  options: { force?: boolean } = {},
): void {
  ensureKafkaSecrets(s);
  const plan = [...HUB_PRINCIPALS, ...grantedCouncils(s)].flatMap((p) => principalPlan(s, p));
  const planHash = createHash('sha256').update(plan.join('\n')).digest('hex').slice(0, 16);
  const stamp = `${clusterId(s)} ${planHash}`;
  if (
    options.force !== true &&
    existsSync(stampFile(s)) &&
    readFileSync(stampFile(s), 'utf8').trim() === stamp
  )
    return;
  const started = Date.now();
  applySecurityPlan(s, plan);
  writeFileSync(stampFile(s), `${stamp}\n`);
  log(
    `Kafka users and ACLs applied for ${plan.filter((line) => line.startsWith('user\t')).length} principals in ${((Date.now() - started) / 1000).toFixed(1)} s (credentials in ${kafkaCredentialsDir(s)})`,
  );
}

/**
 * The hub variables that make a process use the SASL_SSL listener as `principal` (the config kit's
 * HOMEFIRST_KAFKA_* variables; the password is read from its file, never put in the environment).
 */
export function kafkaClientEnv(s: StackSettings, principal: string): Record<string, string> {
  return {
    HOMEFIRST_KAFKA_BROKERS: kafkaSecureAddress(s),
    HOMEFIRST_KAFKA_SSL: 'true',
    HOMEFIRST_KAFKA_SSL_CA_FILE: kafkaCaFile(s),
    HOMEFIRST_KAFKA_SASL_MECHANISM: 'scram-sha-512',
    HOMEFIRST_KAFKA_SASL_USERNAME: principal,
    HOMEFIRST_KAFKA_SASL_PASSWORD_FILE: passwordFile(s, principal),
  };
}
