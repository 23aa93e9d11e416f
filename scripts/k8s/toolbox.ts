import type { HubService } from '../../services/cli/src/services/catalogue';
import { ADMIN_PRINCIPAL } from '../../services/cli/src/stack/kafka-principals';
import { REDIS_ADMIN_USER } from '../../services/cli/src/stack/redis-users';
import type { Manifest } from './kafka';
import type { KubeService } from './services';
import type { DeploymentSettings } from './settings';
import { environment, packageDir, volumes } from './workloads';

/**
 * The operators' toolbox: the `homefirst` CLI in the hub's image, as the admin principal of Kafka and Redis
 * (`topics apply`, `replay rebuild`, `deadletters`, `councils`…). Scaled to 0; an operator scales it to 1,
 * runs commands with `kubectl exec`, and scales it back (docs/operations.md).
 */
const TOOLBOX: HubService = {
  name: 'toolbox',
  packageName: '@homefirst/cli',
  bin: 'homefirst.js',
  args: [],
  opsPort: 0,
  kafkaPrincipal: ADMIN_PRINCIPAL,
  redisUser: REDIS_ADMIN_USER,
  env: {},
};

const NOTHING_ELSE: KubeService = {
  name: 'toolbox',
  replicas: 0,
  ports: [],
  env: {},
  secretEnv: { HOMEFIRST_PERSON_KEY_SECRET: { secret: 'homefirst-person-key', key: 'secret' } },
  secretFiles: [],
};

export function toolbox(s: DeploymentSettings): Manifest {
  const labels = { 'app.kubernetes.io/name': 'toolbox', 'app.kubernetes.io/part-of': 'homefirst' };
  const mounts = volumes(s, TOOLBOX, NOTHING_ELSE);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'toolbox', namespace: s.namespace, labels },
    spec: {
      replicas: 0,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001 },
          containers: [
            {
              name: 'toolbox',
              image: s.image,
              // Idles until an operator execs `node services/cli/bin/homefirst.js …` (alias: `npx homefirst`).
              command: ['sleep', 'infinity'],
              workingDir: '/app',
              env: environment(s, TOOLBOX, NOTHING_ELSE).filter((e) => e['name'] !== 'HOMEFIRST_HTTP_PORT'),
              resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } },
              securityContext: {
                runAsNonRoot: true,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: mounts.map((m) => m.mount),
            },
          ],
          volumes: mounts.map((m) => m.volume),
        },
      },
    },
  };
}

/** The CLI's bin in the image, for the runbook's commands. */
export const TOOLBOX_BIN = `${packageDir(TOOLBOX.packageName)}/bin/${TOOLBOX.bin}`;
