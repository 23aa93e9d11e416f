import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue, feedTopicSpecOf, type TopicSpec } from '@homefirst/schemas';
import { HUB_SERVICES } from '../../services/cli/src/services/catalogue';
import {
  councilPrincipal,
  HUB_PRINCIPALS,
  type HubPrincipal,
} from '../../services/cli/src/stack/kafka-principals';
import { parseSettings } from '../../scripts/k8s/settings';
import { committedManifests, ofKind, REPO_ROOT } from './manifests';

/**
 * Issue 17 item 4: the committed KafkaTopics and KafkaUsers are the topic catalogue and the principal
 * table (docs/kafka-security.md), nothing more or less; every service Deployment is probed, sized, has a
 * disruption budget and takes its secrets by reference. Expected values are worked out here from the
 * catalogue and the principals, not by the generator.
 */

const settings = parseSettings(
  JSON.parse(readFileSync(join(REPO_ROOT, 'infra/k8s/deployment.json'), 'utf8')),
);
const manifests = committedManifests();

interface TopicResource {
  metadata: { name: string; labels: Record<string, string> };
  spec: { topicName?: string; partitions: number; replicas: number; config: Record<string, string> };
}
const topics = ofKind(manifests, 'KafkaTopic') as unknown as TopicResource[];
const topicNameOf = (t: TopicResource) => t.spec.topicName ?? t.metadata.name;

const expectedConfig = (spec: TopicSpec): Record<string, string> => ({
  'cleanup.policy': spec.cleanupPolicy,
  'retention.ms': spec.retention.kind === 'forever' ? '-1' : String(spec.retention.defaultMs),
  ...(spec.retention.kind === 'forever' ? { 'retention.bytes': '-1' } : {}),
  'min.insync.replicas': String(settings.minInsyncReplicas),
});

describe('the KafkaTopics', () => {
  const expected = [...catalogue, ...settings.councils.map(feedTopicSpecOf)];

  it('are the catalogue topics and one feed per council of deployment.json, and no others', () => {
    expect(topics.map(topicNameOf).sort()).toEqual(expected.map((t) => t.name).sort());
    expect(topics.map(topicNameOf)).toContain('homefirst.feed.E08000012.v1');
  });

  it.each(expected.map((t) => [t.name, t] as const))(
    '%s has the catalogue partitions and configs',
    (name, spec) => {
      const resource = topics.find((t) => topicNameOf(t) === name);
      expect(resource?.spec.partitions).toBe(spec.partitions);
      expect(resource?.spec.replicas).toBe(settings.replicationFactor);
      expect(resource?.spec.config).toEqual(expectedConfig(spec));
      expect(resource?.metadata.labels['strimzi.io/cluster']).toBe(settings.kafkaCluster);
    },
  );

  it('keep co-partitioned topics at one partition count', () => {
    const person = catalogue.filter((t) => t.copartitionGroup === 'person').map((t) => t.name);
    const counts = new Set(
      topics.filter((t) => person.includes(topicNameOf(t))).map((t) => t.spec.partitions),
    );
    expect(counts.size).toBe(1);
  });
});

interface Acl {
  type: string;
  resource: { type: string; name?: string; patternType: string };
  operations: string[];
}
interface UserResource {
  metadata: { name: string };
  spec: { authentication: { type: string }; authorization?: { type: string; acls: Acl[] } };
}
const users = ofKind(manifests, 'KafkaUser') as unknown as UserResource[];

/** One line per (resource, pattern, name, operation), the way `kafka-acls --list` shows bindings. */
const bindingsOfGrants = (p: HubPrincipal): string[] =>
  p.grants.flatMap((g) => g.operations.map((op) => `${g.resource} ${g.pattern} ${g.name} ${op}`)).sort();
const bindingsOfAcls = (acls: readonly Acl[]): string[] =>
  acls
    .flatMap((a) => {
      const resource = {
        topic: 'TOPIC',
        group: 'GROUP',
        cluster: 'CLUSTER',
        transactionalId: 'TRANSACTIONAL_ID',
      }[a.resource.type];
      const pattern = a.resource.patternType === 'prefix' ? 'PREFIXED' : 'LITERAL';
      expect(a.type).toBe('allow');
      return a.operations.map(
        (op) =>
          `${resource} ${pattern} ${a.resource.name ?? ''} ${op.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`,
      );
    })
    .sort();

describe('the KafkaUsers', () => {
  const principals = [...HUB_PRINCIPALS, ...settings.councils.map(councilPrincipal)];
  const userOf = (p: HubPrincipal) => users.find((u) => u.metadata.name === p.name.toLowerCase());

  it('are the hub principals and one per council, and no others', () => {
    expect(users.map((u) => u.metadata.name).sort()).toEqual(
      principals.map((p) => p.name.toLowerCase()).sort(),
    );
  });

  it.each(principals.map((p) => [p.name, p] as const))(
    '%s logs in with SCRAM-SHA-512 and has exactly its grants',
    (_name, p) => {
      const user = userOf(p);
      expect(user?.spec.authentication.type).toBe('scram-sha-512');
      if (p.superUser === true) expect(user?.spec.authorization).toBeUndefined();
      else expect(bindingsOfAcls(user?.spec.authorization?.acls ?? [])).toEqual(bindingsOfGrants(p));
    },
  );

  it('make only the admin a super user of the cluster, which denies by default', () => {
    const [kafka] = ofKind(manifests, 'Kafka') as {
      spec: { kafka: { authorization: unknown; listeners: unknown[] } };
    }[];
    expect(kafka?.spec.kafka.authorization).toEqual({ type: 'simple', superUsers: ['hub-admin'] });
    // Every listener is TLS with SCRAM: the internal one for the hub, the external one for councils.
    expect(kafka?.spec.kafka.listeners.length).toBe(2);
    for (const listener of kafka?.spec.kafka.listeners ?? [])
      expect(listener).toEqual(
        expect.objectContaining({ tls: true, authentication: { type: 'scram-sha-512' } }),
      );
  });

  it("give a council's user only its own feed", () => {
    const user = users.find((u) => u.metadata.name === 'council-e08000012');
    expect(user?.spec.authorization?.acls.map((a) => a.resource.name)).toEqual([
      'homefirst.feed.E08000012.v1',
      'council-E08000012',
    ]);
  });
});

type Container = {
  env: { name: string; value?: string; valueFrom?: unknown }[];
  readinessProbe: { httpGet: { path: string; port: string } };
  livenessProbe: { httpGet: { path: string; port: string } };
  ports: { name: string; containerPort: number }[];
  resources: { requests: Record<string, string>; limits: Record<string, string> };
};
const deployments = ofKind(manifests, 'Deployment') as {
  metadata: { name: string };
  spec: { template: { spec: { containers: Container[] } } };
}[];

describe('the service Deployments', () => {
  const hub = HUB_SERVICES.filter((s) => s.name !== 'dev-idp');

  const services = deployments.filter((d) => d.metadata.name !== 'toolbox');

  it("are one per hub service but the development IdP, and the operators' toolbox", () => {
    expect(services.map((d) => d.metadata.name).sort()).toEqual(hub.map((s) => s.name).sort());
    expect(deployments.length).toBe(services.length + 1);
  });

  it.each(hub.map((s) => [s.name, s.opsPort] as const))(
    '%s is ready on /readyz, alive on /healthz, on its ops port',
    (name, opsPort) => {
      const c = deployments.find((d) => d.metadata.name === name)?.spec.template.spec.containers[0];
      expect(c?.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'ops' });
      expect(c?.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'ops' });
      expect(c?.ports).toContainEqual({ name: 'ops', containerPort: opsPort });
      expect(c?.resources.requests['memory']).toBe('256Mi');
      expect(c?.resources.limits['memory']).toBeDefined();
    },
  );

  it('take every password, token and key by reference, never as a value', () => {
    for (const d of deployments)
      for (const e of d.spec.template.spec.containers.flatMap((c) => c.env))
        if (/PASSWORD|TOKEN|SECRET|_KEY$/.test(e.name) && e.valueFrom === undefined)
          expect([d.metadata.name, e.name, e.value]).toEqual([
            d.metadata.name,
            e.name,
            expect.stringMatching(/^\/etc\/homefirst\//),
          ]);
  });

  it('each have a PodDisruptionBudget, and the lag-scaled ones a ScaledObject on their group', () => {
    const budgets = ofKind(manifests, 'PodDisruptionBudget').map(
      (m) => (m['metadata'] as { name: string }).name,
    );
    expect(budgets.sort()).toEqual(services.map((d) => d.metadata.name).sort());
    const scaled = ofKind(manifests, 'ScaledObject') as {
      spec: {
        scaleTargetRef: { name: string };
        maxReplicaCount: number;
        triggers: { metadata: { query: string } }[];
      };
    }[];
    expect(scaled.map((s) => s.spec.scaleTargetRef.name).sort()).toEqual([
      'feed-router',
      'projector',
      'webhooks',
    ]);
    // More consumers than partitions would idle: the person topics' and the feeds' partition count bounds them.
    const partitions = Math.min(
      ...catalogue.filter((t) => t.copartitionGroup === 'person').map((t) => t.partitions),
      ...settings.councils.map((la) => feedTopicSpecOf(la).partitions),
    );
    for (const s of scaled) expect(s.spec.maxReplicaCount).toBeLessThanOrEqual(partitions);
    for (const s of scaled)
      expect(s.spec.triggers[0]?.metadata.query).toMatch(
        /kafka_consumergroup_lag\{.*consumergroup=~"homefirst-/,
      );
  });
});

it('holds no Secret manifests (secrets are made by the operator or Strimzi, never committed)', () => {
  expect(ofKind(manifests, 'Secret')).toEqual([]);
  expect(manifests.every((l) => !JSON.stringify(l.manifest).includes('development-only'))).toBe(true);
});
