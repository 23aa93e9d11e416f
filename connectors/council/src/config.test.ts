import { ConfigError, DEVELOPMENT_PERSON_KEY_SECRET } from '@homefirst/runtime';
import { loadCouncilConfig, loadCouncilMapConfig } from './config';

const TOKENS = 'E08000012:liverpool-token-0123456789, e08000014:sefton-token-0123456789ab';

describe('council connector configuration', () => {
  it('given nothing but tokens, then local-stack defaults and the REST port 8089', () => {
    const { hub, council } = loadCouncilConfig({ HOMEFIRST_COUNCIL_TOKENS: TOKENS }, { requireTokens: true });
    expect(hub.kafka.brokers).toEqual(['127.0.0.1:19092']);
    expect(council).toMatchObject({
      port: 8089,
      batchSize: 500,
      maxInFlight: 4,
      dropDir: undefined,
      redisKeyPrefix: 'homefirst:',
    });
    expect([...council.tokens.entries()]).toEqual([
      ['liverpool-token-0123456789', 'E08000012'],
      ['sefton-token-0123456789ab', 'E08000014'],
    ]);
  });

  it('given serve without tokens, then a ConfigError names the variable', () => {
    expect(() => loadCouncilConfig({}, { requireTokens: true })).toThrow(
      /HOMEFIRST_COUNCIL_TOKENS: required/,
    );
    expect(() => loadCouncilConfig({}, { requireTokens: false })).not.toThrow();
  });

  it('given several bad variables, then one error lists each, and never echoes a token', () => {
    let error: unknown;
    try {
      loadCouncilConfig(
        {
          HOMEFIRST_COUNCIL_TOKENS: 'E08000012:short-secret,XYZ:another-long-secret-value',
          HOMEFIRST_COUNCIL_PORT: 'eighty',
          HOMEFIRST_COUNCIL_BATCH_SIZE: '0',
          HOMEFIRST_KAFKA_BROKERS: 'not a broker',
        },
        { requireTokens: true },
      );
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(
      'HOMEFIRST_COUNCIL_TOKENS: the token of E08000012 (entry 1) must be at least 16 characters',
    );
    expect(message).toContain('HOMEFIRST_COUNCIL_TOKENS: entry 2 must start with an ONS council code');
    expect(message).toContain('HOMEFIRST_COUNCIL_PORT: must be an integer from 0 to 65535');
    expect(message).toContain('HOMEFIRST_COUNCIL_BATCH_SIZE: must be an integer from 1 to 5000');
    expect(message).toContain('HOMEFIRST_KAFKA_BROKERS');
    expect(message).not.toContain('short-secret');
    expect(message).not.toContain('another-long-secret-value');
  });

  it('given a production deployment without a person-key secret, then it refuses', () => {
    expect(() =>
      loadCouncilConfig(
        { NODE_ENV: 'production', HOMEFIRST_COUNCIL_TOKENS: TOKENS },
        { requireTokens: true },
      ),
    ).toThrow(/HOMEFIRST_PERSON_KEY_SECRET/);
  });

  it('given two councils sharing a token, then it refuses', () => {
    expect(() =>
      loadCouncilConfig(
        { HOMEFIRST_COUNCIL_TOKENS: 'E08000012:same-token-0123456789,E08000014:same-token-0123456789' },
        { requireTokens: true },
      ),
    ).toThrow(/reuses another council's token/);
  });
});

describe('council feed checker (map) configuration', () => {
  it('given nothing, then the development secret and the built-in mappings only (works offline)', () => {
    expect(loadCouncilMapConfig({ NODE_ENV: 'production', HOMEFIRST_COUNCIL_PORT: '' })).toEqual({
      personKeySecret: DEVELOPMENT_PERSON_KEY_SECRET,
      mappingsDir: undefined,
    });
  });

  it('given a secret and a mappings folder, then they are used; a short secret is refused unechoed', () => {
    expect(
      loadCouncilMapConfig({
        HOMEFIRST_PERSON_KEY_SECRET: 'x'.repeat(40),
        HOMEFIRST_COUNCIL_MAPPINGS_DIR: '/m',
      }),
    ).toEqual({ personKeySecret: 'x'.repeat(40), mappingsDir: '/m' });
    expect(() => loadCouncilMapConfig({ HOMEFIRST_PERSON_KEY_SECRET: 'short-secret' })).toThrow(
      /HOMEFIRST_PERSON_KEY_SECRET: must be at least 32 characters \(got 12\)/,
    );
  });
});
