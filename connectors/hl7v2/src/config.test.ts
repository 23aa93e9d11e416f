import { ConfigError, DEVELOPMENT_PERSON_KEY_SECRET } from '@homefirst/runtime';
import { loadHl7Config, loadMappingConfig } from './config';
import { DEFAULT_READINESS_OBX_CODES } from './mapping/settings';

const TLS_FILES = {
  HOMEFIRST_MLLP_TLS_KEY: '/etc/homefirst/mllp.key',
  HOMEFIRST_MLLP_TLS_CERT: '/etc/homefirst/mllp.crt',
  HOMEFIRST_MLLP_TLS_CA: '/etc/homefirst/trust-senders-ca.crt',
};

describe('serve configuration', () => {
  it('given only the TLS files, then the documented defaults on top of the hub config: mutual TLS on every interface, organisation from O', () => {
    const config = loadHl7Config(TLS_FILES);
    expect(config.mllp).toEqual({
      host: '0.0.0.0',
      port: 2575,
      tls: {
        keyFile: '/etc/homefirst/mllp.key',
        certFile: '/etc/homefirst/mllp.crt',
        caFile: '/etc/homefirst/trust-senders-ca.crt',
        crlFile: null,
        orgAttribute: 'O',
      },
      maxFrameBytes: 786_432,
      idleTimeoutMs: 300_000,
      maxConnections: 256,
      publishTimeoutMs: 10_000,
      redisKeyPrefix: '',
    });
    expect(config.mapping).toEqual({
      defaultOrgCode: null,
      facilityOrgCodes: new Map(),
      timeZone: 'Europe/London',
      clockSkewToleranceMs: 300_000,
      readiness: { source: 'both', segment: 'ZDR', obxCodes: DEFAULT_READINESS_OBX_CODES },
      nhsNumbers: { acceptTestNumbers: true },
    });
    expect(config.kafka.brokers).toEqual(['127.0.0.1:19092']);
    expect(config.personKeySecret).toBe(DEVELOPMENT_PERSON_KEY_SECRET);
  });

  it('given overrides, then they are parsed and normalised', () => {
    const config = loadHl7Config({
      ...TLS_FILES,
      HOMEFIRST_MLLP_PORT: '12575',
      HOMEFIRST_MLLP_MAX_FRAME_BYTES: '65536',
      HOMEFIRST_HL7_DEFAULT_ODS: 'rxn',
      HOMEFIRST_HL7_FACILITY_ODS: 'Royal Preston=RXN02, CHORLEY=rxn03',
      HOMEFIRST_HL7_READINESS_SOURCE: 'obx',
      HOMEFIRST_HL7_READINESS_OBX_CODES: 'readyAt=DRD,delayReason=DELAY',
      HOMEFIRST_TOPIC_PREFIX: 't1.',
    });
    expect(config.mllp.port).toBe(12575);
    expect(config.mapping.defaultOrgCode).toBe('RXN');
    expect(config.mapping.facilityOrgCodes).toEqual(
      new Map([
        ['ROYAL PRESTON', 'RXN02'],
        ['CHORLEY', 'RXN03'],
      ]),
    );
    expect(config.mapping.readiness.obxCodes).toEqual({
      ...DEFAULT_READINESS_OBX_CODES,
      readyAt: 'DRD',
      delayReason: 'DELAY',
    });
    expect(config.topicPrefix).toBe('t1.');
  });

  it('given bad values, then one ConfigError naming every variable and what it accepts', () => {
    const attempt = (): unknown =>
      loadHl7Config({
        ...TLS_FILES,
        HOMEFIRST_MLLP_PORT: 'http',
        HOMEFIRST_MLLP_MAX_FRAME_BYTES: '12',
        HOMEFIRST_HL7_DEFAULT_ODS: 'not an ods code',
        HOMEFIRST_HL7_READINESS_SOURCE: 'pager',
        HOMEFIRST_HL7_TIMEZONE: 'Mars/Olympus',
        HOMEFIRST_KAFKA_BROKERS: 'nowhere',
        HOMEFIRST_PERSON_KEY_SECRET: 'short',
      });
    expect(attempt).toThrow(ConfigError);
    let message = '';
    try {
      attempt();
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('Invalid environment (7 problems)');
    for (const variable of [
      'HOMEFIRST_MLLP_PORT: must be an integer from 0 to 65535',
      'HOMEFIRST_MLLP_MAX_FRAME_BYTES: must be an integer from 1024',
      'HOMEFIRST_HL7_DEFAULT_ODS: must be an ODS code',
      'HOMEFIRST_HL7_READINESS_SOURCE: must be one of zsegment, obx, both',
      'HOMEFIRST_HL7_TIMEZONE: must be an IANA time zone',
      'HOMEFIRST_KAFKA_BROKERS',
      'HOMEFIRST_PERSON_KEY_SECRET',
    ]) {
      expect(message).toContain(variable);
    }
  });

  it("given the trust's own delay-reason codes, then they map to hub codes; a code the hub lacks is refused at startup", () => {
    const config = loadHl7Config({
      ...TLS_FILES,
      HOMEFIRST_HL7_DELAY_REASON_CODES:
        '07=AWAITING_P2_BED, mffd-ot=AWAITING_THERAPY_REVIEW_FOR_SUPPORTED_DISCHARGE',
    });
    expect(config.mapping.readiness.delayReasonCodes).toEqual(
      new Map([
        ['07', 'AWAITING_P2_BED'],
        ['MFFD-OT', 'AWAITING_THERAPY_REVIEW_FOR_SUPPORTED_DISCHARGE'],
      ]),
    );
    expect(() =>
      loadHl7Config({ ...TLS_FILES, HOMEFIRST_HL7_DELAY_REASON_CODES: '07=AWAITING_GODOT' }),
    ).toThrow('HOMEFIRST_HL7_DELAY_REASON_CODES: entry 1: AWAITING_GODOT is not a delay reason of the hub');
  });

  it('given production without a secret, then refused (runtime rule kept)', () => {
    expect(() => loadHl7Config({ ...TLS_FILES, NODE_ENV: 'production' })).toThrow(
      /HOMEFIRST_PERSON_KEY_SECRET: required when NODE_ENV=production/,
    );
  });
});

describe("serve configuration: the listener's TLS", () => {
  it('given no TLS files, then one ConfigError naming each (TLS is the default)', () => {
    expect(() => loadHl7Config({})).toThrow(ConfigError);
    expect(() => loadHl7Config({})).toThrow(
      /HOMEFIRST_MLLP_TLS_KEY: required: the path of a PEM file \(mutual TLS is the default; HOMEFIRST_MLLP_TLS=false for a plaintext listener\)/,
    );
    expect(() => loadHl7Config({ HOMEFIRST_MLLP_TLS_KEY: '/k' })).toThrow(
      /Invalid environment \(2 problems\)[\s\S]*HOMEFIRST_MLLP_TLS_CERT[\s\S]*HOMEFIRST_MLLP_TLS_CA/,
    );
  });

  it('given HOMEFIRST_MLLP_TLS=false, then a plaintext listener bound to loopback unless a host is set', () => {
    expect(loadHl7Config({ HOMEFIRST_MLLP_TLS: 'false' }).mllp).toMatchObject({
      host: '127.0.0.1',
      tls: null,
    });
    expect(loadHl7Config({ HOMEFIRST_MLLP_TLS: 'no', HOMEFIRST_MLLP_HOST: '10.0.0.5' }).mllp).toMatchObject({
      host: '10.0.0.5',
      tls: null,
    });
  });

  it('given a CRL and another organisation attribute, then they are used; an unknown attribute is named', () => {
    const config = loadHl7Config({
      ...TLS_FILES,
      HOMEFIRST_MLLP_TLS_CRL: '/etc/homefirst/senders.crl',
      HOMEFIRST_MLLP_TLS_ORG_ATTRIBUTE: 'OU',
    });
    expect(config.mllp.tls).toMatchObject({ crlFile: '/etc/homefirst/senders.crl', orgAttribute: 'OU' });
    expect(() => loadHl7Config({ ...TLS_FILES, HOMEFIRST_MLLP_TLS_ORG_ATTRIBUTE: 'SAN' })).toThrow(
      /HOMEFIRST_MLLP_TLS_ORG_ATTRIBUTE: must be one of O, OU, CN \(got "SAN"\)/,
    );
  });
});

describe('map configuration', () => {
  it('given nothing, then the development secret and default mapping (works offline, even with NODE_ENV=production)', () => {
    expect(loadMappingConfig({ NODE_ENV: 'production' }).personKeySecret).toBe(DEVELOPMENT_PERSON_KEY_SECRET);
  });

  it('given production, then test NHS numbers are refused unless allowed, as in serve', () => {
    expect(loadMappingConfig({}).mapping.nhsNumbers).toEqual({ acceptTestNumbers: true });
    expect(loadMappingConfig({ NODE_ENV: 'production' }).mapping.nhsNumbers).toEqual({
      acceptTestNumbers: false,
    });
    const allowed = { NODE_ENV: 'production', HOMEFIRST_ACCEPT_TEST_NHS_NUMBERS: 'yes' };
    expect(loadMappingConfig(allowed).mapping.nhsNumbers).toEqual({ acceptTestNumbers: true });
  });

  it('given a secret, then it is used', () => {
    expect(loadMappingConfig({ HOMEFIRST_PERSON_KEY_SECRET: 'x'.repeat(40) }).personKeySecret).toBe(
      'x'.repeat(40),
    );
  });
});
