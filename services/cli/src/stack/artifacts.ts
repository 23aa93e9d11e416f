import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireMaven } from './prerequisites';
import type { StackSettings } from './settings';

/** Versions pinned in infra/pom.xml, the single place to change them. */
export function pinnedVersions(s: StackSettings): { kafka: string; registry: string } {
  const pom = readFileSync(join(s.repoRoot, 'infra', 'pom.xml'), 'utf8');
  const read = (prop: string): string => {
    const v = new RegExp(`<${prop}>([^<]+)</${prop}>`).exec(pom)?.[1];
    if (v === undefined) throw new Error(`infra/pom.xml has no <${prop}>`);
    return v;
  };
  return { kafka: read('kafka.version'), registry: read('apicurio.version') };
}

export const kafkaLibDir = (s: StackSettings): string => join(s.hubDir, 'lib', 'kafka');
export const registryLibDir = (s: StackSettings): string => join(s.hubDir, 'lib', 'registry');

export function registryRunnerJar(s: StackSettings): string {
  const dir = registryLibDir(s);
  const jar = existsSync(dir)
    ? readdirSync(dir).find((f) => /^apicurio-registry-app-.*-runner\.jar$/.test(f))
    : undefined;
  if (jar === undefined)
    throw new Error(`no Apicurio runner jar in ${dir}; run \`homefirst stack up\` online once`);
  return join(dir, jar);
}

function maven(s: StackSettings, profile: string, goal: string): string {
  requireMaven();
  const r = spawnSync(
    'mvn',
    [
      '-B',
      '-q',
      '-Dstyle.color=never',
      '-f',
      join(s.repoRoot, 'infra', 'pom.xml'),
      `-P${profile}`,
      `-Dhub.dir=${s.hubDir}`,
      ...goal.split(' '),
    ],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  if (r.status !== 0) {
    throw new Error(
      `Maven could not resolve the ${profile} artifacts (mvn ${goal} -P${profile}):\n${(r.stdout + r.stderr).slice(-3000)}`,
    );
  }
  return r.stdout;
}

/** Unpacks the Apicurio distribution that `dependency:get` put in the local Maven repository. */
function unpackRegistry(s: StackSettings, version: string): void {
  const localRepo = maven(s, 'registry', 'help:evaluate -Dexpression=settings.localRepository -DforceStdout')
    .replace(/\u001b\[[0-9;]*m/g, '') // eslint-disable-line no-control-regex -- strip Maven's colour codes
    .trim();
  const tarball = join(
    localRepo,
    'io',
    'apicurio',
    'apicurio-registry-app',
    version,
    `apicurio-registry-app-${version}-all.tar.gz`,
  );
  if (!existsSync(tarball)) throw new Error(`Maven reported success but ${tarball} is missing`);
  mkdirSync(registryLibDir(s), { recursive: true });
  const r = spawnSync('tar', ['-xzf', tarball, '-C', registryLibDir(s)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`unpacking ${tarball} failed: ${r.stderr}`);
}

/**
 * Makes sure the pinned Kafka and Apicurio distributions are under .hub/lib. A stamp per version means
 * later starts never call Maven, so they work offline.
 */
export function ensureArtifacts(s: StackSettings, log: (line: string) => void): void {
  const v = pinnedVersions(s);
  const steps = [
    {
      dir: kafkaLibDir(s),
      stamp: `.resolved-${v.kafka}`,
      profile: 'kafka',
      goal: 'dependency:copy-dependencies',
      what: `Apache Kafka ${v.kafka}`,
    },
    {
      dir: registryLibDir(s),
      stamp: `.resolved-${v.registry}`,
      profile: 'registry',
      goal: 'dependency:get',
      what: `Apicurio Registry ${v.registry}`,
    },
  ];
  for (const step of steps) {
    if (existsSync(join(step.dir, step.stamp))) continue;
    log(`resolving ${step.what} from Maven Central (first start only)…`);
    rmSync(step.dir, { recursive: true, force: true });
    maven(s, step.profile, step.goal);
    if (step.profile === 'registry') unpackRegistry(s, v.registry);
    writeFileSync(join(step.dir, step.stamp), `${new Date().toISOString()}\n`);
  }
}
