import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, DEVELOPMENT_API_TOKEN_SECRET, queueEntryRecord, storedJson } from '@homefirst/runtime';
import type { readModels } from '@homefirst/schemas';
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { reservePort } from '@homefirst/testing';
import type { PersonRead } from '../../services/api/src/audit';
import { createSignIn } from '../../services/api/src/auth/sign-in';
import { createSealer, sessionCodec } from '../../services/api/src/auth/session';
import { createTokenVerifier } from '../../services/api/src/auth/verify';
import { loadApiConfig } from '../../services/api/src/config';
import { registerAuthRoutes } from '../../services/api/src/routes/auth';
import { registerBoardRoutes } from '../../services/api/src/routes/board';
import { registerReadRoutes } from '../../services/api/src/routes/read-models';
import { buildServer } from '../../services/api/src/server';
import { awaitingPackageEntry } from '../../services/api/src/testing/queue-entry';
import { useReaderFixture, type ReaderFixture } from '../../services/api/src/testing/reader-fixture';
import { testApiToken } from '../../services/api/src/testing/api-token';
import { CookieBrowser } from '../support/cookie-browser';
import { startHubProcess, type HubProcess } from '../support/hub-process';
import { runRepoScript } from '../support/repo-script';

// Sign-in for people, over HTTP, the real flow: the built development identity provider (oidc-provider)
// as its own process, the API in this process with its real sign-in routes and read routes over a Redis
// namespace of this file's own. A cookie-jar client follows every redirect and posts the login form,
// as a browser would. Audit records go to a list here: auditing is tested elsewhere against Kafka.

const PASSWORD = 'a-development-password-for-this-test';
const CLIENT_SECRET = 'a-client-secret-for-this-test-0123456789';
const SESSION_KEY = 'a-session-key-for-this-test-0123456789abcdef';

/** Three people waiting: at RXN for council E08000012, at RHF for E08000011, at RHF for E08000012. */
const PEOPLE: readonly readModels.QueueEntry[] = [
  ['signinPersonA000000000', 'RXN', 'E08000012'],
  ['signinPersonB000000000', 'RHF', 'E08000011'],
  ['signinPersonC000000000', 'RHF', 'E08000012'],
].map(([personKey, trust, council], i) => ({
  ...awaitingPackageEntry(personKey ?? '', `2026-12-0${i + 1}T09:00:00.000Z`, {
    nhsNumber: `943476591${i}`,
    spellId: `S${i}`,
    trust: trust ?? '',
    site: `${trust ?? ''}02`,
    ward: 'WARD7',
    pathway: 'P1',
  }),
  council: council ?? null,
}));

const dir = mkdtempSync(join(tmpdir(), 'sign-in-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, `${text}\n`, { mode: 0o600 });
  return path;
};

/** The running pair: the identity provider process and the API in this process, and what the API logged. */
interface Rig {
  readonly idp: HubProcess;
  readonly app: FastifyInstance;
  readonly api: string;
  readonly issuer: string;
  readonly audited: PersonRead[];
  readonly logged: () => string;
}

async function startRig(fixture: ReaderFixture): Promise<Rig> {
  const audited: PersonRead[] = [];
  let logged = '';
  const build = runRepoScript('node_modules/typescript/bin/tsc', ['-b', 'services/idp']);
  if (build.status !== 0) throw new Error(`build failed:\n${build.output}`);
  const [idpPort, apiPort] = await Promise.all([reservePort(), reservePort()]);
  const api = `http://127.0.0.1:${apiPort}`;
  const issuer = `http://127.0.0.1:${idpPort}`;
  const clientSecretFile = file('client-secret', CLIENT_SECRET);
  const idp = await startHubProcess('dev-idp', 'services/idp/bin/homefirst-dev-idp.js', ['serve'], {
    HOMEFIRST_IDP_PORT: String(idpPort),
    HOMEFIRST_HTTP_PORT: String(idpPort),
    HOMEFIRST_IDP_CLIENT_SECRET_FILE: clientSecretFile,
    HOMEFIRST_IDP_PASSWORD_FILE: file('password', PASSWORD),
    HOMEFIRST_IDP_REDIRECT_URIS: `${api}/auth/callback`,
    HOMEFIRST_IDP_POST_LOGOUT_REDIRECT_URIS: `${api}/board`,
  });

  const { keys } = fixture;
  const multi = fixture.redis().multi();
  for (const entry of PEOPLE) {
    multi.hset(keys.queueEntry, entry.personKey, storedJson(queueEntryRecord, entry));
    for (const index of keys.queueIndexesOf(entry))
      multi.zadd(index, Date.parse(entry.readySince), entry.personKey);
  }
  await multi.exec();

  const config = loadApiConfig({
    ...process.env,
    HOMEFIRST_API_PORT: String(apiPort),
    HOMEFIRST_OIDC_ISSUER: issuer,
    HOMEFIRST_OIDC_CLIENT_ID: 'homefirst-board',
    HOMEFIRST_OIDC_CLIENT_SECRET_FILE: clientSecretFile,
    HOMEFIRST_OIDC_POST_LOGOUT_REDIRECT_URI: `${api}/board`,
    HOMEFIRST_API_SESSION_KEY_FILE: file('session-key', SESSION_KEY),
  });
  if (config.signIn === null) throw new Error('sign-in is not configured');
  const signIn = createSignIn(config.signIn);
  const logs = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      logged += chunk.toString();
      done();
    },
  });
  const app = await buildServer({
    logger: createLogger({ name: 'api', level: 'debug' }, logs),
    verifyToken: createTokenVerifier(config.tokens),
    rateLimitPerMinute: 10_000,
    sessions: { cookieName: signIn.cookies.session, codec: signIn.sessions, issuerOrigin: issuer },
  });
  registerAuthRoutes(app, signIn);
  registerReadRoutes(app, {
    reader: fixture.reader(),
    audit: (read) => {
      audited.push(read);
      return Promise.resolve();
    },
    maxPageSize: 200,
  });
  registerBoardRoutes(app);
  await app.listen({ port: apiPort, host: '127.0.0.1' });
  return { idp, app, api, issuer, audited, logged: () => logged };
}

/** Starts at /auth/login, posts the identity provider's form, follows the redirects back to the board. */
async function signIn(api: string, browser: CookieBrowser, username: string, password = PASSWORD) {
  const form = await browser.navigate(`${api}/auth/login?returnTo=/board`);
  expect(form.response.status).toBe(200);
  const html = await form.response.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (action === undefined) throw new Error(`no login form at ${form.url}:\n${html.slice(0, 500)}`);
  return browser.navigate(new URL(action, form.url).href, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
}

const sessionCookieOf = (api: string, browser: CookieBrowser) => browser.cookie(api, 'homefirst-session');
const queueOf = async (api: string, browser: CookieBrowser) => {
  const res = await browser.fetch(`${api}/api/v1/queue?pageSize=50`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as {
    items: Array<{ personKey: string; trust: string; council: string | null; nhsNumber: string | null }>;
  };
  return body.items;
};
const personKeys = (entries: ReadonlyArray<{ personKey: string }>) => entries.map((e) => e.personKey).sort();

/** The rig for a describe block: started before its tests, stopped after them. */
function useRig(label: string): () => Rig {
  const fixture = useReaderFixture(label);
  let rig: Rig | undefined;
  beforeAll(async () => {
    rig = await startRig(fixture);
  }, 120_000);
  afterAll(async () => {
    await rig?.app.close();
    await rig?.idp.stop();
  });
  return () => {
    if (rig === undefined) throw new Error('the rig is used before its beforeAll ran');
    return rig;
  };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('signing in through the development identity provider as each role', () => {
  const started = useRig('signin');

  it.each([
    // The development users act for the demo city's organisations by default: the trust RHF.
    ['trust', 'RHF', ['signinPersonB000000000', 'signinPersonC000000000']],
    ['council', 'E08000012', ['signinPersonA000000000', 'signinPersonC000000000']],
    ['analyst', null, PEOPLE.map((p) => p.personKey)],
    ['admin', null, PEOPLE.map((p) => p.personKey)],
  ])(
    'given the %s user signs in with code + PKCE, then the session carries the role and org %s and the queue shows only their people',
    async (username, org, visible) => {
      const { api, issuer } = started();
      const browser = new CookieBrowser();
      const landed = await signIn(api, browser, username);
      expect(landed.url).toBe(`${api}/board`);
      expect(landed.response.status).toBe(200);

      // The code went to the API's callback once; no token ever travelled in a URL.
      const urls = browser.hops.map((h) => h.url);
      expect(
        urls.some((u) => u.startsWith(`${issuer}/auth?`) && u.includes('code_challenge_method=S256')),
      ).toBe(true);
      expect(urls.filter((u) => u.startsWith(`${api}/auth/callback?`))).toHaveLength(1);
      expect(urls.join(' ')).not.toMatch(/access_token|id_token|eyJ/);
      const setSession = browser.hops
        .flatMap((h) => h.setCookies)
        .find((c) => c.startsWith('homefirst-session='));
      expect(setSession).toMatch(/HttpOnly/);
      expect(setSession).toMatch(/SameSite=Strict/);
      expect(setSession).toMatch(/Max-Age=28800/);

      const session = await browser.fetch(`${api}/auth/session`);
      expect(await session.json()).toEqual({ subject: username, role: username, org });

      const items = await queueOf(api, browser);
      expect(personKeys(items)).toEqual([...visible].sort());
      for (const item of items) expect(item.nhsNumber === null).toBe(username === 'analyst');
      expect(started().audited.at(-1)?.principal).toEqual({ subject: username, role: username, org });
    },
  );
});

describe('sign-in refusals, expiry and sign-out', () => {
  const started = useRig('signout');

  it('given a wrong password, then the identity provider refuses it and no session is made', async () => {
    const { api } = started();
    const browser = new CookieBrowser();
    const refused = await signIn(api, browser, 'admin', 'not-the-password');
    expect(refused.response.status).toBe(401);
    expect(await refused.response.text()).toContain('Unknown user or wrong password.');
    expect(sessionCookieOf(api, browser)).toBeUndefined();
    expect((await browser.fetch(`${api}/api/v1/queue`)).status).toBe(401);
  });

  it('given a tampered session cookie, then the API answers 401 with a problem saying so', async () => {
    const { api } = started();
    const browser = new CookieBrowser();
    await signIn(api, browser, 'admin');
    const sealed = sessionCookieOf(api, browser) ?? '';
    const parts = sealed.split('.');
    parts[3] = `${parts[3]?.startsWith('A') === true ? 'B' : 'A'}${parts[3]?.slice(1) ?? ''}`;
    browser.setCookie(api, 'homefirst-session', parts.join('.'));
    const res = await browser.fetch(`${api}/api/v1/queue`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
      detail: 'session is invalid: sign in again',
    });
  });

  it('given a session past its lifetime, then the API answers 401 "session expired"', async () => {
    const { api } = started();
    const nineHoursAgo = () => Date.now() - 9 * 3_600_000;
    const stale = await sessionCodec(createSealer(SESSION_KEY, nineHoursAgo), 8 * 3_600_000).seal({
      subject: 'admin',
      role: 'admin',
      org: null,
    });
    const browser = new CookieBrowser();
    browser.setCookie(api, 'homefirst-session', stale);
    const res = await browser.fetch(`${api}/api/v1/queue`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      code: 'UNAUTHENTICATED',
      detail: 'session expired: sign in again',
    });
  });

  it('given a callback without the sign-in cookie or with another state, then it is refused with 401', async () => {
    const { api, issuer } = started();
    const stranger = new CookieBrowser();
    const noLogin = await stranger.fetch(`${api}/auth/callback?code=stolen&state=guessed`);
    expect(noLogin.status).toBe(401);
    expect(((await noLogin.json()) as { detail: string }).detail).toMatch(/^sign-in not in progress/);

    const browser = new CookieBrowser();
    await browser.fetch(`${api}/auth/login`);
    const forged = await browser.fetch(
      `${api}/auth/callback?code=stolen&state=guessed&iss=${encodeURIComponent(issuer)}`,
    );
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { detail: string }).detail).toMatch(/^sign-in failed: /);
    expect(sessionCookieOf(api, browser)).toBeUndefined();
  });

  it('given a signed-in user signs out, then the session cookie is cleared and the issuer is asked to end its session', async () => {
    const { api, issuer } = started();
    const browser = new CookieBrowser();
    await signIn(api, browser, 'trust');
    // The board's sign-out form may be redirected to the issuer (browsers apply form-action to redirects).
    const board = await browser.fetch(`${api}/board`);
    expect(board.headers.get('content-security-policy')).toContain(`form-action 'self' ${issuer}`);
    // As Chromium posts the board's form: urlencoded, empty, Origin null (the page's no-referrer policy).
    const out = await browser.fetch(`${api}/auth/logout`, {
      method: 'POST',
      headers: {
        Origin: 'null',
        'Sec-Fetch-Site': 'same-origin',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: '',
    });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toMatch(new RegExp(`^${issuer}/session/end\\?`));
    expect(sessionCookieOf(api, browser)).toBeUndefined();
    expect((await browser.fetch(`${api}/api/v1/queue`)).status).toBe(401);

    const crossSite = await browser.fetch(`${api}/auth/logout`, {
      method: 'POST',
      headers: { Origin: 'https://elsewhere.example' },
    });
    expect(crossSite.status).toBe(403);
    const crossSiteByFetchMetadata = await browser.fetch(`${api}/auth/logout`, {
      method: 'POST',
      headers: { Origin: 'null', 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(crossSiteByFetchMetadata.status).toBe(403);
  });

  it('then no token or authorization code reached the API log', () => {
    expect(started().logged()).toContain('signed in');
    expect(started().logged()).not.toMatch(/eyJ|code=|access_token|id_token/);
  });
});

describe('bearer tokens beside sign-in', () => {
  const started = useRig('bearer');

  it('given an expired or tampered bearer token, then the API answers 401 naming why', async () => {
    const { api } = started();
    const expired = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('machine')
      .setIssuer('homefirst-dev')
      .setAudience('homefirst-api')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(DEVELOPMENT_API_TOKEN_SECRET));
    const valid = await testApiToken({ role: 'admin', subject: 'machine' });
    const tampered = `${valid.slice(0, -3)}${valid.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    for (const [token, why] of [
      [expired, /^invalid bearer token: "exp" claim timestamp check failed/],
      [tampered, /^invalid bearer token: signature verification failed/],
    ] as const) {
      const res = await fetch(`${api}/api/v1/queue`, { headers: { Authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { detail: string }).detail).toMatch(why);
    }
  });
});
