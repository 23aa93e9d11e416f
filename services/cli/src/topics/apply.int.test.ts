import { randomBytes } from 'node:crypto';
import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import { catalogue } from '@homefirst/schemas';
import { applyTopics } from './apply';

describe('applyTopics on the real broker', () => {
  const prefix = `it-topics-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}.`;
  let admin: Admin;

  beforeAll(async () => {
    const brokers = (process.env.HOMEFIRST_KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
    admin = new Kafka({ clientId: 'apply-topics-test', brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
  });

  afterAll(async () => {
    const ours = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (ours.length > 0) await admin.deleteTopics({ topics: ours });
    await admin.disconnect();
  });

  it('creates the catalogue, then finds it unchanged', async () => {
    const first = await applyTopics(admin, catalogue, { prefix, partitions: 2 });
    expect(first.ok).toBe(true);
    expect(first.topics.map((t) => t.status)).toEqual(catalogue.map(() => 'created'));

    const second = await applyTopics(admin, catalogue, { prefix, partitions: 2 });
    expect(second.topics.map((t) => t.status)).toEqual(catalogue.map(() => 'unchanged'));

    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: `${prefix}homefirst.hospital.events.v1`,
          configNames: ['retention.ms', 'cleanup.policy'],
        },
      ],
    });
    const configs = Object.fromEntries(
      described.resources[0]!.configEntries.map((e) => [e.configName, e.configValue]),
    );
    expect(configs).toEqual({ 'retention.ms': '-1', 'cleanup.policy': 'delete' });
  });

  it('reports, and does not change, a partition count that differs', async () => {
    const report = await applyTopics(admin, catalogue, { prefix, partitions: 3 });
    expect(report.ok).toBe(false);
    expect(report.topics[0]).toMatchObject({
      status: 'mismatched',
      problems: ['has 2 partitions, the catalogue says 3'],
    });
    const metadata = await admin.fetchTopicMetadata({ topics: [`${prefix}homefirst.hospital.events.v1`] });
    expect(metadata.topics[0]?.partitions).toHaveLength(2);
  });
});
