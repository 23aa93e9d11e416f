import { ConfigError, configProblems } from '@homefirst/runtime';
import { loadTopicsConfig, topicsConfigSchema, withBrokers } from './config';

describe('topics apply configuration', () => {
  it("parses the hub's common config, TLS and SASL included, as the services do", () => {
    const { hub, retentionMs } = loadTopicsConfig({
      HOMEFIRST_KAFKA_BROKERS: 'kafka-0:9093,kafka-1:9093',
      HOMEFIRST_KAFKA_SSL: 'true',
      HOMEFIRST_KAFKA_SASL_MECHANISM: 'scram-sha-512',
      HOMEFIRST_KAFKA_SASL_USERNAME: 'hub',
      HOMEFIRST_KAFKA_SASL_PASSWORD: 'from-the-vault',
      HOMEFIRST_TOPIC_PREFIX: 'staging.',
    });
    expect(hub.kafka).toEqual({
      brokers: ['kafka-0:9093', 'kafka-1:9093'],
      clientId: 'homefirst',
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'hub', password: 'from-the-vault' },
    });
    expect(hub.topicPrefix).toBe('staging.');
    expect(retentionMs).toEqual({});
  });

  it('takes the retention of the configurable topics from the environment', () => {
    expect(
      loadTopicsConfig({ HOMEFIRST_RAW_RETENTION_MS: '86400000', HOMEFIRST_DEAD_LETTER_RETENTION_MS: ' ' })
        .retentionMs,
    ).toEqual({ 'homefirst.raw.v1': 86_400_000 });
  });

  it('names every bad variable at once', () => {
    const env = { HOMEFIRST_RAW_RETENTION_MS: 'a week', HOMEFIRST_KAFKA_SASL_MECHANISM: 'plain' };
    expect(() => loadTopicsConfig(env)).toThrow(ConfigError);
    const message = configProblems(topicsConfigSchema, env).join('\n');
    expect(message.split('\n')).toHaveLength(3);
    expect(message).toContain(
      'HOMEFIRST_KAFKA_SASL_USERNAME: required when HOMEFIRST_KAFKA_SASL_MECHANISM is set',
    );
    expect(message).toContain('HOMEFIRST_RAW_RETENTION_MS: must be an integer from 1');
  });

  it('lets --brokers replace the brokers and keeps TLS and SASL', () => {
    const { hub } = loadTopicsConfig({ HOMEFIRST_KAFKA_SSL: 'yes' });
    expect(withBrokers(hub, ' b0:9092, b1:9092').kafka).toEqual({
      brokers: ['b0:9092', 'b1:9092'],
      clientId: 'homefirst',
      ssl: true,
    });
    expect(withBrokers(hub, undefined)).toBe(hub);
    expect(() => withBrokers(hub, 'nowhere')).toThrow(
      '--brokers must be a comma-separated list of host:port',
    );
  });
});
