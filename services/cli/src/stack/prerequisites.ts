import { spawnSync } from 'node:child_process';
import { opensslVersion } from '@homefirst/runtime';

export class MissingPrerequisiteError extends Error {
  constructor(
    readonly tool: string,
    detail: string,
  ) {
    super(`${tool} is required for the local stack: ${detail}`);
    this.name = 'MissingPrerequisiteError';
  }
}

function versionOf(command: string, args: readonly string[]): string | undefined {
  const r = spawnSync(command, args, { encoding: 'utf8', env: process.env });
  if (r.error || r.status !== 0) return undefined;
  return `${r.stdout}${r.stderr}`;
}

/**
 * A tool on PATH at a major version of `minimum` or newer, read from its version output by `major`
 * (its first group). An output the pattern cannot read passes only when `unreadableOk`.
 */
function requireMajorVersion(tool: {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly major: RegExp;
  readonly minimum: number;
  readonly unreadableOk: boolean;
  readonly missing: string;
  readonly tooOld: (found: string) => string;
}): string {
  const out = versionOf(tool.command, tool.args);
  if (out === undefined) throw new MissingPrerequisiteError(tool.name, tool.missing);
  const major = tool.major.exec(out)?.[1];
  if (major === undefined ? !tool.unreadableOk : Number(major) < tool.minimum)
    throw new MissingPrerequisiteError(tool.name, tool.tooOld(out));
  return out;
}

/** Java 17 or newer runs Kafka and the registry. */
export function requireJava(): void {
  requireMajorVersion({
    name: 'Java',
    command: 'java',
    args: ['-version'],
    major: /version "(\d+)/,
    minimum: 17,
    unreadableOk: false,
    missing: 'no `java` on PATH. Install a JDK 17+ (Debian: apt-get install openjdk-17-jre-headless).',
    tooOld: (out) => `found ${out.split('\n')[0] ?? out}; Kafka 4 needs Java 17 or newer.`,
  });
}

/**
 * The JDK's compiler module: `java HubSecurity.java` (the single-file source launcher) creates the local
 * Kafka's SCRAM users and ACLs through the Admin API of the stack's own Kafka jars.
 */
export function requireJavaCompiler(): void {
  requireJava();
  const modules = versionOf('java', ['--list-modules']);
  if (modules === undefined || !/^jdk\.compiler@/m.test(modules))
    throw new MissingPrerequisiteError(
      'a Java JDK',
      'found a Java runtime without the jdk.compiler module, which runs infra/kafka/HubSecurity.java (Debian: apt-get install openjdk-17-jdk-headless).',
    );
}

/** Maven resolves the servers from Maven Central on first start only. */
export function requireMaven(): void {
  if (versionOf('mvn', ['-v']) === undefined)
    throw new MissingPrerequisiteError(
      'Maven',
      'no `mvn` on PATH; it is needed once, to download Kafka and the registry (Debian: apt-get install maven).',
    );
}

/** redis-server 7.0 or newer: the stack's ACL users have read-only key patterns (`%R~`, Redis 7.0). */
export function requireRedis(): void {
  requireMajorVersion({
    name: 'redis-server',
    command: 'redis-server',
    args: ['--version'],
    major: /\bv=(\d+)\./,
    minimum: 7,
    unreadableOk: true,
    missing: 'no `redis-server` on PATH (Debian: apt-get install redis-server).',
    tooOld: (out) =>
      `found ${out.trim()}; the stack's ACL users need Redis 7.0 or newer (read-only key patterns).`,
  });
}

/** openssl makes the local MLLP certificates (a CA, the listener's, the demo trust's) on first start. */
export function requireOpenssl(): void {
  if (opensslVersion() === undefined)
    throw new MissingPrerequisiteError(
      'openssl',
      'no `openssl` on PATH; it makes the local MLLP certificates (Debian: apt-get install openssl).',
    );
}
