import { ConfigError, configProblems } from '@homefirst/runtime';
import {
  DEVELOPMENT_COUNCIL_TOKEN,
  DEVELOPMENT_FHIR_TOKEN,
  demoEnvironmentSchema,
  loadDemoEnvironment,
  readSenderTls,
} from './environment';

const TLS_FILES = {
  HOMEFIRST_DEMO_MLLP_TLS_CA: '/hub/.hub/tls/mllp/ca.crt',
  HOMEFIRST_DEMO_MLLP_TLS_CERT: '/hub/.hub/tls/mllp/trust-RHF.crt',
  HOMEFIRST_DEMO_MLLP_TLS_KEY: '/hub/.hub/tls/mllp/trust-RHF.key',
};

describe('demo environment', () => {
  it('defaults to the local hub of `homefirst up`, HL7 over mutual TLS with the certificate files it is given', () => {
    expect(loadDemoEnvironment({ ...TLS_FILES, HOMEFIRST_DEMO_FHIR_URL: ' ' })).toEqual({
      mllp: {
        host: '127.0.0.1',
        port: 2575,
        tls: {
          caFile: '/hub/.hub/tls/mllp/ca.crt',
          certFile: '/hub/.hub/tls/mllp/trust-RHF.crt',
          keyFile: '/hub/.hub/tls/mllp/trust-RHF.key',
        },
      },
      fhir: { url: 'http://127.0.0.1:8088', token: DEVELOPMENT_FHIR_TOKEN },
      council: { url: 'http://127.0.0.1:8089', token: DEVELOPMENT_COUNCIL_TOKEN },
      logLevel: 'warn',
    });
  });

  it('names each missing certificate file unless plaintext is asked for', () => {
    const message = configProblems(demoEnvironmentSchema, {}).join('\n');
    for (const variable of Object.keys(TLS_FILES))
      expect(message).toContain(`${variable}: required: the path of a PEM file`);
    expect(loadDemoEnvironment({ HOMEFIRST_DEMO_MLLP_TLS: 'false' }).mllp).toEqual({
      host: '127.0.0.1',
      port: 2575,
      tls: null,
    });
  });

  it('given a certificate file that is not there, then reading it names the variable', () => {
    expect(() => readSenderTls({ caFile: '/nonexistent/ca.crt', certFile: '/x', keyFile: '/y' })).toThrow(
      /HOMEFIRST_DEMO_MLLP_TLS_CA: cannot read \/nonexistent\/ca.crt \(ENOENT\)/,
    );
  });

  it('names every bad variable at once, never echoing a token', () => {
    const env = {
      ...TLS_FILES,
      HOMEFIRST_DEMO_MLLP_PORT: '',
      HOMEFIRST_DEMO_FHIR_URL: 'ftp://trust',
      HOMEFIRST_DEMO_COUNCIL_TOKEN: 'short-token',
      HOMEFIRST_LOG_LEVEL: 'loud',
    };
    expect(() => loadDemoEnvironment(env)).toThrow(ConfigError);
    const message = configProblems(demoEnvironmentSchema, env).join('\n');
    expect(message.split('\n')).toHaveLength(4);
    expect(message).toContain('HOMEFIRST_DEMO_MLLP_PORT: must be an integer from 1 to 65535 (got "")');
    expect(message).toContain('HOMEFIRST_DEMO_FHIR_URL: must be a URL starting with http:// or https://');
    expect(message).toContain('HOMEFIRST_DEMO_COUNCIL_TOKEN: must be at least 16 characters (got 11)');
    expect(message).toContain(
      'HOMEFIRST_LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent',
    );
    expect(message).not.toContain('short-token');
  });
});
