import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, configProblems } from '@homefirst/runtime';
import { apiConfigSchema, loadApiConfig } from './config';

const dir = mkdtempSync(join(tmpdir(), 'api-sign-in-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  writeFileSync(join(dir, name), `${text}\n`);
  return join(dir, name);
};

const SIGN_IN = {
  HOMEFIRST_OIDC_ISSUER: 'http://127.0.0.1:8090',
  HOMEFIRST_OIDC_CLIENT_ID: 'homefirst-board',
  HOMEFIRST_OIDC_CLIENT_SECRET_FILE: file('client-secret', 'the-client-secret'),
  HOMEFIRST_API_SESSION_KEY_FILE: file('session-key', 'a-session-key-of-at-least-32-characters'),
};

const problemsOf = (env: Record<string, string>): string => {
  expect(() => loadApiConfig(env)).toThrow(ConfigError);
  return configProblems(apiConfigSchema, env).join('\n');
};

describe('API sign-in config', () => {
  it('is off without an issuer', () => {
    expect(loadApiConfig({}).signIn).toBeNull();
  });

  it('given an issuer and its files, then reads the secrets from the files and maps the role and org claims', () => {
    expect(loadApiConfig(SIGN_IN).signIn).toEqual({
      issuer: 'http://127.0.0.1:8090',
      clientId: 'homefirst-board',
      clientSecret: 'the-client-secret',
      redirectUri: 'http://127.0.0.1:8080/auth/callback',
      postLogoutRedirectUri: null,
      scopes: 'openid profile homefirst',
      claimMapping: { kind: 'claims', roleClaim: 'role', orgClaim: 'org', roleMap: new Map() },
      userinfo: false,
      sessionKey: 'a-session-key-of-at-least-32-characters',
      sessionTtlMs: 8 * 3_600_000,
      secureCookies: false,
    });
  });

  it('given CIS2 with a role map over https, then cookies are secure and the map is kept', () => {
    const signIn = loadApiConfig({
      ...SIGN_IN,
      HOMEFIRST_OIDC_ISSUER: 'https://cis2.example/realms/Healthcare',
      HOMEFIRST_OIDC_REDIRECT_URI: 'https://hub.example/auth/callback',
      HOMEFIRST_OIDC_CLAIMS: 'cis2',
      HOMEFIRST_OIDC_ROLE_MAP: 'R8000=trust, R8008=admin',
      HOMEFIRST_OIDC_USERINFO: 'true',
      HOMEFIRST_API_SESSION_TTL: '30m',
    }).signIn;
    expect(signIn).toMatchObject({
      claimMapping: {
        kind: 'cis2',
        roleMap: new Map([
          ['R8000', 'trust'],
          ['R8008', 'admin'],
        ]),
      },
      userinfo: true,
      sessionTtlMs: 30 * 60_000,
      secureCookies: true,
    });
  });

  it('given an issuer without its client, secret or session key, then names each missing variable', () => {
    const problems = problemsOf({ HOMEFIRST_OIDC_ISSUER: 'https://idp.example' });
    expect(problems).toContain('HOMEFIRST_OIDC_CLIENT_ID: required when HOMEFIRST_OIDC_ISSUER is set');
    expect(problems).toContain(
      'HOMEFIRST_OIDC_CLIENT_SECRET_FILE: required when HOMEFIRST_OIDC_ISSUER is set',
    );
    expect(problems).toContain('HOMEFIRST_API_SESSION_KEY_FILE: required when HOMEFIRST_OIDC_ISSUER is set');
  });

  it('refuses a short session key, a role map onto no hub role, and CIS2 without a map, without echoing secrets', () => {
    const problems = problemsOf({
      ...SIGN_IN,
      HOMEFIRST_API_SESSION_KEY_FILE: file('short-key', 'too-short-key'),
      HOMEFIRST_OIDC_ROLE_MAP: 'Homefirst.Trust=trust,Homefirst.Root=root',
    });
    expect(problems).toContain(
      'HOMEFIRST_API_SESSION_KEY_FILE: the key must be at least 32 characters (got 13)',
    );
    expect(problems).toContain('HOMEFIRST_OIDC_ROLE_MAP: entry 2 must be "issuer value=hub role"');
    expect(problems).not.toContain('too-short-key');
    expect(problemsOf({ ...SIGN_IN, HOMEFIRST_OIDC_CLAIMS: 'cis2' })).toContain(
      'HOMEFIRST_OIDC_ROLE_MAP: required when HOMEFIRST_OIDC_CLAIMS=cis2',
    );
  });

  it('in production, refuses a plain-http issuer or redirect URI', () => {
    const problems = problemsOf({
      ...SIGN_IN,
      NODE_ENV: 'production',
      HOMEFIRST_PERSON_KEY_SECRET: 'a-real-person-key-secret-from-the-vault-0123',
      HOMEFIRST_API_JWKS_URL: 'https://idp.example/jwks',
    });
    expect(problems).toContain('HOMEFIRST_OIDC_ISSUER: must be https when NODE_ENV=production');
    expect(problems).toContain('HOMEFIRST_OIDC_REDIRECT_URI: must be https when NODE_ENV=production');
  });
});
