/**
 * How each hub service runs on Kubernetes, beyond what `homefirst up` already says of it
 * (services/cli/src/services/catalogue.ts: ops port, bin, Kafka principal, Redis user).
 *
 * Sizing (docs/operations.md, "Sizing"): the design budget is under 256 MB RSS per service at 1,000
 * events/s sustained (shared/design.md, "Performance budget"), so each container requests 256Mi and may
 * reach 384Mi before the kubelet kills it. CPU: `bench:project` measured 64.5 µs of CPU per projected event
 * (commit 4e34300), 65m at 1,000 events/s; the other benchmarks report ratios to a bare client, not CPU, so
 * every service requests 250m (4× the projector's need at budget load) and has no CPU limit (a CPU limit
 * throttles a Node.js event loop into missed heartbeats and ACK timeouts).
 */

export interface SecretEnv {
  /** Variable set from one key of a Secret (never inlined). */
  readonly secret: string;
  readonly key: string;
}

export interface SecretFiles {
  /** A Secret mounted read-only at `mountPath`; variables point at files in it. */
  readonly secret: string;
  readonly mountPath: string;
}

export interface KubeService {
  /** The name in HUB_SERVICES. */
  readonly name: string;
  /** Replicas when not scaled on lag; the minimum when scaled. */
  readonly replicas: number;
  /** Scaled by KEDA on the lag of consumer groups whose id starts with this (Kafka Exporter metric). */
  readonly lagScaling?: {
    readonly groupPrefix: string;
    readonly maxReplicas: number;
    readonly lagPerReplica: number;
  };
  /** Ports users reach (besides the ops port), exposed by the Service. */
  readonly ports: readonly { readonly name: string; readonly port: number }[];
  /** Plain settings of this deployment (never secrets). */
  readonly env: Readonly<Record<string, string>>;
  readonly secretEnv: Readonly<Record<string, SecretEnv>>;
  readonly secretFiles: readonly SecretFiles[];
}

/** The pseudonymisation key (HMAC of the NHS number → personKey): the same in every connector. */
const PERSON_KEY: Record<string, SecretEnv> = {
  HOMEFIRST_PERSON_KEY_SECRET: { secret: 'homefirst-person-key', key: 'secret' },
};

/** Partitions of the person co-partitioned topics and of each feed: more consumers than this would idle. */
const PERSON_PARTITIONS = 6;

export const KUBE_SERVICES: readonly KubeService[] = [
  {
    name: 'hl7v2',
    replicas: 2,
    ports: [{ name: 'mllp', port: 2575 }],
    env: {
      HOMEFIRST_MLLP_PORT: '2575',
      HOMEFIRST_MLLP_HOST: '0.0.0.0',
      HOMEFIRST_MLLP_TLS: 'true',
      HOMEFIRST_MLLP_TLS_KEY: '/etc/homefirst/mllp-tls/tls.key',
      HOMEFIRST_MLLP_TLS_CERT: '/etc/homefirst/mllp-tls/tls.crt',
      HOMEFIRST_MLLP_TLS_CA: '/etc/homefirst/mllp-tls/ca.crt',
    },
    secretEnv: PERSON_KEY,
    secretFiles: [{ secret: 'homefirst-hl7v2-mllp-tls', mountPath: '/etc/homefirst/mllp-tls' }],
  },
  {
    name: 'fhir',
    replicas: 2,
    ports: [{ name: 'http', port: 8088 }],
    env: { HOMEFIRST_FHIR_PORT: '8088', HOMEFIRST_FHIR_HOST: '0.0.0.0' },
    secretEnv: { ...PERSON_KEY, HOMEFIRST_FHIR_TOKENS: { secret: 'homefirst-fhir', key: 'tokens' } },
    secretFiles: [],
  },
  {
    name: 'council',
    replicas: 2,
    ports: [{ name: 'http', port: 8089 }],
    env: { HOMEFIRST_COUNCIL_PORT: '8089', HOMEFIRST_COUNCIL_HOST: '0.0.0.0' },
    secretEnv: { ...PERSON_KEY, HOMEFIRST_COUNCIL_TOKENS: { secret: 'homefirst-council', key: 'tokens' } },
    secretFiles: [],
  },
  {
    name: 'projector',
    replicas: 1,
    lagScaling: { groupPrefix: 'homefirst-projector', maxReplicas: PERSON_PARTITIONS, lagPerReplica: 5000 },
    ports: [],
    env: {},
    secretEnv: {},
    secretFiles: [],
  },
  {
    name: 'feed-router',
    replicas: 1,
    lagScaling: { groupPrefix: 'homefirst-feed-router', maxReplicas: PERSON_PARTITIONS, lagPerReplica: 5000 },
    ports: [],
    env: {},
    secretEnv: {},
    secretFiles: [],
  },
  {
    name: 'webhooks',
    replicas: 1,
    lagScaling: { groupPrefix: 'homefirst-webhooks', maxReplicas: PERSON_PARTITIONS, lagPerReplica: 1000 },
    ports: [],
    env: {},
    secretEnv: {},
    secretFiles: [],
  },
  {
    name: 'api',
    replicas: 2,
    ports: [],
    env: {
      HOMEFIRST_API_HOST: '0.0.0.0',
      HOMEFIRST_OIDC_CLIENT_SECRET_FILE: '/etc/homefirst/api/oidc-client-secret',
      HOMEFIRST_API_SESSION_KEY_FILE: '/etc/homefirst/api/session-key',
    },
    secretEnv: {},
    secretFiles: [{ secret: 'homefirst-api', mountPath: '/etc/homefirst/api' }],
  },
];
