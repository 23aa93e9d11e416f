import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kafkaLibDir, registryRunnerJar } from './artifacts';
import { checkKafka, checkRedis, checkRegistry, type KafkaCredentials } from './health';
import { ADMIN_PRINCIPAL } from './kafka-principals';
import {
  brokerSecurityProperties,
  ensureKafkaSecrets,
  ensurePassword,
  formatScramArgs,
  kafkaCaFile,
} from './kafka-security';
import type { ManagedProcess } from './processes';
import { startDetached } from './processes';
import { requireJava, requireRedis } from './prerequisites';
import {
  endpoints,
  kafkaNodes,
  kafkaNodesFile,
  nodeAddress,
  type KafkaNode,
  type StackSettings,
} from './settings';
import { ensureRedisSecrets, healthCheckCredentials } from './redis-security';
import { spawnSync } from 'node:child_process';

/** One server of the local stack. */
export interface Component {
  /** `kafka` (node 1), `kafka-2` and `kafka-3` (the other nodes of a three-node cluster), `registry`, `redis`. */
  readonly name: string;
  readonly process: ManagedProcess;
  /** Where clients reach it. */
  readonly address: string;
  /** Resolves when healthy; rejects with the reason otherwise. */
  health(): Promise<void>;
  /** Starts the server (it is known not to be running). */
  start(): void;
}

const managed = (s: StackSettings, name: string): ManagedProcess => ({
  name,
  pidFile: join(s.hubDir, 'run', `${name}.pid`),
  logFile: join(s.hubDir, 'logs', `${name}.log`),
});

const jvmCommon = [
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:+ExitOnOutOfMemoryError',
  '-Djava.awt.headless=true',
];

/** Starts a JVM of the stack detached: its heap, the flags every one shares, then its own arguments. */
function startJvm(
  server: ManagedProcess,
  heap: { readonly min: string; readonly max: string },
  args: readonly string[],
  dir: string,
): void {
  startDetached(server, 'java', [`-Xms${heap.min}`, `-Xmx${heap.max}`, ...jvmCommon, ...args], dir);
}

/** A principal's credentials for the SASL_SSL listener (by default the admin's: the only way in when plaintext is off). */
export function adminCredentials(s: StackSettings, principal: string = ADMIN_PRINCIPAL): KafkaCredentials {
  return {
    ca: readFileSync(kafkaCaFile(s), 'utf8'),
    sasl: {
      mechanism: 'scram-sha-512',
      username: principal,
      password: ensurePassword(s, principal),
    },
  };
}

/**
 * A server with its pid and log files under `.hub/run` and `.hub/logs`; starting it checks its
 * prerequisite, then `launch` starts it in `.hub/<name>`.
 */
function component(
  s: StackSettings,
  name: string,
  address: string,
  health: () => Promise<void>,
  requirePrerequisite: () => void,
  launch: (dir: string, server: ManagedProcess) => void,
): Component {
  const dir = join(s.hubDir, name);
  const server = managed(s, name);
  return {
    name,
    process: server,
    address,
    health,
    start: () => {
      requirePrerequisite();
      mkdirSync(dir, { recursive: true });
      launch(dir, server);
    },
  };
}

/**
 * Refuses a node count other than the one the stack's Kafka was formatted with (`.hub/kafka/nodes`; a node 1
 * formatted before the file existed counts as one): the controller quorum is fixed at format time.
 */
export function assertKafkaLayout(s: StackSettings): void {
  const nodesFile = kafkaNodesFile(s.hubDir);
  const recorded = existsSync(nodesFile)
    ? Number(readFileSync(nodesFile, 'utf8').trim())
    : existsSync(join(s.hubDir, 'kafka', 'data', 'meta.properties'))
      ? 1
      : undefined;
  if (recorded !== undefined && recorded !== s.kafkaBrokers)
    throw new Error(
      `the stack's Kafka in ${s.hubDir} was formatted with ${recorded} node(s), not ${s.kafkaBrokers}: ` +
        `start it as it was (--brokers ${recorded}), or stop it and delete ${join(s.hubDir, 'kafka')}* ` +
        '(its topics and data go with it), or use another HOMEFIRST_HUB_DIR',
    );
}

/**
 * The KRaft cluster id every node is formatted with: node 1's when it is formatted, else the one recorded
 * for the cluster, else a new one (a base64url UUID). Records the node count.
 */
function kafkaClusterId(s: StackSettings): string {
  assertKafkaLayout(s);
  mkdirSync(join(s.hubDir, 'kafka'), { recursive: true });
  writeFileSync(kafkaNodesFile(s.hubDir), `${s.kafkaBrokers}\n`);
  const nodeOneMeta = join(s.hubDir, 'kafka', 'data', 'meta.properties');
  const idFile = join(s.hubDir, 'kafka', 'cluster-id');
  const fromMeta = existsSync(nodeOneMeta)
    ? /^cluster\.id=(.+)$/m.exec(readFileSync(nodeOneMeta, 'utf8'))?.[1]
    : undefined;
  const id =
    fromMeta ??
    (existsSync(idFile) ? readFileSync(idFile, 'utf8').trim() : randomBytes(16).toString('base64url'));
  writeFileSync(idFile, `${id}\n`);
  return id;
}

/** A node's server.properties from the template (pure: the security block is passed in). */
export function kafkaNodeProperties(
  template: string,
  s: StackSettings,
  node: KafkaNode,
  dataDir: string,
  security: string,
): string {
  const nodes = kafkaNodes(s);
  const replication = nodes.length;
  return template
    .replaceAll('${SECURITY}', security)
    .replaceAll('${NODE_ID}', String(node.id))
    .replaceAll('${VOTERS}', nodes.map((n) => `${n.id}@127.0.0.1:${n.controllerPort}`).join(','))
    .replaceAll('${REPLICATION}', String(replication))
    .replaceAll('${MIN_ISR}', String(replication >= 3 ? 2 : 1))
    .replaceAll('${KAFKA_PORT}', String(node.plaintextPort))
    .replaceAll('${SASL_PORT}', String(node.saslPort))
    .replaceAll('${CONTROLLER_PORT}', String(node.controllerPort))
    .replaceAll('${DATA_DIR}', dataDir);
}

function kafka(s: StackSettings, node: KafkaNode): Component {
  const address = nodeAddress(s, node);
  const health = () => checkKafka(address, s.kafkaPlaintext ? undefined : adminCredentials(s));
  return component(s, node.name, address, health, requireJava, (dir, server) => {
    const dataDir = join(dir, 'data');
    const propsFile = join(dir, 'server.properties');
    const classpath = `${kafkaLibDir(s)}/*`;
    mkdirSync(dataDir, { recursive: true });
    const template = readFileSync(join(s.repoRoot, 'infra', 'kafka', 'server.properties'), 'utf8');
    ensureKafkaSecrets(s);
    const clusterId = kafkaClusterId(s);
    const props = kafkaNodeProperties(template, s, node, dataDir, brokerSecurityProperties(s, node));
    // It holds the broker's own SCRAM password.
    writeFileSync(propsFile, props, { mode: 0o600 });
    chmodSync(propsFile, 0o600);
    if (!existsSync(join(dataDir, 'meta.properties'))) {
      // KRaft needs each log directory formatted once with the cluster's id.
      const r = spawnSync(
        'java',
        [
          '-cp',
          classpath,
          'kafka.tools.StorageTool',
          'format',
          `--cluster-id=${clusterId}`,
          '--config',
          propsFile,
          // The admin's SCRAM credential exists from the first record; the rest come from ensureKafkaAccess.
          ...formatScramArgs(s),
        ],
        {
          encoding: 'utf8',
        },
      );
      if (r.status !== 0)
        throw new Error(`formatting ${node.name}'s log directory failed:\n${r.stdout}${r.stderr}`);
    }
    startJvm(
      server,
      { min: '256m', max: s.kafkaHeap },
      [
        `-Dlog4j2.configurationFile=${join(s.repoRoot, 'infra', 'kafka', 'log4j2.properties')}`,
        `-Dkafka.logs.dir=${join(s.hubDir, 'logs')}`,
        '-cp',
        classpath,
        'kafka.Kafka',
        propsFile,
      ],
      dir,
    );
  });
}

function registry(s: StackSettings): Component {
  const address = endpoints(s).registry;
  return component(
    s,
    'registry',
    address,
    () => checkRegistry(address),
    requireJava,
    (dir, server) => {
      startJvm(
        server,
        { min: '128m', max: s.registryHeap },
        [
          '-XX:TieredStopAtLevel=1',
          `-Dquarkus.http.host=127.0.0.1`,
          `-Dquarkus.http.port=${s.registryPort}`,
          // SQL storage in an H2 file under .hub: schema ids survive a restart.
          `-Dapicurio.storage.kind=sql`,
          `-Dapicurio.storage.sql.kind=h2`,
          `-Dapicurio.datasource.url=jdbc:h2:file:${join(dir, 'registry')};DB_CLOSE_ON_EXIT=FALSE`,
          `-Dapicurio.datasource.username=sa`,
          `-Dapicurio.datasource.password=sa`,
          // Tests clean up the subjects they create.
          '-Dapicurio.rest.deletion.artifact.enabled=true',
          '-Dapicurio.rest.deletion.artifact-version.enabled=true',
          '-Dapicurio.rest.deletion.group.enabled=true',
          '-jar',
          registryRunnerJar(s),
        ],
        dir,
      );
    },
  );
}

function redis(s: StackSettings): Component {
  const address = endpoints(s).redis;
  // As the admin: the `default` user is off (redis-users.ts).
  const health = () => checkRedis(address, healthCheckCredentials(s));
  return component(s, 'redis', address, health, requireRedis, (dir, server) => {
    // Our own port and data directory, with AOF persistence; never the machine's Redis on 6379. ACL users
    // from the aclfile (redis-security.ts): `default` off, one user per hub service.
    const aclFile = ensureRedisSecrets(s);
    startDetached(
      server,
      'redis-server',
      [
        '--aclfile',
        aclFile,
        '--port',
        String(s.redisPort),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--save',
        '',
        '--daemonize',
        'no',
        '--logfile',
        '',
      ],
      dir,
    );
  });
}

export function components(s: StackSettings): readonly Component[] {
  return [...kafkaNodes(s).map((node) => kafka(s, node)), registry(s), redis(s)];
}
