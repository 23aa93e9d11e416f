import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateManifests } from '../../scripts/k8s/generate';
import { hubInputs } from '../../scripts/k8s/inputs';
import { parseSettings } from '../../scripts/k8s/settings';
import {
  committedManifests,
  GENERATED,
  parseManifests,
  REPO_ROOT,
  validateManifests,
  type Located,
} from './manifests';

/**
 * Issue 17 item 4: the Kubernetes manifests are generated (never edited by hand) and valid against the
 * Kubernetes, Strimzi and KEDA schemas, offline.
 */

const problemsOf = (yaml: string) => validateManifests(parseManifests(yaml, 'broken.yaml'));

describe('the generated manifests', () => {
  it('are what `npm run k8s:generate` writes from the catalogue, the principals and deployment.json', () => {
    // Given the real inputs, when the generator runs in memory
    const expected = generateManifests(hubInputs(REPO_ROOT));
    // then the committed directory holds exactly those files, byte for byte
    const committed = readdirSync(GENERATED)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    expect(committed).toEqual([...expected.keys()].sort());
    for (const [name, text] of expected)
      expect([name, text]).not.toEqual([name, expect.stringMatching(/: [&*]a\d/)]);
    for (const [name, text] of expected)
      expect([name, readFileSync(join(GENERATED, name), 'utf8')]).toEqual([name, text]);
  });

  it('are as Prettier formats them (so `npm run format` never makes them differ from the generator)', () => {
    const run = spawnSync(
      process.execPath,
      [require.resolve('prettier/bin/prettier.cjs'), '--check', GENERATED],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      },
    );
    expect([run.status, run.stderr]).toEqual([0, '']);
  });

  it('list every file of the directory in the kustomization', () => {
    const kustomization = readFileSync(join(GENERATED, 'kustomization.yaml'), 'utf8');
    const files = readdirSync(GENERATED).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    for (const f of files) expect(kustomization).toContain(`- ${f}`);
  });

  it('validate against the Kubernetes, Strimzi and KEDA schemas', () => {
    const located = committedManifests();
    const kinds = new Set(located.map((l) => l.manifest['kind']));
    for (const kind of [
      'Kafka',
      'KafkaNodePool',
      'KafkaTopic',
      'KafkaUser',
      'ScaledObject',
      'Deployment',
      'StatefulSet',
      'Service',
      'PodDisruptionBudget',
      'ConfigMap',
      'Namespace',
    ])
      expect(kinds).toContain(kind);
    expect(Object.fromEntries(validateManifests(located))).toEqual({});
  });
});

describe('the manifest validation', () => {
  const deployment = (containerPort: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: x, namespace: homefirst }
spec:
  selector: { matchLabels: { a: b } }
  template:
    metadata: { labels: { a: b } }
    spec: { containers: [{ name: c, image: i, ports: [{ containerPort: ${containerPort} }] }] }
`;

  it('passes a well-formed Deployment and fails one whose port is not a number', () => {
    expect(problemsOf(deployment('8080')).size).toBe(0);
    expect([...problemsOf(deployment('eighty')).values()].flat().join()).toMatch(
      /containerPort must be integer/,
    );
  });

  it('fails a KafkaTopic with no partitions and a KafkaUser with a misspelt field', () => {
    const topic = `
apiVersion: kafka.strimzi.io/v1
kind: KafkaTopic
metadata: { name: t, labels: { strimzi.io/cluster: c } }
spec: { partitions: 0, replicas: 3 }
`;
    const user = `
apiVersion: kafka.strimzi.io/v1
kind: KafkaUser
metadata: { name: u }
spec: { authentication: { type: scram-sha-512 }, authorisation: { type: simple, acls: [] } }
`;
    expect([...problemsOf(topic).values()].flat().join()).toMatch(/partitions must be >= 1/);
    expect([...problemsOf(user).values()].flat().join()).toMatch(/additional properties.*authorisation/);
  });

  it('fails an ACL with an operation Kafka does not have, and an upper-case name', () => {
    const user = `
apiVersion: kafka.strimzi.io/v1
kind: KafkaUser
metadata: { name: council-E08000012 }
spec:
  authorization:
    type: simple
    acls: [{ resource: { type: topic, name: t }, operations: [Consume] }]
`;
    const problems = [...problemsOf(user).values()].flat().join('\n');
    expect(problems).toMatch(/metadata.name "council-E08000012" is not a DNS subdomain/);
    expect(problems).toMatch(/operations\/0 must be equal to one of the allowed values/);
  });

  it('fails a ScaledObject without a target and a kind it has no schema for', () => {
    const scaled = `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: s }
spec: { triggers: [{ type: prometheus, metadata: { query: q } }] }
`;
    expect([...problemsOf(scaled).values()].flat().join()).toMatch(
      /must have required property 'scaleTargetRef'/,
    );
    expect(
      [...problemsOf('apiVersion: example.org/v1\nkind: Gadget\nmetadata: { name: g }\n').values()]
        .flat()
        .join(),
    ).toMatch(/no Kubernetes schema for example.org\/v1 Gadget/);
  });
});

describe('deployment.json', () => {
  const valid = JSON.parse(readFileSync(join(REPO_ROOT, 'infra/k8s/deployment.json'), 'utf8')) as Record<
    string,
    unknown
  >;

  it('is read as it stands', () => {
    expect(parseSettings(valid).councils).toEqual(expect.arrayContaining(['E08000012']));
  });

  it('refuses more replicas than brokers, a bad council code and an unknown setting', () => {
    expect(() => parseSettings({ ...valid, replicationFactor: 5 })).toThrow(
      /replicationFactor must be at most brokers/,
    );
    expect(() => parseSettings({ ...valid, councils: ['Liverpool'] })).toThrow(
      /councils must be a list of ONS/,
    );
    expect(() => parseSettings({ ...valid, replicas: 3 })).toThrow(/replicas must be removed/);
    expect(() => parseSettings({ ...valid, councilNetworks: [] })).toThrow(
      /councilNetworks must be a non-empty list/,
    );
  });
});

it('has the vendored schemas and their provenance', () => {
  expect(existsSync(join(REPO_ROOT, 'infra/k8s/schemas/README.md'))).toBe(true);
  const located: Located[] = committedManifests();
  expect(located.length).toBeGreaterThan(30);
});
