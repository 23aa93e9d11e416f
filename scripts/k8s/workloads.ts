import type { HubService } from '../../services/cli/src/services/catalogue';
import { bootstrapAddress, clusterCaSecret, resourceNameOf, type Manifest } from './kafka';
import type { KubeService } from './services';
import type { DeploymentSettings } from './settings';
import { REDIS_PORT, REDIS_USERS_SECRET, REGISTRY_PORT } from './stateful';

/**
 * A Deployment per hub service: readiness from /readyz and liveness from /healthz on its ops port, a
 * Service, a PodDisruptionBudget, and a KEDA ScaledObject for the consumers that scale on lag. Every
 * secret is referenced (Strimzi's per-user Secret, the Redis users' Secret, the service's own Secrets),
 * never inlined; site settings come from an optional ConfigMap `<service>-settings` the operator writes.
 */

const labelsOf = (name: string) => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/part-of': 'homefirst',
});

/** `@homefirst/connector-hl7v2` → `connectors/hl7v2`, `@homefirst/projector` → `services/projector`. */
export const packageDir = (packageName: string): string => {
  const name = packageName.replace(/^@homefirst\//, '');
  return name.startsWith('connector-') ? `connectors/${name.slice('connector-'.length)}` : `services/${name}`;
};

const KAFKA_CA_DIR = '/etc/homefirst/kafka-ca';
const KAFKA_USER_DIR = '/etc/homefirst/kafka-user';
const REDIS_USER_DIR = '/etc/homefirst/redis-user';

export function environment(s: DeploymentSettings, hub: HubService, kube: KubeService): Manifest[] {
  const plain: Record<string, string> = {
    NODE_ENV: 'production',
    HOMEFIRST_LOG_LEVEL: 'info',
    HOMEFIRST_HTTP_PORT: String(hub.opsPort),
    HOMEFIRST_REGISTRY_URL: `http://registry:${REGISTRY_PORT}/apis/ccompat/v7`,
    ...(hub.kafkaPrincipal === undefined
      ? {}
      : {
          HOMEFIRST_KAFKA_CLIENT_ID: `homefirst-${hub.name}`,
          HOMEFIRST_KAFKA_BROKERS: bootstrapAddress(s),
          HOMEFIRST_KAFKA_SSL_CA_FILE: `${KAFKA_CA_DIR}/ca.crt`,
          HOMEFIRST_KAFKA_SASL_MECHANISM: 'scram-sha-512',
          HOMEFIRST_KAFKA_SASL_USERNAME: hub.kafkaPrincipal,
          HOMEFIRST_KAFKA_SASL_PASSWORD_FILE: `${KAFKA_USER_DIR}/password`,
        }),
    ...(hub.redisUser === undefined
      ? {}
      : {
          HOMEFIRST_REDIS_URL: `redis://redis:${REDIS_PORT}`,
          HOMEFIRST_REDIS_USERNAME: hub.redisUser,
          HOMEFIRST_REDIS_PASSWORD_FILE: `${REDIS_USER_DIR}/password`,
        }),
    ...(hub.name === 'feed-router' ? { HOMEFIRST_FEED_COUNCILS: s.councils.join(',') } : {}),
    ...kube.env,
  };
  return [
    ...Object.entries(plain).map(([name, value]) => ({ name, value })),
    ...Object.entries(kube.secretEnv).map(([name, ref]) => ({
      name,
      valueFrom: { secretKeyRef: { name: ref.secret, key: ref.key } },
    })),
  ];
}

export function volumes(s: DeploymentSettings, hub: HubService, kube: KubeService) {
  const v: { volume: Manifest; mount: Manifest }[] = [];
  // 0440 and the pod's fsGroup: the non-root container reads its secrets through the group.
  const secret = (name: string, secretName: string, mountPath: string, items?: Manifest[]) =>
    v.push({
      volume: { name, secret: { secretName, defaultMode: 0o440, ...(items ? { items } : {}) } },
      mount: { name, mountPath, readOnly: true },
    });
  if (hub.kafkaPrincipal !== undefined) {
    secret('kafka-ca', clusterCaSecret(s), KAFKA_CA_DIR, [{ key: 'ca.crt', path: 'ca.crt' }]);
    // Strimzi's User Operator keeps each KafkaUser's password in a Secret named after it.
    secret('kafka-user', resourceNameOf(hub.kafkaPrincipal), KAFKA_USER_DIR, [
      { key: 'password', path: 'password' },
    ]);
  }
  if (hub.redisUser !== undefined)
    secret('redis-user', REDIS_USERS_SECRET, REDIS_USER_DIR, [{ key: hub.redisUser, path: 'password' }]);
  kube.secretFiles.forEach((f, i) => secret(`secret-${i}`, f.secret, f.mountPath));
  // The root file system is read-only; temporary files go to a scratch volume.
  v.push({
    volume: { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
    mount: { name: 'tmp', mountPath: '/tmp' },
  });
  return v;
}

function container(s: DeploymentSettings, hub: HubService, kube: KubeService): Manifest {
  const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path, port: 'ops' },
    periodSeconds,
    timeoutSeconds: 2,
    failureThreshold,
  });
  return {
    name: hub.name,
    image: s.image,
    command: ['node', ...(hub.nodeArgs ?? []), `${packageDir(hub.packageName)}/bin/${hub.bin}`, ...hub.args],
    ports: [
      { name: 'ops', containerPort: hub.opsPort },
      ...kube.ports.map((p) => ({ name: p.name, containerPort: p.port })),
    ],
    env: environment(s, hub, kube),
    envFrom: [{ configMapRef: { name: `${hub.name}-settings`, optional: true } }],
    // Ready only when its Kafka, registry and Redis answer; alive while its event loop does.
    readinessProbe: probe('/readyz', 5, 3),
    livenessProbe: probe('/healthz', 10, 6),
    startupProbe: probe('/healthz', 2, 60),
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '384Mi' } },
    securityContext: {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    volumeMounts: volumes(s, hub, kube).map((v) => v.mount),
  };
}

export function serviceManifests(s: DeploymentSettings, hub: HubService, kube: KubeService): Manifest[] {
  const labels = labelsOf(hub.name);
  const metadata = { name: hub.name, namespace: s.namespace, labels };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      ...(kube.lagScaling === undefined ? { replicas: kube.replicas } : {}),
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: {
          labels,
          annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(hub.opsPort) },
        },
        spec: {
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: 45,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001 },
          containers: [container(s, hub, kube)],
          volumes: volumes(s, hub, kube).map((v) => v.volume),
        },
      },
    },
  };
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: {
      selector: labels,
      ports: [
        { name: 'ops', port: hub.opsPort, targetPort: 'ops' },
        ...kube.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.name })),
      ],
    },
  };
  const pdb = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata,
    // One replica (a lag-scaled consumer at rest) may still be moved; more keep all but one.
    spec:
      kube.replicas > 1
        ? { minAvailable: 1, selector: { matchLabels: labels } }
        : { maxUnavailable: 1, selector: { matchLabels: labels } },
  };
  return [deployment, service, pdb, ...(kube.lagScaling ? [scaledObject(s, hub.name, kube)] : [])];
}

function scaledObject(s: DeploymentSettings, name: string, kube: KubeService): Manifest {
  const scaling = kube.lagScaling;
  if (scaling === undefined) throw new Error(`${name} does not scale on lag`);
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name, namespace: s.namespace, labels: labelsOf(name) },
    spec: {
      scaleTargetRef: { name },
      minReplicaCount: kube.replicas,
      maxReplicaCount: scaling.maxReplicas,
      cooldownPeriod: 300,
      triggers: [
        {
          type: 'prometheus',
          metadata: {
            serverAddress: s.prometheusUrl,
            // Strimzi's Kafka Exporter: messages not yet consumed, per group, topic and partition.
            query: `sum(kafka_consumergroup_lag{namespace="${s.namespace}",consumergroup=~"${scaling.groupPrefix}.*"})`,
            threshold: String(scaling.lagPerReplica),
            activationThreshold: '0',
          },
        },
      ],
    },
  };
}
