import { ConfigResourceTypes, type ITopicConfig } from 'kafkajs';
import { catalogue } from '@homefirst/schemas';
import { applyTopics, type TopicAdmin } from './apply';

/** A cluster in memory: topics with partition counts and configs, as the admin API shows them. */
class FakeCluster implements TopicAdmin {
  readonly topics = new Map<string, { partitions: number; configs: Map<string, string> }>();
  created: string[] = [];

  listTopics(): Promise<string[]> {
    return Promise.resolve([...this.topics.keys()]);
  }
  createTopics(options: { topics: ITopicConfig[] }): Promise<boolean> {
    let all = true;
    for (const t of options.topics) {
      if (this.topics.has(t.topic)) {
        all = false;
        continue;
      }
      this.created.push(t.topic);
      this.topics.set(t.topic, {
        partitions: t.numPartitions ?? 1,
        configs: new Map((t.configEntries ?? []).map((e) => [e.name, e.value])),
      });
    }
    return Promise.resolve(all);
  }
  fetchTopicMetadata(options?: { topics: string[] }): ReturnType<TopicAdmin['fetchTopicMetadata']> {
    const names = options?.topics ?? [...this.topics.keys()];
    return Promise.resolve({
      topics: names.map((name) => ({
        name,
        partitions: Array.from({ length: this.topics.get(name)?.partitions ?? 0 }, (_, partitionId) => ({
          partitionId,
          leader: 1,
          replicas: [1],
          isr: [1],
          offlineReplicas: [],
          partitionErrorCode: 0,
        })),
      })),
    });
  }
  describeConfigs(
    query: Parameters<TopicAdmin['describeConfigs']>[0],
  ): ReturnType<TopicAdmin['describeConfigs']> {
    return Promise.resolve({
      throttleTime: 0,
      resources: query.resources.map((r) => ({
        errorCode: 0,
        errorMessage: '',
        resourceName: r.name,
        resourceType: ConfigResourceTypes.TOPIC,
        configEntries: (r.configNames ?? []).map((configName) => ({
          configName,
          configValue:
            this.topics.get(r.name)?.configs.get(configName) ??
            (configName === 'retention.ms' ? '604800000' : ''),
          isDefault: false,
          configSource: 1,
          isSensitive: false,
          readOnly: false,
          configSynonyms: [],
        })),
      })),
    });
  }
  alterConfigs(options: Parameters<TopicAdmin['alterConfigs']>[0]): Promise<void> {
    for (const r of options.resources) {
      const topic = this.topics.get(r.name);
      if (topic) topic.configs = new Map(r.configEntries.map((e) => [e.name, e.value]));
    }
    return Promise.resolve();
  }
}

describe('applyTopics', () => {
  it('creates every catalogue topic with its partitions, retention and cleanup policy', async () => {
    const cluster = new FakeCluster();

    const report = await applyTopics(cluster, catalogue, { prefix: 't1.' });

    expect(report.ok).toBe(true);
    expect(report.topics.map((t) => t.status)).toEqual(catalogue.map(() => 'created'));
    const hospital = cluster.topics.get('t1.homefirst.hospital.events.v1');
    expect(hospital?.partitions).toBe(6);
    expect(Object.fromEntries(hospital?.configs ?? [])).toEqual({
      'cleanup.policy': 'delete',
      'retention.ms': '-1',
      'retention.bytes': '-1',
    });
    expect(cluster.topics.get('t1.homefirst.raw.v1')?.configs.get('retention.ms')).toBe(
      String(90 * 86_400_000),
    );
  });

  it('is idempotent: a second run creates nothing and reports everything unchanged', async () => {
    const cluster = new FakeCluster();
    await applyTopics(cluster, catalogue);
    cluster.created = [];

    const report = await applyTopics(cluster, catalogue);

    expect(cluster.created).toEqual([]);
    expect(report.topics.map((t) => t.status)).toEqual(catalogue.map(() => 'unchanged'));
  });

  it('applies a partition override to every topic and configured retention', async () => {
    const cluster = new FakeCluster();
    await applyTopics(cluster, catalogue, {
      partitions: 2,
      retentionMs: { 'homefirst.deadletter.v1': 3_600_000 },
    });
    expect(new Set([...cluster.topics.values()].map((t) => t.partitions))).toEqual(new Set([2]));
    expect(cluster.topics.get('homefirst.deadletter.v1')?.configs.get('retention.ms')).toBe('3600000');
  });

  it('reports a partition mismatch and never changes it', async () => {
    const cluster = new FakeCluster();
    await applyTopics(cluster, catalogue);
    cluster.topics.get('homefirst.council.events.v1')!.partitions = 12;

    const report = await applyTopics(cluster, catalogue, { fixConfigs: true });

    expect(report.ok).toBe(false);
    expect(report.topics.find((t) => t.topic === 'homefirst.council.events.v1')).toEqual({
      topic: 'homefirst.council.events.v1',
      status: 'mismatched',
      problems: ['has 12 partitions, the catalogue says 6'],
    });
    expect(cluster.topics.get('homefirst.council.events.v1')?.partitions).toBe(12);
  });

  it('reports config drift, and fixes it only when asked', async () => {
    const cluster = new FakeCluster();
    await applyTopics(cluster, catalogue);
    cluster.topics.get('homefirst.hospital.events.v1')!.configs.set('retention.ms', '604800000');

    const reported = await applyTopics(cluster, catalogue);
    expect(reported.ok).toBe(false);
    expect(reported.topics[0]).toMatchObject({
      status: 'mismatched',
      problems: ['retention.ms is 604800000, the catalogue says -1'],
    });

    const fixed = await applyTopics(cluster, catalogue, { fixConfigs: true });
    expect(fixed.ok).toBe(true);
    expect(fixed.topics[0]).toMatchObject({ status: 'updated' });
    expect(cluster.topics.get('homefirst.hospital.events.v1')?.configs.get('retention.ms')).toBe('-1');
  });

  it('flags co-partitioned topics whose partition counts differ', async () => {
    const cluster = new FakeCluster();
    // given a catalogue edit that gives the hospital topic fewer partitions than its co-partitioned council topic
    const [hospital, council] = catalogue;
    const edited = [{ ...hospital, partitions: 3 }, council];

    const report = await applyTopics(cluster, edited);

    expect(report.ok).toBe(false);
    expect(report.topics.map((t) => t.status)).toEqual(['mismatched', 'mismatched']);
    expect(report.topics[0]).toMatchObject({
      problems: [expect.stringMatching(/co-partitioned 'person' topics/)],
    });
  });
});
