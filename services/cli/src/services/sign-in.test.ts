import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStackSettings } from '../stack/settings';
import { HUB_SERVICES, type HubService } from './catalogue';
import { ensureSignInSecrets, signInFiles } from './sign-in';
import { serviceEnv } from './supervisor';

describe('homefirst up: sign-in through the development identity provider', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'sign-in-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const settings = () => loadStackSettings({ HOMEFIRST_HUB_DIR: 'hub' }, root);
  const service = (name: string): HubService => {
    const found = HUB_SERVICES.find((svc) => svc.name === name);
    if (found === undefined) throw new Error(`no service ${name}`);
    return found;
  };

  it('makes the secret files once, private to the user, and keeps them on the next start', () => {
    const s = settings();
    ensureSignInSecrets(s);
    const files = signInFiles(s);
    const first = Object.values(files).map((path) => readFileSync(path, 'utf8'));
    for (const path of Object.values(files)) expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(new Set(first).size).toBe(3);
    expect(readFileSync(files.sessionKey, 'utf8').trim().length).toBeGreaterThanOrEqual(32);
    ensureSignInSecrets(s);
    expect(Object.values(files).map((path) => readFileSync(path, 'utf8'))).toEqual(first);
  });

  it('gives the identity provider and the API the same client secret file and the issuer the API redirects to', () => {
    const s = settings();
    const idp = serviceEnv(s, service('dev-idp'));
    const api = serviceEnv(s, service('api'));
    expect(idp.HOMEFIRST_IDP_CLIENT_SECRET_FILE).toBe(signInFiles(s).clientSecret);
    expect(api.HOMEFIRST_OIDC_CLIENT_SECRET_FILE).toBe(signInFiles(s).clientSecret);
    expect(api.HOMEFIRST_API_SESSION_KEY_FILE).toBe(signInFiles(s).sessionKey);
    expect(api.HOMEFIRST_OIDC_ISSUER).toBe(idp.HOMEFIRST_IDP_ISSUER);
    expect(api.HOMEFIRST_OIDC_CLIENT_ID).toBe(idp.HOMEFIRST_IDP_CLIENT_ID);
    expect(idp.HOMEFIRST_IDP_REDIRECT_URIS).toBe(api.HOMEFIRST_OIDC_REDIRECT_URI);
    expect(idp.HOMEFIRST_HTTP_PORT).toBe(idp.HOMEFIRST_IDP_PORT);
  });

  it('gives the identity provider no Kafka credentials (it uses no Kafka)', () => {
    const env = serviceEnv(settings(), service('dev-idp'));
    expect(env.HOMEFIRST_KAFKA_SASL_USERNAME).toBeUndefined();
    expect(env.HOMEFIRST_KAFKA_SASL_PASSWORD_FILE).toBeUndefined();
  });
});
