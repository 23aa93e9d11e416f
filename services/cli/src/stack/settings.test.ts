import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endpoints, kafkaNodesFile, kafkaSecureAddress, loadStackSettings } from './settings';

describe('local stack settings', () => {
  const repoRoot = '/srv/homefirst';

  it('given no variables, then the documented ports, heaps and .hub folder are used', () => {
    const s = loadStackSettings({}, repoRoot);
    expect(s).toMatchObject({
      hubDir: '/srv/homefirst/.hub',
      kafkaPort: 19092,
      registryPort: 18081,
      redisPort: 16379,
      kafkaHeap: '1g',
      registryHeap: '512m',
    });
    expect(endpoints(s)).toEqual({
      kafka: '127.0.0.1:19092',
      registry: 'http://127.0.0.1:18081/apis/ccompat/v7',
      redis: 'redis://127.0.0.1:16379',
    });
  });

  it('given overrides, then ports are coerced from strings and the state folder resolves against the repo', () => {
    const s = loadStackSettings(
      { HOMEFIRST_REDIS_PORT: '26379', HOMEFIRST_HUB_DIR: 'state', HOMEFIRST_KAFKA_HEAP: '2g' },
      repoRoot,
    );
    expect(s.redisPort).toBe(26379);
    expect(s.hubDir).toBe('/srv/homefirst/state');
    expect(s.kafkaHeap).toBe('2g');
  });

  it('given a bad value, then the error names the variable', () => {
    expect(() => loadStackSettings({ HOMEFIRST_KAFKA_PORT: 'ninety' }, repoRoot)).toThrow(
      /HOMEFIRST_KAFKA_PORT/,
    );
    expect(() => loadStackSettings({ HOMEFIRST_REGISTRY_HEAP: 'lots' }, repoRoot)).toThrow(
      /HOMEFIRST_REGISTRY_HEAP: a JVM heap size/,
    );
  });

  it('given no Kafka security variables, then the SASL_SSL listener is on 19094 and the loopback plaintext one runs', () => {
    const s = loadStackSettings({}, repoRoot);
    expect(s).toMatchObject({ kafkaSaslPort: 19094, kafkaPlaintext: true });
    expect(kafkaSecureAddress(s)).toBe('127.0.0.1:19094');
  });

  it('given HOMEFIRST_KAFKA_PLAINTEXT=false, then clients are pointed at the SASL_SSL listener', () => {
    const s = loadStackSettings(
      { HOMEFIRST_KAFKA_PLAINTEXT: 'false', HOMEFIRST_KAFKA_SASL_PORT: '29094' },
      repoRoot,
    );
    expect(s.kafkaPlaintext).toBe(false);
    expect(endpoints(s).kafka).toBe('127.0.0.1:29094');
    expect(() => loadStackSettings({ HOMEFIRST_KAFKA_SASL_PORT: '19092' }, repoRoot)).toThrow(
      /ports must differ/,
    );
  });

  it('given two servers on one port, then it refuses', () => {
    expect(() => loadStackSettings({ HOMEFIRST_REDIS_PORT: '19092' }, repoRoot)).toThrow(/ports must differ/);
  });

  it('given three brokers, then every node needs free ports and the SASL_SSL address lists all three', () => {
    const s = loadStackSettings(
      { HOMEFIRST_STACK_BROKERS: '3', HOMEFIRST_KAFKA_PLAINTEXT: 'false' },
      repoRoot,
    );
    expect(s.kafkaBrokers).toBe(3);
    expect(kafkaSecureAddress(s)).toBe('127.0.0.1:19094,127.0.0.1:19194,127.0.0.1:19294');
    expect(endpoints(s).kafka).toBe('127.0.0.1:19094,127.0.0.1:19194,127.0.0.1:19294');
    // Node 2's plaintext port would be 19192: the registry may not take it.
    expect(() =>
      loadStackSettings({ HOMEFIRST_STACK_BROKERS: '3', HOMEFIRST_REGISTRY_PORT: '19192' }, repoRoot),
    ).toThrow(/ports must differ/);
    expect(() => loadStackSettings({ HOMEFIRST_STACK_BROKERS: '2' }, repoRoot)).toThrow(
      /HOMEFIRST_STACK_BROKERS/,
    );
  });

  it('given no HOMEFIRST_STACK_BROKERS, then the node count Kafka was formatted with is used', () => {
    const hubDir = mkdtempSync(join(tmpdir(), 'stack-settings-'));
    try {
      expect(loadStackSettings({ HOMEFIRST_HUB_DIR: hubDir }, repoRoot).kafkaBrokers).toBe(1);
      mkdirSync(join(hubDir, 'kafka'));
      writeFileSync(kafkaNodesFile(hubDir), '3\n');
      expect(loadStackSettings({ HOMEFIRST_HUB_DIR: hubDir }, repoRoot).kafkaBrokers).toBe(3);
    } finally {
      rmSync(hubDir, { recursive: true, force: true });
    }
  });
});
