import { readFileSync } from 'node:fs';

/**
 * What an operator chooses for one Kubernetes deployment (infra/k8s/deployment.json, edited by hand): the
 * namespace, the Kafka cluster's size and replication, storage, the image, and the councils served. Every
 * manifest under infra/k8s/generated/ follows from this file, the topic catalogue and the principals.
 */
export interface DeploymentSettings {
  readonly namespace: string;
  /** Name of the Strimzi `Kafka` resource; its bootstrap Service is `<name>-kafka-bootstrap`. */
  readonly kafkaCluster: string;
  readonly kafkaVersion: string;
  readonly brokers: number;
  readonly controllers: number;
  /** Replicas of every hub topic (catalogue topics and council feeds). */
  readonly replicationFactor: number;
  /** `min.insync.replicas` of every hub topic: with acks=all, a write survives this many brokers. */
  readonly minInsyncReplicas: number;
  readonly brokerStorage: string;
  readonly controllerStorage: string;
  readonly redisStorage: string;
  readonly registryStorage: string;
  /** One image holding the whole repository (`npm ci && npx tsc -b`); each service runs its own bin. */
  readonly image: string;
  /** Where KEDA asks for consumer lag (Prometheus scraping Strimzi's Kafka Exporter). */
  readonly prometheusUrl: string;
  /** ONS codes of the councils served: a feed topic and a `KafkaUser` each. */
  readonly councils: readonly string[];
  /** CIDRs allowed to reach the external Kafka listener (the councils' networks); nothing else may. */
  readonly councilNetworks: readonly string[];
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;
const QUANTITY = /^[1-9]\d*(Mi|Gi|Ti)$/;

const fail = (field: string, what: string): never => {
  throw new Error(`infra/k8s/deployment.json: ${field} must be ${what}`);
};

const text = (o: Record<string, unknown>, field: string, pattern?: RegExp): string => {
  const v = o[field];
  if (typeof v !== 'string' || v.length === 0) return fail(field, 'a non-empty string');
  if (pattern !== undefined && !pattern.test(v)) return fail(field, `a string matching ${pattern.source}`);
  return v;
};

const count = (o: Record<string, unknown>, field: string, min: number): number => {
  const v = o[field];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) return fail(field, `an integer ≥ ${min}`);
  return v;
};

/** Checks every field (the file is the boundary: a typo must stop the generator, not reach a cluster). */
export function parseSettings(raw: unknown): DeploymentSettings {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('the file', 'a JSON object');
  const o = raw as Record<string, unknown>;
  const councils = o['councils'];
  if (!Array.isArray(councils) || !councils.every((c) => typeof c === 'string' && /^[ENSW]\d{8}$/.test(c)))
    return fail('councils', 'a list of ONS local authority codes (E08000012)');
  if (new Set(councils).size !== councils.length) return fail('councils', 'free of repeats');
  const networks = o['councilNetworks'];
  if (
    !Array.isArray(networks) ||
    networks.length === 0 ||
    !networks.every((n) => typeof n === 'string' && CIDR.test(n))
  )
    return fail('councilNetworks', 'a non-empty list of IPv4 CIDRs (192.0.2.0/24)');
  const settings: DeploymentSettings = {
    namespace: text(o, 'namespace', DNS_LABEL),
    kafkaCluster: text(o, 'kafkaCluster', DNS_LABEL),
    kafkaVersion: text(o, 'kafkaVersion', /^\d+\.\d+\.\d+$/),
    brokers: count(o, 'brokers', 1),
    controllers: count(o, 'controllers', 1),
    replicationFactor: count(o, 'replicationFactor', 1),
    minInsyncReplicas: count(o, 'minInsyncReplicas', 1),
    brokerStorage: text(o, 'brokerStorage', QUANTITY),
    controllerStorage: text(o, 'controllerStorage', QUANTITY),
    redisStorage: text(o, 'redisStorage', QUANTITY),
    registryStorage: text(o, 'registryStorage', QUANTITY),
    image: text(o, 'image'),
    prometheusUrl: text(o, 'prometheusUrl', /^https?:\/\//),
    councils: [...(councils as string[])].sort(),
    councilNetworks: networks as string[],
  };
  if (settings.replicationFactor > settings.brokers) fail('replicationFactor', 'at most brokers');
  if (settings.minInsyncReplicas > settings.replicationFactor)
    fail('minInsyncReplicas', 'at most replicationFactor');
  const known = new Set(Object.keys(settings));
  const unknown = Object.keys(o).filter((k) => !known.has(k));
  if (unknown.length > 0) fail(unknown.join(', '), 'removed (not a setting)');
  return settings;
}

export const SETTINGS_FILE = 'infra/k8s/deployment.json';

export const loadSettings = (path: string): DeploymentSettings =>
  parseSettings(JSON.parse(readFileSync(path, 'utf8')) as unknown);
