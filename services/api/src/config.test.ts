import { ConfigError, DEVELOPMENT_API_TOKEN_SECRET, configProblems } from '@homefirst/runtime';
import { apiConfigSchema, loadApiConfig } from './config';

const PRODUCTION_SECRETS = {
  NODE_ENV: 'production',
  HOMEFIRST_PERSON_KEY_SECRET: 'a-real-person-key-secret-from-the-vault-0123',
};

const problemsOf = (env: Record<string, string>): string => {
  expect(() => loadApiConfig(env)).toThrow(ConfigError);
  return configProblems(apiConfigSchema, env).join('\n');
};

describe('API config', () => {
  it('defaults to the local stack and the development token secret', () => {
    const config = loadApiConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      tokens: { kind: 'secret', secret: DEVELOPMENT_API_TOKEN_SECRET, issuer: 'homefirst-dev' },
      readModelNamespace: 'rm:v1:',
      rateLimitPerMinute: 600,
      maxPageSize: 200,
      bedDayCostGbp: 400,
      pathwayTargets: {},
    });
    expect(config.hub.redis.url).toBe('redis://127.0.0.1:16379');
  });

  it('verifies against a JWKS when one is configured', () => {
    expect(loadApiConfig({ HOMEFIRST_API_JWKS_URL: 'https://idp.example/jwks' }).tokens).toEqual({
      kind: 'jwks',
      jwksUrl: 'https://idp.example/jwks',
      issuer: 'homefirst-dev',
      audience: 'homefirst-api',
    });
  });

  it("takes the system's own pathway targets, and names what is wrong with bad ones", () => {
    expect(loadApiConfig({ HOMEFIRST_PATHWAY_TARGETS: 'P0=0.6,P1=0.3' }).pathwayTargets).toEqual({
      P0: 0.6,
      P1: 0.3,
    });
    expect(problemsOf({ HOMEFIRST_PATHWAY_TARGETS: 'P0=0.6,P1=0.45' })).toContain(
      'HOMEFIRST_PATHWAY_TARGETS: the pathway targets add up to 105%, more than 100%',
    );
  });

  it('takes the long-delay cohort and the internal reasons, refusing a reason the hub does not have', () => {
    expect(loadApiConfig({})).toMatchObject({
      longDelayDays: 21,
      internalReasons: expect.arrayContaining(['AWAITING_DIAGNOSTIC_TEST']) as unknown,
    });
    expect(
      loadApiConfig({
        HOMEFIRST_LONG_DELAY_DAYS: '14',
        HOMEFIRST_INTERNAL_DELAY_REASONS: 'AWAITING_DIAGNOSTIC_TEST, AWAITING_THERAPY_DECISION',
      }),
    ).toMatchObject({
      longDelayDays: 14,
      internalReasons: ['AWAITING_DIAGNOSTIC_TEST', 'AWAITING_THERAPY_DECISION'],
    });
    expect(problemsOf({ HOMEFIRST_INTERNAL_DELAY_REASONS: 'AWAITING_GODOT' })).toContain(
      'HOMEFIRST_INTERNAL_DELAY_REASONS: not delay reasons of the hub: AWAITING_GODOT',
    );
  });

  it('takes a local Table 5 → current reason map, refusing codes that are not (docs/delay-reasons.md)', () => {
    expect(loadApiConfig({}).table5ReasonMap.size).toBe(0);
    expect([
      ...loadApiConfig({ HOMEFIRST_TABLE5_REASON_MAP: 'AWAITING_DIAGNOSTIC_TEST=AWAITING_DISCHARGE_LETTER' })
        .table5ReasonMap,
    ]).toEqual([['AWAITING_DIAGNOSTIC_TEST', 'AWAITING_DISCHARGE_LETTER']]);
    expect(
      problemsOf({ HOMEFIRST_TABLE5_REASON_MAP: 'AWAITING_P2_BED=AWAITING_P3_CARE_HOME_BED' }),
    ).toContain(
      'HOMEFIRST_TABLE5_REASON_MAP: AWAITING_P2_BED=AWAITING_P3_CARE_HOME_BED: the right side must be a reason of the current acute return',
    );
  });

  it('refuses a blank port instead of listening on a random one', () => {
    expect(problemsOf({ HOMEFIRST_API_PORT: '' })).toContain(
      'HOMEFIRST_API_PORT: must be an integer from 0 to 65535',
    );
  });

  it('names every bad variable at once, the common ones too, never echoing a secret', () => {
    const message = problemsOf({
      HOMEFIRST_API_PORT: 'eighty',
      HOMEFIRST_API_MAX_PAGE_SIZE: '5000',
      HOMEFIRST_API_TOKEN_SECRET: 'too-short-secret',
      HOMEFIRST_LOG_LEVEL: 'loud',
    });
    expect(message.split('\n')).toHaveLength(4);
    expect(message).toContain('HOMEFIRST_LOG_LEVEL: must be one of');
    expect(message).toContain('HOMEFIRST_API_PORT: must be an integer from 0 to 65535');
    expect(message).toContain('HOMEFIRST_API_MAX_PAGE_SIZE: must be an integer from 1 to 1000');
    expect(message).toContain('HOMEFIRST_API_TOKEN_SECRET: must be at least 32 characters (got 16)');
    expect(message).not.toContain('too-short-secret');
  });

  it('in production, needs a JWKS URL or a secret of its own', () => {
    expect(problemsOf(PRODUCTION_SECRETS)).toContain(
      'HOMEFIRST_API_JWKS_URL: required when NODE_ENV=production',
    );
    expect(
      problemsOf({ ...PRODUCTION_SECRETS, HOMEFIRST_API_TOKEN_SECRET: DEVELOPMENT_API_TOKEN_SECRET }),
    ).toContain('HOMEFIRST_API_TOKEN_SECRET: must not be the development value in production');
    expect(
      loadApiConfig({ ...PRODUCTION_SECRETS, HOMEFIRST_API_JWKS_URL: 'https://idp.example/jwks' }).tokens
        .kind,
    ).toBe('jwks');
  });
});
