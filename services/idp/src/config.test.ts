import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, configProblems } from '@homefirst/runtime';
import { idpConfigSchema, loadIdpConfig } from './config';

const dir = mkdtempSync(join(tmpdir(), 'idp-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  writeFileSync(join(dir, name), `${text}\n`);
  return join(dir, name);
};
const FILES = {
  HOMEFIRST_IDP_CLIENT_SECRET_FILE: file('client-secret', 'the-client-secret'),
  HOMEFIRST_IDP_PASSWORD_FILE: file('password', 'the-password'),
};

describe('development identity provider config', () => {
  it('defaults to 127.0.0.1:8090 and the API at 8080, with the secrets read from their files', () => {
    expect(loadIdpConfig(FILES)).toEqual({
      port: 8090,
      host: '127.0.0.1',
      issuer: 'http://127.0.0.1:8090',
      client: {
        id: 'homefirst-board',
        secret: 'the-client-secret',
        redirectUris: ['http://127.0.0.1:8080/auth/callback'],
        postLogoutRedirectUris: ['http://127.0.0.1:8080/board'],
      },
      password: 'the-password',
      users: [
        { username: 'trust', name: 'Discharge hub coordinator (RHF)', role: 'trust', org: 'RHF' },
        { username: 'council', name: 'Brokerage officer (E08000012)', role: 'council', org: 'E08000012' },
        { username: 'analyst', name: 'Flow analyst', role: 'analyst' },
        { username: 'admin', name: 'Hub administrator', role: 'admin' },
      ],
      logLevel: 'info',
    });
  });

  it('scopes the trust and council users to the organisations configured, and names a code of the wrong form', () => {
    const users = loadIdpConfig({
      ...FILES,
      HOMEFIRST_IDP_TRUST_ORG: 'RXN',
      HOMEFIRST_IDP_COUNCIL_ORG: 'E08000011',
    }).users;
    expect(users.filter((u) => u.org !== undefined).map((u) => [u.username, u.org])).toEqual([
      ['trust', 'RXN'],
      ['council', 'E08000011'],
    ]);
    const problems = configProblems(idpConfigSchema, {
      ...FILES,
      HOMEFIRST_IDP_TRUST_ORG: 'rxn',
      HOMEFIRST_IDP_COUNCIL_ORG: 'Liverpool',
    }).join('\n');
    expect(problems).toContain('HOMEFIRST_IDP_TRUST_ORG: an ODS code');
    expect(problems).toContain('HOMEFIRST_IDP_COUNCIL_ORG: an ONS local authority code');
  });

  it('refuses to run in production and names missing secret files without their contents', () => {
    expect(() => loadIdpConfig({ ...FILES, NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(configProblems(idpConfigSchema, { ...FILES, NODE_ENV: 'production' })).toContain(
      'NODE_ENV: the development identity provider must not run with NODE_ENV=production',
    );
    const problems = configProblems(idpConfigSchema, {
      HOMEFIRST_IDP_PASSWORD_FILE: join(dir, 'absent'),
    }).join('\n');
    expect(problems).toContain('HOMEFIRST_IDP_CLIENT_SECRET_FILE');
    expect(problems).toMatch(
      /HOMEFIRST_IDP_PASSWORD_FILE: must name a file holding .*cannot read it \(ENOENT\)/,
    );
  });
});
