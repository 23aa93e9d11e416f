import { DEVELOPMENT_PERSON_KEY_SECRET } from '@homefirst/runtime';
import { configErrorMessage } from '@homefirst/testing';
import { loadFhirConfig, loadFhirMapConfig } from './config';
import { DEFAULT_EXTENSION_URLS, HUB_EXTENSION } from './mapping/extensions';

const TOKEN_RXN = 'rxn-token-0123456789abcdef';
const TOKEN_REM = 'rem-token-0123456789abcdef';

const problemsOf = (env: Record<string, string>, command: 'serve' | 'pull' = 'serve'): string =>
  configErrorMessage(() => loadFhirConfig(env, command));

describe('FHIR connector configuration', () => {
  it('given only the trust tokens, then serve runs on the defaults of the local stack', () => {
    const config = loadFhirConfig({ HOMEFIRST_FHIR_TOKENS: `RXN:${TOKEN_RXN}, rem:${TOKEN_REM}` }, 'serve');
    expect(config.fhir).toMatchObject({
      port: 8088,
      maxBodyBytes: 768 * 1024,
      publishTimeoutMs: 10_000,
      redisPrefix: 'homefirst:fhir:',
    });
    expect([...config.fhir.tokens]).toEqual([
      [TOKEN_RXN, 'RXN'],
      [TOKEN_REM, 'REM'],
    ]);
    expect(config.kafka.brokers).toEqual(['127.0.0.1:19092']);
    expect(config.fhir.extensionUrls.dischargeReadiness).toEqual([HUB_EXTENSION.dischargeReadiness]);
  });

  it('given no tokens, then serve refuses to start and names the variable', () => {
    expect(problemsOf({})).toContain('HOMEFIRST_FHIR_TOKENS: required to serve');
  });

  it('given bad values, then one error names every variable, and never echoes a token', () => {
    const message = problemsOf({
      HOMEFIRST_FHIR_TOKENS: 'RXN:short-secret',
      HOMEFIRST_FHIR_PORT: 'eighty',
      HOMEFIRST_FHIR_MAX_BODY_BYTES: '10',
      HOMEFIRST_KAFKA_BROKERS: 'not a broker',
    });
    expect(message).toMatch(/HOMEFIRST_FHIR_TOKENS: entry 1 must be ODS:token/);
    expect(message).toMatch(/HOMEFIRST_FHIR_PORT: must be an integer from 0 to 65535/);
    expect(message).toMatch(/HOMEFIRST_FHIR_MAX_BODY_BYTES: must be an integer from 1024/);
    expect(message).toMatch(/HOMEFIRST_KAFKA_BROKERS/);
    expect(message).not.toContain('short-secret');
  });

  it("given the trusts' own delay-reason codes, then they map to hub codes; one the hub lacks stops startup", () => {
    const config = loadFhirConfig(
      {
        HOMEFIRST_FHIR_TOKENS: `RXN:${TOKEN_RXN}`,
        HOMEFIRST_FHIR_DELAY_REASON_CODES: 'MFFD-OT=AWAITING_THERAPY_DECISION',
      },
      'serve',
    );
    expect(config.fhir.delayReasonCodes).toEqual(new Map([['MFFD-OT', 'AWAITING_THERAPY_DECISION']]));
    expect(
      loadFhirConfig({ HOMEFIRST_FHIR_TOKENS: `RXN:${TOKEN_RXN}` }, 'serve').fhir.delayReasonCodes,
    ).toBeUndefined();
    expect(() =>
      loadFhirConfig(
        { HOMEFIRST_FHIR_TOKENS: `RXN:${TOKEN_RXN}`, HOMEFIRST_FHIR_DELAY_REASON_CODES: 'MFFD-OT' },
        'serve',
      ),
    ).toThrow('HOMEFIRST_FHIR_DELAY_REASON_CODES: entry 1 must be LOCAL=HUB_CODE');
  });

  it('given extension aliases and MRN systems, then they are added to the hub defaults', () => {
    const config = loadFhirConfig(
      {
        HOMEFIRST_FHIR_TOKENS: `RXN:${TOKEN_RXN}`,
        HOMEFIRST_FHIR_READINESS_EXTENSION_URLS: 'https://fhir.trust.example/StructureDefinition/nctr',
        HOMEFIRST_FHIR_MRN_SYSTEMS: 'https://fhir.trust.example/Id/mrn',
        HOMEFIRST_FHIR_SOURCE_BASE_URLS: 'RXN=https://fhir.trust.example/R4/',
      },
      'serve',
    );
    expect(config.fhir.extensionUrls.dischargeReadiness).toEqual([
      HUB_EXTENSION.dischargeReadiness,
      'https://fhir.trust.example/StructureDefinition/nctr',
    ]);
    expect(config.fhir.mrnSystems).toEqual(['https://fhir.trust.example/Id/mrn']);
    expect(config.fhir.sourceBaseUrls.get('RXN')).toBe('https://fhir.trust.example/R4');
  });

  it('given pull without a server, then it names both missing variables; with them, the interval parses', () => {
    const message = problemsOf({}, 'pull');
    expect(message).toContain('HOMEFIRST_FHIR_PULL_BASE_URL');
    expect(message).toContain('HOMEFIRST_FHIR_PULL_ODS');
    const config = loadFhirConfig(
      {
        HOMEFIRST_FHIR_PULL_BASE_URL: 'http://127.0.0.1:9/fhir/',
        HOMEFIRST_FHIR_PULL_ODS: 'rem',
        HOMEFIRST_FHIR_PULL_INTERVAL: '5m',
      },
      'pull',
    );
    expect(config.pull).toMatchObject({
      baseUrl: 'http://127.0.0.1:9/fhir',
      ods: 'REM',
      intervalMs: 300_000,
    });
    expect(
      problemsOf(
        {
          HOMEFIRST_FHIR_PULL_BASE_URL: 'http://x/fhir',
          HOMEFIRST_FHIR_PULL_ODS: 'REM',
          HOMEFIRST_FHIR_PULL_INTERVAL: 'soon',
        },
        'pull',
      ),
    ).toMatch(/HOMEFIRST_FHIR_PULL_INTERVAL: must be a duration/);
  });
});

describe('FHIR feed checker (map) configuration', () => {
  it('given nothing, then the development secret and the default parse settings (works offline)', () => {
    expect(loadFhirMapConfig({ NODE_ENV: 'production' })).toEqual({
      personKeySecret: DEVELOPMENT_PERSON_KEY_SECRET,
      mrnSystems: [],
      clockSkewToleranceMs: 300_000,
      extensionUrls: DEFAULT_EXTENSION_URLS,
    });
  });

  it('reads the parse settings as serve does, so map answers as the live connector', () => {
    const env = {
      HOMEFIRST_FHIR_MRN_SYSTEMS: 'https://trust.example/mrn',
      HOMEFIRST_FHIR_EDD_EXTENSION_URLS: 'https://trust.example/edd',
      HOMEFIRST_FHIR_TOKENS: `RXN:${TOKEN_RXN}`,
    };
    const live = loadFhirConfig(env, 'serve').fhir;
    const offline = loadFhirMapConfig(env);
    expect(offline.mrnSystems).toEqual(live.mrnSystems);
    expect(offline.extensionUrls).toEqual(live.extensionUrls);
    expect(offline.extensionUrls.expectedDischargeDate).toContain('https://trust.example/edd');
  });

  it('refuses a short secret without echoing it', () => {
    expect(() => loadFhirMapConfig({ HOMEFIRST_PERSON_KEY_SECRET: 'short-secret' })).toThrow(
      /HOMEFIRST_PERSON_KEY_SECRET: must be at least 32 characters \(got 12\)/,
    );
  });
});
