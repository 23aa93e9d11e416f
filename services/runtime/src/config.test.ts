import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVELOPMENT_PERSON_KEY_SECRET, loadConfig } from './config';
import { configErrorMessage } from '@homefirst/testing';

const productionSecret = 'a-real-secret-from-the-vault-0123456789';

/** The message of the ConfigError `loadConfig(env)` throws. */
const configErrorFor = (env: Record<string, string>): string => configErrorMessage(() => loadConfig(env));

describe('loadConfig: defaults and coercion', () => {
  it('defaults to the local stack', () => {
    expect(loadConfig({})).toEqual({
      nodeEnv: 'development',
      kafka: { brokers: ['127.0.0.1:19092'], clientId: 'homefirst', ssl: false },
      registry: { url: 'http://127.0.0.1:18081/apis/ccompat/v7' },
      redis: { url: 'redis://127.0.0.1:16379' },
      log: { level: 'info' },
      http: { port: 0 },
      personKeySecret: DEVELOPMENT_PERSON_KEY_SECRET,
      topicPrefix: '',
      nhsNumbers: { acceptTestNumbers: true },
    });
  });

  it('ignores unrelated variables and treats blank ones as unset', () => {
    const config = loadConfig({ PATH: '/usr/bin', HOMEFIRST_LOG_LEVEL: '  ', HOMEFIRST_TOPIC_PREFIX: '' });
    expect(config.log.level).toBe('info');
    expect(config.topicPrefix).toBe('');
    expect(loadConfig({ PATH: '/usr/bin' }).http.port).toBe(0);
  });

  it('coerces and splits values', () => {
    const config = loadConfig({
      HOMEFIRST_KAFKA_BROKERS: ' kafka-0:9092, kafka-1:9092 ,',
      HOMEFIRST_KAFKA_SSL: 'TRUE',
      HOMEFIRST_HTTP_PORT: '9464',
      HOMEFIRST_LOG_LEVEL: 'debug',
      HOMEFIRST_TOPIC_PREFIX: 'test-42.',
      NODE_ENV: 'test',
    });
    expect(config.kafka.brokers).toEqual(['kafka-0:9092', 'kafka-1:9092']);
    expect(config.kafka.ssl).toBe(true);
    expect(config.http.port).toBe(9464);
    expect(config.log.level).toBe('debug');
    expect(config.topicPrefix).toBe('test-42.');
    expect(config.nodeEnv).toBe('test');
    expect(loadConfig({ HOMEFIRST_KAFKA_SSL: '0' }).kafka.ssl).toBe(false);
  });
});

describe('loadConfig: Kafka TLS and SASL from files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hub-config-'));
  const caFile = join(dir, 'ca.crt');
  const passwordFile = join(dir, 'hub-api.password');
  writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  writeFileSync(passwordFile, 's3cret-from-a-file\n', { mode: 0o600 });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('given a CA file and a password file, then TLS trusts that CA and SASL uses the password without its newline', () => {
    const config = loadConfig({
      HOMEFIRST_KAFKA_SSL_CA_FILE: caFile,
      HOMEFIRST_KAFKA_SASL_MECHANISM: 'scram-sha-512',
      HOMEFIRST_KAFKA_SASL_USERNAME: 'hub-api',
      HOMEFIRST_KAFKA_SASL_PASSWORD_FILE: passwordFile,
    });
    expect(config.kafka.ssl).toBe(true);
    expect(config.kafka.sslCa).toContain('BEGIN CERTIFICATE');
    expect(config.kafka.sasl).toEqual({
      mechanism: 'scram-sha-512',
      username: 'hub-api',
      password: 's3cret-from-a-file',
    });
  });

  it('given a missing password file or both password variables, then the variable is named and no secret is echoed', () => {
    expect(() =>
      loadConfig({
        HOMEFIRST_KAFKA_SASL_MECHANISM: 'scram-sha-512',
        HOMEFIRST_KAFKA_SASL_USERNAME: 'hub-api',
        HOMEFIRST_KAFKA_SASL_PASSWORD_FILE: join(dir, 'missing'),
      }),
    ).toThrow(
      /HOMEFIRST_KAFKA_SASL_PASSWORD_FILE: must name a file holding the SASL password; cannot read it \(ENOENT\)/,
    );
    let message = '';
    try {
      loadConfig({
        HOMEFIRST_KAFKA_SASL_MECHANISM: 'scram-sha-512',
        HOMEFIRST_KAFKA_SASL_USERNAME: 'hub-api',
        HOMEFIRST_KAFKA_SASL_PASSWORD: 'inline-secret',
        HOMEFIRST_KAFKA_SASL_PASSWORD_FILE: passwordFile,
      });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(
      'HOMEFIRST_KAFKA_SASL_PASSWORD_FILE: set either it or HOMEFIRST_KAFKA_SASL_PASSWORD, not both',
    );
    expect(message).not.toContain('inline-secret');
    expect(message).not.toContain('s3cret-from-a-file');
  });
});

describe('loadConfig: one bad variable is named with the rule and the bad value', () => {
  it.each([
    [
      'a blank port, instead of choosing a free one (issue 11)',
      { HOMEFIRST_HTTP_PORT: '' },
      'HOMEFIRST_HTTP_PORT: must be an integer from 0 to 65535 (0 = choose a free port) (got "")',
    ],
    [
      'a log level not allowed',
      { HOMEFIRST_LOG_LEVEL: 'loud' },
      'HOMEFIRST_LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace (got "loud")',
    ],
    [
      'a port that is not a whole number',
      { HOMEFIRST_HTTP_PORT: '80.5' },
      'HOMEFIRST_HTTP_PORT: must be an integer from 0 to 65535',
    ],
    ['a negative port', { HOMEFIRST_HTTP_PORT: '-1' }, 'HOMEFIRST_HTTP_PORT'],
    [
      'an unknown SASL mechanism',
      { HOMEFIRST_KAFKA_SASL_MECHANISM: 'gssapi' },
      'HOMEFIRST_KAFKA_SASL_MECHANISM: must be one of plain, scram-sha-256, scram-sha-512 (got "gssapi")',
    ],
    [
      'an unknown NODE_ENV',
      { NODE_ENV: 'prod' },
      'NODE_ENV: must be one of development, test, production (got "prod")',
    ],
  ])('refuses %s', (_case, env: Record<string, string>, expected) => {
    expect(configErrorFor(env)).toContain(expected);
  });
});

describe('loadConfig: several bad variables', () => {
  it('lists every bad variable at once, including cross-field rules', () => {
    const message = configErrorFor({
      HOMEFIRST_LOG_LEVEL: 'loud',
      HOMEFIRST_HTTP_PORT: '70000',
      HOMEFIRST_KAFKA_BROKERS: 'kafka-0',
      HOMEFIRST_KAFKA_SSL: 'maybe',
      HOMEFIRST_REDIS_URL: 'http://redis:6379',
      HOMEFIRST_REGISTRY_URL: 'not a url',
      HOMEFIRST_KAFKA_SASL_MECHANISM: 'plain',
    });
    expect(message).toContain('(8 problems)');
    expect(message).toContain('HOMEFIRST_HTTP_PORT: must be an integer from 0 to 65535');
    expect(message).toContain(
      'HOMEFIRST_KAFKA_BROKERS: must be a comma-separated list of host:port (got "kafka-0")',
    );
    expect(message).toContain('HOMEFIRST_KAFKA_SSL: must be one of true, 1, yes, false, 0, no (got "maybe")');
    expect(message).toContain('HOMEFIRST_REDIS_URL: must be a URL starting with redis:// or rediss://');
    expect(message).toContain('HOMEFIRST_REGISTRY_URL: must be a URL starting with http:// or https://');
    expect(message).toContain(
      'HOMEFIRST_KAFKA_SASL_USERNAME: required when HOMEFIRST_KAFKA_SASL_MECHANISM is set',
    );
    expect(message).toContain(
      'HOMEFIRST_KAFKA_SASL_PASSWORD: required when HOMEFIRST_KAFKA_SASL_MECHANISM is set',
    );
  });
});

describe('loadConfig: Kafka SASL', () => {
  it('is absent unless a mechanism is set', () => {
    expect(loadConfig({ HOMEFIRST_KAFKA_SASL_USERNAME: 'hub' }).kafka).not.toHaveProperty('sasl');
  });

  it('requires username and password with a mechanism', () => {
    const message = configErrorFor({
      HOMEFIRST_KAFKA_SASL_MECHANISM: 'scram-sha-512',
      HOMEFIRST_KAFKA_SASL_USERNAME: 'hub',
    });
    expect(message).toContain(
      'HOMEFIRST_KAFKA_SASL_PASSWORD: required when HOMEFIRST_KAFKA_SASL_MECHANISM is set',
    );
    expect(message).not.toContain('HOMEFIRST_KAFKA_SASL_USERNAME');
  });

  it('builds the SASL options when complete', () => {
    const config = loadConfig({
      HOMEFIRST_KAFKA_SASL_MECHANISM: 'scram-sha-256',
      HOMEFIRST_KAFKA_SASL_USERNAME: 'hub',
      HOMEFIRST_KAFKA_SASL_PASSWORD: 's3cret',
    });
    expect(config.kafka.sasl).toEqual({ mechanism: 'scram-sha-256', username: 'hub', password: 's3cret' });
  });
});

describe('loadConfig: person key secret', () => {
  it('uses the development value outside production', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).personKeySecret).toBe(DEVELOPMENT_PERSON_KEY_SECRET);
  });

  it('is required in production', () => {
    expect(configErrorFor({ NODE_ENV: 'production' })).toContain(
      'HOMEFIRST_PERSON_KEY_SECRET: required when NODE_ENV=production',
    );
  });

  it('refuses the development value in production', () => {
    expect(
      configErrorFor({
        NODE_ENV: 'production',
        HOMEFIRST_PERSON_KEY_SECRET: DEVELOPMENT_PERSON_KEY_SECRET,
      }),
    ).toContain('HOMEFIRST_PERSON_KEY_SECRET: must not be the development value');
  });

  it('must be at least 32 characters and is never echoed', () => {
    const message = configErrorFor({ HOMEFIRST_PERSON_KEY_SECRET: 'short-secret' });
    expect(message).toContain('HOMEFIRST_PERSON_KEY_SECRET: must be at least 32 characters (got 12)');
    expect(message).not.toContain('short-secret');
  });

  it('accepts a real secret in production', () => {
    const config = loadConfig({ NODE_ENV: 'production', HOMEFIRST_PERSON_KEY_SECRET: productionSecret });
    expect(config.personKeySecret).toBe(productionSecret);
    expect(config.nodeEnv).toBe('production');
  });
});

describe('loadConfig: test NHS numbers (999 range)', () => {
  const production = { NODE_ENV: 'production', HOMEFIRST_PERSON_KEY_SECRET: productionSecret };

  it('are accepted by default outside production, where the demo and the tests send them', () => {
    expect(loadConfig({}).nhsNumbers).toEqual({ acceptTestNumbers: true });
    expect(loadConfig({ NODE_ENV: 'test' }).nhsNumbers).toEqual({ acceptTestNumbers: true });
  });

  it('are refused by default in production', () => {
    expect(loadConfig(production).nhsNumbers).toEqual({ acceptTestNumbers: false });
  });

  it('follow HOMEFIRST_ACCEPT_TEST_NHS_NUMBERS when it is set', () => {
    const allowed = { ...production, HOMEFIRST_ACCEPT_TEST_NHS_NUMBERS: 'true' };
    expect(loadConfig(allowed).nhsNumbers).toEqual({ acceptTestNumbers: true });
    expect(loadConfig({ HOMEFIRST_ACCEPT_TEST_NHS_NUMBERS: 'false' }).nhsNumbers).toEqual({
      acceptTestNumbers: false,
    });
    expect(configErrorFor({ HOMEFIRST_ACCEPT_TEST_NHS_NUMBERS: 'maybe' })).toContain(
      'HOMEFIRST_ACCEPT_TEST_NHS_NUMBERS: must be one of',
    );
  });
});

describe('loadConfig: where it reads', () => {
  it('reads process.env by default', () => {
    const saved = process.env.HOMEFIRST_TOPIC_PREFIX;
    process.env.HOMEFIRST_TOPIC_PREFIX = 'from-process.';
    try {
      expect(loadConfig().topicPrefix).toBe('from-process.');
    } finally {
      if (saved === undefined) delete process.env.HOMEFIRST_TOPIC_PREFIX;
      else process.env.HOMEFIRST_TOPIC_PREFIX = saved;
    }
  });
});
