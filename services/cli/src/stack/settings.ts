import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';

/** Where the repository lives: the nearest folder above this file that holds infra/pom.xml. */
export function findRepoRoot(from: string = __dirname): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'infra', 'pom.xml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the Homefirst repository (infra/pom.xml) above ${from}`);
    dir = parent;
  }
}

const port = z.coerce.number().int().min(1).max(65535);
const heap = z.string().regex(/^\d+[mMgG]$/, 'a JVM heap size such as 512m or 1g');

const stackEnv = z.object({
  HOMEFIRST_HUB_DIR: z.string().min(1).optional(),
  HOMEFIRST_KAFKA_PORT: port.default(19092),
  HOMEFIRST_KAFKA_CONTROLLER_PORT: port.default(19093),
  // The authenticated listener (SASL/SCRAM-SHA-512 over TLS, ACLs) every hub service uses.
  HOMEFIRST_KAFKA_SASL_PORT: port.default(19094),
  // The dev/test-only plaintext listener on 127.0.0.1 (its ANONYMOUS principal is a super user); false turns it off.
  HOMEFIRST_KAFKA_PLAINTEXT: z.enum(['true', 'false']).default('true'),
  HOMEFIRST_REGISTRY_PORT: port.default(18081),
  HOMEFIRST_REDIS_PORT: port.default(16379),
  // Sized for a 2-core, 24 GiB machine: the broker gets 1 GiB, the registry 512 MiB.
  HOMEFIRST_KAFKA_HEAP: heap.default('1g'),
  HOMEFIRST_REGISTRY_HEAP: heap.default('512m'),
  HOMEFIRST_STACK_START_TIMEOUT_S: z.coerce.number().int().min(5).max(3600).default(180),
});

export interface StackSettings {
  readonly repoRoot: string;
  readonly hubDir: string;
  readonly kafkaPort: number;
  readonly kafkaControllerPort: number;
  /** SASL_SSL listener: SCRAM-SHA-512 over TLS with the local CA, ACLs deny by default. */
  readonly kafkaSaslPort: number;
  /** Whether the loopback-only plaintext listener (dev/test speed path) runs on `kafkaPort`. */
  readonly kafkaPlaintext: boolean;
  readonly registryPort: number;
  readonly redisPort: number;
  readonly kafkaHeap: string;
  readonly registryHeap: string;
  readonly startTimeoutMs: number;
}

/** The local stack's settings, from the environment; errors name the variable. */
export function loadStackSettings(
  env: NodeJS.ProcessEnv = process.env,
  repoRoot = findRepoRoot(),
): StackSettings {
  const parsed = stackEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid local stack settings — ${problems}`);
  }
  const e = parsed.data;
  const ports = [
    e.HOMEFIRST_KAFKA_PORT,
    e.HOMEFIRST_KAFKA_CONTROLLER_PORT,
    e.HOMEFIRST_KAFKA_SASL_PORT,
    e.HOMEFIRST_REGISTRY_PORT,
    e.HOMEFIRST_REDIS_PORT,
  ];
  if (new Set(ports).size !== ports.length)
    throw new Error(`invalid local stack settings — ports must differ (got ${ports.join(', ')})`);
  return {
    repoRoot,
    hubDir: resolve(repoRoot, e.HOMEFIRST_HUB_DIR ?? '.hub'),
    kafkaPort: e.HOMEFIRST_KAFKA_PORT,
    kafkaControllerPort: e.HOMEFIRST_KAFKA_CONTROLLER_PORT,
    kafkaSaslPort: e.HOMEFIRST_KAFKA_SASL_PORT,
    kafkaPlaintext: e.HOMEFIRST_KAFKA_PLAINTEXT === 'true',
    registryPort: e.HOMEFIRST_REGISTRY_PORT,
    redisPort: e.HOMEFIRST_REDIS_PORT,
    kafkaHeap: e.HOMEFIRST_KAFKA_HEAP,
    registryHeap: e.HOMEFIRST_REGISTRY_HEAP,
    startTimeoutMs: e.HOMEFIRST_STACK_START_TIMEOUT_S * 1000,
  };
}

/** The authenticated SASL_SSL listener (SCRAM-SHA-512 over TLS, ACLs) every hub service uses. */
export const kafkaSecureAddress = (s: StackSettings): string => `127.0.0.1:${s.kafkaSaslPort}`;

/**
 * Addresses clients use to reach the local stack. `kafka` is the dev/test-only plaintext loopback listener
 * when it runs (what the test suite uses), else the authenticated one (`kafkaSecureAddress`).
 */
export function endpoints(s: StackSettings): { kafka: string; registry: string; redis: string } {
  return {
    kafka: s.kafkaPlaintext ? `127.0.0.1:${s.kafkaPort}` : kafkaSecureAddress(s),
    registry: `http://127.0.0.1:${s.registryPort}/apis/ccompat/v7`,
    redis: `redis://127.0.0.1:${s.redisPort}`,
  };
}
