import { ConfigError, configProblems } from '@homefirst/runtime';
import {
  DEVELOPMENT_COUNCIL_TOKEN,
  DEVELOPMENT_FHIR_TOKEN,
  demoEnvironmentSchema,
  loadDemoEnvironment,
} from './environment';

describe('demo environment', () => {
  it('defaults to the local hub of `homefirst up`', () => {
    expect(loadDemoEnvironment({ HOMEFIRST_DEMO_FHIR_URL: ' ' })).toEqual({
      mllp: { host: '127.0.0.1', port: 2575 },
      fhir: { url: 'http://127.0.0.1:8088', token: DEVELOPMENT_FHIR_TOKEN },
      council: { url: 'http://127.0.0.1:8089', token: DEVELOPMENT_COUNCIL_TOKEN },
      logLevel: 'warn',
    });
  });

  it('names every bad variable at once, never echoing a token', () => {
    const env = {
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
