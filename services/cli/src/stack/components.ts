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
import { endpoints, type StackSettings } from './settings';
import { ensureRedisSecrets, healthCheckCredentials } from './redis-security';
import { spawnSync } from 'node:child_process';

/** One server of the local stack. */
export interface Component {
  readonly name: 'kafka' | 'registry' | 'redis';
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

const healthChecks: Record<Component['name'], (address: string, s: StackSettings) => Promise<void>> = {
  kafka: (address, s) => checkKafka(address, s.kafkaPlaintext ? undefined : adminCredentials(s)),
  registry: checkRegistry,
  // As the admin: the `default` user is off (redis-users.ts).
  redis: (address, s) => checkRedis(address, healthCheckCredentials(s)),
};

/**
 * A server with its pid and log files under `.hub/run` and `.hub/logs`; starting it checks its
 * prerequisite, then `launch` starts it in `.hub/<name>`.
 */
function component(
  s: StackSettings,
  name: Component['name'],
  requirePrerequisite: () => void,
  launch: (dir: string, server: ManagedProcess) => void,
): Component {
  const dir = join(s.hubDir, name);
  const server = managed(s, name);
  const address = endpoints(s)[name];
  return {
    name,
    process: server,
    address,
    health: () => healthChecks[name](address, s),
    start: () => {
      requirePrerequisite();
      mkdirSync(dir, { recursive: true });
      launch(dir, server);
    },
  };
}

function kafka(s: StackSettings): Component {
  return component(s, 'kafka', requireJava, (dir, server) => {
    const dataDir = join(dir, 'data');
    const propsFile = join(dir, 'server.properties');
    const classpath = `${kafkaLibDir(s)}/*`;
    mkdirSync(dataDir, { recursive: true });
    const template = readFileSync(join(s.repoRoot, 'infra', 'kafka', 'server.properties'), 'utf8');
    ensureKafkaSecrets(s);
    const props = template
      .replaceAll('${SECURITY}', brokerSecurityProperties(s))
      .replaceAll('${KAFKA_PORT}', String(s.kafkaPort))
      .replaceAll('${SASL_PORT}', String(s.kafkaSaslPort))
      .replaceAll('${CONTROLLER_PORT}', String(s.kafkaControllerPort))
      .replaceAll('${DATA_DIR}', dataDir);
    // It holds the broker's own SCRAM password.
    writeFileSync(propsFile, props, { mode: 0o600 });
    chmodSync(propsFile, 0o600);
    if (!existsSync(join(dataDir, 'meta.properties'))) {
      // KRaft needs its log directory formatted once with a cluster id (a base64url UUID).
      const clusterId = randomBytes(16).toString('base64url');
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
      if (r.status !== 0) throw new Error(`formatting Kafka's log directory failed:\n${r.stdout}${r.stderr}`);
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
  return component(s, 'registry', requireJava, (dir, server) => {
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
  });
}

function redis(s: StackSettings): Component {
  return component(s, 'redis', requireRedis, (dir, server) => {
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
  return [kafka(s), registry(s), redis(s)];
}
