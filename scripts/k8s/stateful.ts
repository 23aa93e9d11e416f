import type { RedisUser } from '../../services/cli/src/stack/redis-users';
import type { Manifest } from './kafka';
import type { DeploymentSettings } from './settings';

/**
 * The schema registry and Redis, each a single-replica StatefulSet on a persistent volume.
 *
 * Redis: AOF persistence (`appendfsync everysec`, as the local stack), the `default` user off and one ACL
 * user per service (services/cli/src/stack/redis-users.ts). The rules are generated into a ConfigMap; the
 * passwords live only in the Secret `homefirst-redis-users` (one key per user). An init container writes
 * the aclfile from both, with the SHA-256 of each password (`#<hex>`), so no password is in a manifest or
 * in the aclfile.
 */

export const REDIS_PORT = 6379;
export const REGISTRY_PORT = 8080;
export const REDIS_USERS_SECRET = 'homefirst-redis-users';

const labelsOf = (name: string) => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/part-of': 'homefirst',
});

const service = (s: DeploymentSettings, name: string, port: number): Manifest => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: s.namespace, labels: labelsOf(name) },
  spec: { selector: labelsOf(name), ports: [{ name, port, targetPort: name }] },
});

const claim = (size: string) => ({
  metadata: { name: 'data' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } } },
});

/** `user <name> on #<sha256 of the password> resetkeys resetchannels <rules>` without the hash: the init container adds it. */
export const redisRulesText = (users: readonly RedisUser[]): string =>
  `${users.map((u) => [u.name, 'resetkeys', 'resetchannels', ...u.rules].join(' ')).join('\n')}\n`;

/** Reads rules.txt (one user a line) and the Secret's files; writes the aclfile redis-server starts with. */
const ACL_SCRIPT = [
  'set -eu',
  "echo 'user default off resetpass resetkeys resetchannels -@all' > /acl/users.acl",
  'while read -r user rules; do',
  '  hash=$(printf %s "$(cat "/passwords/$user")" | sha256sum | cut -d" " -f1)',
  '  echo "user $user on #$hash $rules" >> /acl/users.acl',
  'done < /rules/rules.txt',
].join('\n');

export function redis(s: DeploymentSettings, users: readonly RedisUser[]): Manifest[] {
  const labels = labelsOf('redis');
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'redis-acl-rules', namespace: s.namespace, labels },
    data: { 'rules.txt': redisRulesText(users) },
  };
  const statefulSet = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'redis', namespace: s.namespace, labels },
    spec: {
      serviceName: 'redis',
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 999, fsGroup: 999 },
          initContainers: [
            {
              name: 'aclfile',
              image: 'redis:7.4',
              command: ['sh', '-c', ACL_SCRIPT],
              volumeMounts: [
                { name: 'rules', mountPath: '/rules', readOnly: true },
                { name: 'passwords', mountPath: '/passwords', readOnly: true },
                { name: 'acl', mountPath: '/acl' },
              ],
            },
          ],
          containers: [
            {
              name: 'redis',
              image: 'redis:7.4',
              args: [
                '--aclfile',
                '/acl/users.acl',
                '--appendonly',
                'yes',
                '--appendfsync',
                'everysec',
                '--save',
                '',
              ],
              ports: [{ name: 'redis', containerPort: REDIS_PORT }],
              readinessProbe: { tcpSocket: { port: 'redis' }, periodSeconds: 5 },
              livenessProbe: { tcpSocket: { port: 'redis' }, periodSeconds: 10, failureThreshold: 6 },
              resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '1Gi' } },
              volumeMounts: [
                { name: 'data', mountPath: '/data' },
                { name: 'acl', mountPath: '/acl', readOnly: true },
              ],
            },
          ],
          volumes: [
            { name: 'rules', configMap: { name: 'redis-acl-rules' } },
            { name: 'passwords', secret: { secretName: REDIS_USERS_SECRET, defaultMode: 0o440 } },
            { name: 'acl', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } },
          ],
        },
      },
      volumeClaimTemplates: [claim(s.redisStorage)],
    },
  };
  return [configMap, statefulSet, service(s, 'redis', REDIS_PORT)];
}

/**
 * Apicurio Registry 3 (the same image as infra/docker-compose.yml), its H2 database on a persistent volume.
 * One replica: H2 is a single-writer file. A deployment wanting more runs the registry on PostgreSQL
 * (APICURIO_STORAGE_SQL_KIND=postgresql and a datasource Secret) and raises the replicas.
 */
export function registry(s: DeploymentSettings): Manifest[] {
  const labels = labelsOf('registry');
  const statefulSet = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'registry', namespace: s.namespace, labels },
    spec: {
      serviceName: 'registry',
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { fsGroup: 1001 },
          containers: [
            {
              name: 'registry',
              image: 'apicurio/apicurio-registry:3.0.9',
              ports: [{ name: 'registry', containerPort: REGISTRY_PORT }],
              env: [
                { name: 'APICURIO_STORAGE_KIND', value: 'sql' },
                { name: 'APICURIO_STORAGE_SQL_KIND', value: 'h2' },
                {
                  name: 'APICURIO_DATASOURCE_URL',
                  value: 'jdbc:h2:file:/data/registry;DB_CLOSE_ON_EXIT=FALSE',
                },
                {
                  name: 'APICURIO_DATASOURCE_USERNAME',
                  valueFrom: { secretKeyRef: { name: 'homefirst-registry-db', key: 'username' } },
                },
                {
                  name: 'APICURIO_DATASOURCE_PASSWORD',
                  valueFrom: { secretKeyRef: { name: 'homefirst-registry-db', key: 'password' } },
                },
                { name: 'JAVA_OPTS_APPEND', value: '-Xms128m -Xmx512m' },
              ],
              // The same check as infra/docker-compose.yml: the Confluent-compatible API answers.
              readinessProbe: {
                httpGet: { path: '/apis/ccompat/v7/subjects', port: 'registry' },
                periodSeconds: 5,
              },
              livenessProbe: { tcpSocket: { port: 'registry' }, periodSeconds: 10, failureThreshold: 6 },
              resources: { requests: { cpu: '250m', memory: '768Mi' }, limits: { memory: '768Mi' } },
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
            },
          ],
        },
      },
      volumeClaimTemplates: [claim(s.registryStorage)],
    },
  };
  return [statefulSet, service(s, 'registry', REGISTRY_PORT)];
}
