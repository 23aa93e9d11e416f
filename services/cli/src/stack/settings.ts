import { existsSync, readFileSync } from 'node:fs';
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
  // Kafka nodes (each a broker and a KRaft controller): 1 for development, 3 for a cluster that survives
  // losing a broker. Unset: what the stack's Kafka was formatted with (`.hub/kafka/nodes`), else 1.
  HOMEFIRST_STACK_BROKERS: z.enum(['1', '3']).optional(),
});

/** Node n (1-based) listens `NODE_PORT_STRIDE × (n − 1)` above node 1's ports. */
export const NODE_PORT_STRIDE = 100;

/** One Kafka node of the local stack: a broker and a KRaft controller in one JVM. */
export interface KafkaNode {
  /** `node.id`, 1-based. */
  readonly id: number;
  /** `kafka` for node 1 (as with one node), `kafka-2`, `kafka-3` for the others. */
  readonly name: string;
  readonly plaintextPort: number;
  readonly saslPort: number;
  readonly controllerPort: number;
}

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
  /** Kafka nodes, 1 or 3 (`kafkaNodes` lists them). */
  readonly kafkaBrokers: number;
}

/** The file that records how many nodes the stack's Kafka was formatted with. */
export const kafkaNodesFile = (hubDir: string): string => join(hubDir, 'kafka', 'nodes');

function formattedBrokers(hubDir: string): number | undefined {
  const file = kafkaNodesFile(hubDir);
  if (!existsSync(file)) return undefined;
  const n = Number(readFileSync(file, 'utf8').trim());
  return n === 1 || n === 3 ? n : undefined;
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
  const hubDir = resolve(repoRoot, e.HOMEFIRST_HUB_DIR ?? '.hub');
  const kafkaBrokers =
    e.HOMEFIRST_STACK_BROKERS === undefined
      ? (formattedBrokers(hubDir) ?? 1)
      : Number(e.HOMEFIRST_STACK_BROKERS);
  const kafkaPorts = [e.HOMEFIRST_KAFKA_PORT, e.HOMEFIRST_KAFKA_CONTROLLER_PORT, e.HOMEFIRST_KAFKA_SASL_PORT];
  const ports = [
    ...Array.from({ length: kafkaBrokers }, (_, i) => kafkaPorts.map((p) => p + NODE_PORT_STRIDE * i)).flat(),
    e.HOMEFIRST_REGISTRY_PORT,
    e.HOMEFIRST_REDIS_PORT,
  ];
  if (ports.some((p) => p > 65535))
    throw new Error(`invalid local stack settings — Kafka node ports run past 65535 (${ports.join(', ')})`);
  if (new Set(ports).size !== ports.length)
    throw new Error(`invalid local stack settings — ports must differ (got ${ports.join(', ')})`);
  return {
    repoRoot,
    hubDir,
    kafkaPort: e.HOMEFIRST_KAFKA_PORT,
    kafkaControllerPort: e.HOMEFIRST_KAFKA_CONTROLLER_PORT,
    kafkaSaslPort: e.HOMEFIRST_KAFKA_SASL_PORT,
    kafkaPlaintext: e.HOMEFIRST_KAFKA_PLAINTEXT === 'true',
    registryPort: e.HOMEFIRST_REGISTRY_PORT,
    redisPort: e.HOMEFIRST_REDIS_PORT,
    kafkaHeap: e.HOMEFIRST_KAFKA_HEAP,
    registryHeap: e.HOMEFIRST_REGISTRY_HEAP,
    startTimeoutMs: e.HOMEFIRST_STACK_START_TIMEOUT_S * 1000,
    kafkaBrokers,
  };
}

/** The stack's Kafka nodes, node 1 first (on the configured ports; the others `NODE_PORT_STRIDE` apart). */
export function kafkaNodes(s: StackSettings): KafkaNode[] {
  return Array.from({ length: s.kafkaBrokers }, (_, i) => ({
    id: i + 1,
    name: i === 0 ? 'kafka' : `kafka-${i + 1}`,
    plaintextPort: s.kafkaPort + NODE_PORT_STRIDE * i,
    saslPort: s.kafkaSaslPort + NODE_PORT_STRIDE * i,
    controllerPort: s.kafkaControllerPort + NODE_PORT_STRIDE * i,
  }));
}

/** A node's SASL_SSL listener. */
export const nodeSecureAddress = (node: KafkaNode): string => `127.0.0.1:${node.saslPort}`;

/** A node's client address: the loopback plaintext listener when it runs, else SASL_SSL. */
export const nodeAddress = (s: StackSettings, node: KafkaNode): string =>
  s.kafkaPlaintext ? `127.0.0.1:${node.plaintextPort}` : nodeSecureAddress(node);

/**
 * The authenticated SASL_SSL listeners (SCRAM-SHA-512 over TLS, ACLs) every hub service uses: every
 * node's, comma-separated, so a client can bootstrap while any one node is down.
 */
export const kafkaSecureAddress = (s: StackSettings): string =>
  kafkaNodes(s).map(nodeSecureAddress).join(',');

/**
 * Addresses clients use to reach the local stack. `kafka` lists every node's dev/test-only plaintext
 * loopback listener when it runs (what the test suite uses), else the authenticated ones
 * (`kafkaSecureAddress`).
 */
export function endpoints(s: StackSettings): { kafka: string; registry: string; redis: string } {
  return {
    kafka: kafkaNodes(s)
      .map((node) => nodeAddress(s, node))
      .join(','),
    registry: `http://127.0.0.1:${s.registryPort}/apis/ccompat/v7`,
    redis: `redis://127.0.0.1:${s.redisPort}`,
  };
}
