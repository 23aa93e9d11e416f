import type { AclGrant, HubPrincipal } from '../../services/cli/src/stack/kafka-principals';
import type { DesiredTopic } from '../../services/cli/src/topics/plan';
import type { DeploymentSettings } from './settings';

/**
 * Strimzi resources (kafka.strimzi.io/v1, Strimzi 1.2): the `Kafka` cluster in KRaft mode with a controller
 * and a broker `KafkaNodePool`, a `KafkaTopic` per topic and a `KafkaUser` per principal. Built from the
 * topic catalogue (through the CLI's own plan, so `homefirst topics apply` and the Topic Operator agree on
 * every config) and from the CLI's principal table (docs/kafka-security.md), never written by hand.
 */

export type Manifest = Record<string, unknown>;

/** The TLS + SCRAM-SHA-512 listener every client uses; the only client listener. */
export const KAFKA_LISTENER_PORT = 9093;
/** Where councils connect from outside the cluster. */
export const EXTERNAL_LISTENER_PORT = 9094;
export const bootstrapAddress = (s: DeploymentSettings): string =>
  `${s.kafkaCluster}-kafka-bootstrap:${KAFKA_LISTENER_PORT}`;
/** The Secret Strimzi keeps the cluster CA certificate in (key `ca.crt`). */
export const clusterCaSecret = (s: DeploymentSettings): string => `${s.kafkaCluster}-cluster-ca-cert`;

const clusterLabel = (s: DeploymentSettings) => ({ 'strimzi.io/cluster': s.kafkaCluster });
const meta = (s: DeploymentSettings, name: string, labels: Record<string, string> = {}) => ({
  name,
  namespace: s.namespace,
  labels: { 'app.kubernetes.io/part-of': 'homefirst', ...labels },
});

export function kafkaCluster(s: DeploymentSettings, superUsers: readonly string[]): Manifest {
  return {
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'Kafka',
    metadata: meta(s, s.kafkaCluster),
    spec: {
      kafka: {
        version: s.kafkaVersion,
        listeners: [
          {
            name: 'tls',
            port: KAFKA_LISTENER_PORT,
            type: 'internal',
            tls: true,
            authentication: { type: 'scram-sha-512' },
          },
          // Councils read their feeds from outside the cluster: the same TLS + SCRAM, on a load balancer
          // (only from the councils' networks, deployment.json `councilNetworks`).
          {
            name: 'external',
            port: EXTERNAL_LISTENER_PORT,
            type: 'loadbalancer',
            tls: true,
            authentication: { type: 'scram-sha-512' },
            configuration: { loadBalancerSourceRanges: [...s.councilNetworks] },
          },
        ],
        // Deny by default: Strimzi's simple authorization is StandardAuthorizer under KRaft, with no
        // allow-everyone fallback; the super users are the admin principal(s) only.
        authorization: { type: 'simple', superUsers: [...superUsers] },
        config: {
          'auto.create.topics.enable': false,
          'default.replication.factor': s.replicationFactor,
          'min.insync.replicas': s.minInsyncReplicas,
          'offsets.topic.replication.factor': s.replicationFactor,
          'transaction.state.log.replication.factor': s.replicationFactor,
          'transaction.state.log.min.isr': s.minInsyncReplicas,
        },
      },
      entityOperator: { topicOperator: {}, userOperator: {} },
      // Consumer lag per group (kafka_consumergroup_lag), for the dashboard, the alerts and KEDA.
      kafkaExporter: { topicRegex: '.*', groupRegex: '.*' },
    },
  };
}

export function nodePools(s: DeploymentSettings): Manifest[] {
  const pool = (
    name: string,
    role: 'controller' | 'broker',
    replicas: number,
    size: string,
    memory: string,
  ) => ({
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'KafkaNodePool',
    metadata: meta(s, name, clusterLabel(s)),
    spec: {
      replicas,
      roles: [role],
      storage: {
        type: 'jbod',
        volumes: [{ id: 0, type: 'persistent-claim', size, deleteClaim: false, kraftMetadata: 'shared' }],
      },
      resources: { requests: { cpu: role === 'broker' ? '1' : '250m', memory }, limits: { memory } },
    },
  });
  return [
    pool('controllers', 'controller', s.controllers, s.controllerStorage, '1Gi'),
    pool('brokers', 'broker', s.brokers, s.brokerStorage, '4Gi'),
  ];
}

/** Kubernetes names are lower-case DNS subdomains; a topic name that is not one goes in `spec.topicName`. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
export const resourceNameOf = (name: string): string =>
  DNS_SUBDOMAIN.test(name) ? name : name.toLowerCase().replace(/[^-a-z0-9.]/g, '-');

export function kafkaTopic(s: DeploymentSettings, topic: DesiredTopic): Manifest {
  const name = resourceNameOf(topic.name);
  return {
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'KafkaTopic',
    metadata: meta(s, name, clusterLabel(s)),
    spec: {
      ...(name === topic.name ? {} : { topicName: topic.name }),
      partitions: topic.partitions,
      replicas: s.replicationFactor,
      config: { ...topic.configs, 'min.insync.replicas': String(s.minInsyncReplicas) },
    },
  };
}

const RESOURCE = {
  TOPIC: 'topic',
  GROUP: 'group',
  CLUSTER: 'cluster',
  TRANSACTIONAL_ID: 'transactionalId',
} as const satisfies Record<AclGrant['resource'], string>;
const OPERATION = {
  READ: 'Read',
  WRITE: 'Write',
  DESCRIBE: 'Describe',
  CREATE: 'Create',
  DELETE: 'Delete',
  ALTER: 'Alter',
  DESCRIBE_CONFIGS: 'DescribeConfigs',
} as const satisfies Record<AclGrant['operations'][number], string>;

/** One Strimzi ACL rule per grant (the CLI table's resource, pattern and operations, unchanged). */
export const strimziAcl = (g: AclGrant) => ({
  type: 'allow',
  resource: {
    type: RESOURCE[g.resource],
    ...(g.resource === 'CLUSTER' ? {} : { name: g.name }),
    patternType: g.pattern === 'PREFIXED' ? 'prefix' : 'literal',
  },
  operations: g.operations.map((op) => OPERATION[op]),
  host: '*',
});

/**
 * A SCRAM-SHA-512 user. Its name is the principal's, lower-cased where the principal has capitals
 * (`council-E08000012` → `council-e08000012`: a KafkaUser's name is its user name and must be a DNS
 * subdomain). The User Operator generates the password into a Secret of the same name (key `password`).
 */
export function kafkaUser(s: DeploymentSettings, p: HubPrincipal): Manifest {
  return {
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'KafkaUser',
    metadata: {
      ...meta(s, resourceNameOf(p.name), clusterLabel(s)),
      annotations: { 'homefirst.nhs.uk/purpose': p.purpose },
    },
    spec: {
      authentication: { type: 'scram-sha-512' },
      // A super user has no ACLs (Kafka's super.users, set on the cluster).
      ...(p.superUser === true ? {} : { authorization: { type: 'simple', acls: p.grants.map(strimziAcl) } }),
    },
  };
}
