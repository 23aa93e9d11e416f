import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseOpenApi, validate as validateOpenApi } from '@readme/openapi-parser';
import { chromium, type Browser, type Page } from 'playwright-core';
import { nhsNumberCheckDigit } from '@homefirst/schemas';
import { ThrowawayPki, stackAddresses, uniqueName, waitFor } from '@homefirst/testing';
import { ackCode, MllpClient } from '../support/mllp';
import { freePort, startHubProcess, type HubProcess } from '../support/hub-process';
import { runRepoScript } from '../support/repo-script';
import { testApiToken } from '../../services/api/src/testing/api-token';

// End to end through public edges only: real MLLP, FHIR and council REST ingest → Kafka → projector →
// Redis → API → the board in real headless Chromium. Every process is the built bin, as deployed; MLLP
// over mutual TLS, the trust sending with a client certificate made for this file.

const repoRoot = join(__dirname, '..', '..');
const artifacts = join(repoRoot, 'tests', 'artifacts');
const TRUST = 'RXN';
const FHIR_TRUST = 'REM';
const COUNCIL = 'E08000012';
const FHIR_TOKEN = 'e2e-fhir-token-REM-0123456789';
const COUNCIL_TOKEN = 'e2e-council-token-E08000012-0123';

/** A random valid test NHS number (999 range, modulus 11). */
function testNhsNumber(): string {
  for (;;) {
    const digits = `999${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`;
    const check = nhsNumberCheckDigit(digits);
    if (check !== undefined) return `${digits}${check}`;
  }
}

const hl7Time = (d: Date): string => d.toISOString().replace(/[-:T]/g, '').slice(0, 12);

function adt(
  trigger: 'A01' | 'A08',
  id: string,
  nhs: string,
  mrn: string,
  visit: string,
  at: Date,
  extra: string[] = [],
): string {
  return [
    `MSH|^~\\&|PAS|${TRUST}|HOMEFIRST|HUB|${hl7Time(at)}||ADT^${trigger}^ADT_A01|${id}|P|2.4|||AL|NE|GBR|UNICODE UTF-8`,
    `EVN|${trigger}|${hl7Time(at)}`,
    `PID|1||${nhs}^^^NHS^NH~${mrn}^^^${TRUST}^MR||TESTPATIENT^E2E||19400101|F`,
    `PV1|1|I|WARD7^BAY2^B3^RXN02|21|||||||||||||||${visit}^^^${TRUST}^VN|||||||||||||||||||||||||${hl7Time(new Date(at.getTime() - 3 * 86_400_000))}`,
    ...extra,
  ].join('\r');
}

const token = (role: string, org?: string): Promise<string> =>
  testApiToken({ role, ...(org !== undefined && { org }), subject: `e2e-${role}` });

// One hub (every process), one prefix and one browser for the file.
const run = uniqueName('e2e');
const prefix = `${run}.`;
const namespace = `rm:${run}:`;
const processes: HubProcess[] = [];
let mllpPort = 0;
let fhirPort = 0;
let councilPort = 0;
let apiPort = 0;
let idpPort = 0;
let browser: Browser | undefined;
// Sign-in: the development identity provider's secrets, files as under `homefirst up`.
const secrets = mkdtempSync(join(tmpdir(), 'e2e-oidc-'));
const secretFile = (name: string, text: string): string => {
  writeFileSync(join(secrets, name), `${text}\n`, { mode: 0o600 });
  return join(secrets, name);
};
const USER_PASSWORD = 'e2e-development-password';
const pki = new ThrowawayPki('e2e');
const trustTls = pki.clientTls(pki.client('trust-RXN', { commonName: 'RXN PAS', organisation: TRUST }));
const api = (path: string, bearer?: string): Promise<Response> =>
  fetch(`http://127.0.0.1:${apiPort}${path}`, {
    headers: bearer ? { Authorization: `Bearer ${bearer}` } : {},
  });

beforeAll(async () => {
  const build = runRepoScript('node_modules/typescript/bin/tsc', ['-b'], { cwd: repoRoot });
  if (build.status !== 0) throw new Error(`build failed:\n${build.output}`);
  const { kafka } = stackAddresses();
  const topics = runRepoScript('services/cli/bin/homefirst.js', [
    'topics',
    'apply',
    '--prefix',
    prefix,
    '--brokers',
    kafka,
  ]);
  if (topics.status !== 0) throw new Error(`topics apply failed: ${topics.output}`);
  [mllpPort, fhirPort, councilPort, apiPort, idpPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const clientSecretFile = secretFile('client-secret', 'e2e-client-secret-0123456789abcdef');
  const common = { HOMEFIRST_TOPIC_PREFIX: prefix, HOMEFIRST_READMODEL_NAMESPACE: namespace };
  processes.push(
    ...(await Promise.all([
      startHubProcess('hl7v2', 'connectors/hl7v2/bin/homefirst-hl7v2.js', ['serve'], {
        ...common,
        ...pki.listenerEnv(),
        HOMEFIRST_MLLP_PORT: String(mllpPort),
      }),
      startHubProcess('fhir', 'connectors/fhir/bin/homefirst-fhir.js', ['serve'], {
        ...common,
        HOMEFIRST_FHIR_PORT: String(fhirPort),
        HOMEFIRST_FHIR_TOKENS: `${FHIR_TRUST}:${FHIR_TOKEN}`,
      }),
      startHubProcess('council', 'connectors/council/bin/homefirst-council.js', ['serve'], {
        ...common,
        HOMEFIRST_COUNCIL_PORT: String(councilPort),
        HOMEFIRST_COUNCIL_TOKENS: `${COUNCIL}:${COUNCIL_TOKEN}`,
      }),
      startHubProcess('projector', 'services/projector/bin/homefirst-projector.js', ['run'], {
        ...common,
        HOMEFIRST_PROJECTOR_GROUP: `${run}-projector`,
      }),
      startHubProcess('dev-idp', 'services/idp/bin/homefirst-dev-idp.js', ['serve'], {
        HOMEFIRST_IDP_PORT: String(idpPort),
        HOMEFIRST_HTTP_PORT: String(idpPort),
        HOMEFIRST_IDP_CLIENT_SECRET_FILE: clientSecretFile,
        HOMEFIRST_IDP_PASSWORD_FILE: secretFile('user-password', USER_PASSWORD),
        HOMEFIRST_IDP_REDIRECT_URIS: `http://127.0.0.1:${apiPort}/auth/callback`,
        HOMEFIRST_IDP_POST_LOGOUT_REDIRECT_URIS: `http://127.0.0.1:${apiPort}/board`,
      }),
      startHubProcess('api', 'services/api/bin/homefirst-api.js', ['serve'], {
        ...common,
        HOMEFIRST_API_PORT: String(apiPort),
        HOMEFIRST_HTTP_PORT: String(apiPort),
        HOMEFIRST_OIDC_ISSUER: `http://127.0.0.1:${idpPort}`,
        HOMEFIRST_OIDC_CLIENT_ID: 'homefirst-board',
        HOMEFIRST_OIDC_CLIENT_SECRET_FILE: clientSecretFile,
        HOMEFIRST_OIDC_POST_LOGOUT_REDIRECT_URI: `http://127.0.0.1:${apiPort}/board`,
        HOMEFIRST_API_SESSION_KEY_FILE: secretFile('session-key', 'e2e-session-key-0123456789abcdef0123'),
      }),
    ])),
  );
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(processes.map((p) => p.stop()));
  pki.remove();
  rmSync(secrets, { recursive: true, force: true });
});

/** Debian's Chromium, launched once for the file. */
async function chromiumBrowser(): Promise<Browser> {
  browser ??= await chromium.launch({
    executablePath: process.env.HOMEFIRST_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return browser;
}

/** Opens the board, follows its "Sign in" link to the development identity provider and signs in there. */
async function signInToBoard(page: Page, username: string): Promise<void> {
  await page.goto(`http://127.0.0.1:${apiPort}/board`);
  await page.click('#signin-link');
  await page.waitForURL(new RegExp(`^http://127\\.0\\.0\\.1:${idpPort}/interaction/`));
  await page.fill('#username', username);
  await page.fill('#password', USER_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(`http://127.0.0.1:${apiPort}/board`);
  await page.waitForSelector('#signout:not([hidden])');
}

/** Admits a patient and declares them ready over MLLP; returns the NHS number. */
async function admitReadyPatient(client: MllpClient, readyHoursAgo: number): Promise<string> {
  const nhs = testNhsNumber();
  const id = uniqueName('MSG');
  const visit = uniqueName('V');
  const now = Date.now();
  const admitted = await client.send(
    adt('A01', `${id}-1`, nhs, `MRN${nhs.slice(4)}`, visit, new Date(now - 3 * 86_400_000)),
  );
  expect(ackCode(admitted).code).toBe('AA');
  const ready = new Date(now - readyHoursAgo * 3_600_000);
  const declared = await client.send(
    adt('A08', `${id}-2`, nhs, `MRN${nhs.slice(4)}`, visit, new Date(now - 60_000), [
      `ZDR|${hl7Time(ready)}|R|1|AWAITING_P1_NEW_PACKAGE||`,
    ]),
  );
  expect(ackCode(declared)).toEqual({ code: 'AA', text: expect.any(String) as unknown });
  return nhs;
}

async function queueNhsNumbers(bearer: string): Promise<string[]> {
  const res = await api('/api/v1/queue?pageSize=200', bearer);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { items: Array<{ nhsNumber: string | null }> };
  return body.items.map((i) => i.nhsNumber ?? '');
}

describe('the hub end to end: ingest to the read models and the live board', () => {
  it('given patients ingested over MLLP, FHIR and council REST, then the queue and tracker show them', async () => {
    const admin = await token('admin');
    const client = await MllpClient.open(mllpPort, '127.0.0.1', trustTls);
    const hl7Patient = await admitReadyPatient(client, 40);
    client.close();

    // FHIR: an Encounter declared ready by another trust.
    const fhirPatient = testNhsNumber();
    const encounter = {
      resourceType: 'Encounter',
      id: uniqueName('ENC'),
      meta: { versionId: '1', lastUpdated: new Date().toISOString() },
      status: 'in-progress',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      subject: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: fhirPatient } },
      period: { start: new Date(Date.now() - 4 * 86_400_000).toISOString() },
      extension: [
        {
          url: 'https://fhir.homefirst.nhs.uk/StructureDefinition/Extension-Homefirst-DischargeReadiness',
          extension: [
            { url: 'readyDateTime', valueDateTime: new Date(Date.now() - 10 * 3_600_000).toISOString() },
            { url: 'status', valueCode: 'declared' },
            { url: 'proposedPathway', valueCode: 'P2' },
          ],
        },
      ],
    };
    const fhir = await fetch(`http://127.0.0.1:${fhirPort}/fhir/Encounter`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json', Authorization: `Bearer ${FHIR_TOKEN}` },
      body: JSON.stringify(encounter),
    });
    expect([200, 201]).toContain(fhir.status);

    // Council: a referral for the MLLP patient.
    const council = await fetch(`http://127.0.0.1:${councilPort}/council/v1/records`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${COUNCIL_TOKEN}` },
      body: JSON.stringify({
        recordId: uniqueName('REC'),
        councilCode: COUNCIL,
        nhsNumber: hl7Patient,
        event: 'referral_received',
        occurredAt: new Date(Date.now() - 30 * 3_600_000).toISOString(),
        referralId: uniqueName('REF'),
        pathway: 1,
      }),
    });
    expect(council.status).toBe(200);

    const inQueue = await waitFor(
      'both patients in the queue',
      async () => {
        const nhs = await queueNhsNumbers(admin);
        return nhs.includes(hl7Patient) && nhs.includes(fhirPatient) ? nhs : undefined;
      },
      60_000,
    );
    expect(inQueue).toEqual(expect.arrayContaining([hl7Patient, fhirPatient]));

    // The council's referral reached the same person: it now sees them, with its code.
    const councilView = await waitFor(
      'the council to see its referral',
      async () => {
        const res = await api('/api/v1/queue?pageSize=200', await token('council', COUNCIL));
        const body = (await res.json()) as { items: Array<{ nhsNumber: string; council: string | null }> };
        return body.items.find((i) => i.nhsNumber === hl7Patient);
      },
      60_000,
    );
    expect(councilView.council).toBe(COUNCIL);

    const tracker = (await (await api('/api/v1/tracker?pageSize=200', admin)).json()) as {
      items: Array<{ nhsNumber: string | null; status: string }>;
    };
    expect(tracker.items.find((i) => i.nhsNumber === hl7Patient)?.status).toBe('at_risk');
  });

  it('given the board open in Chromium, when a patient is ingested, then the board shows them without a reload', async () => {
    mkdirSync(artifacts, { recursive: true });
    const page = await (await chromiumBrowser()).newPage({ viewport: { width: 1400, height: 1000 } });
    await signInToBoard(page, 'admin');
    expect(page.url()).not.toMatch(/token|code=/);
    expect(await page.textContent('#who')).toBe('admin (admin)');
    await page.waitForSelector('#queue tbody tr', { timeout: 30_000 });
    // Runs in the page, where `document` exists (this file is type-checked without the DOM library).
    await page.waitForFunction("document.getElementById('status')?.textContent === 'live'", undefined, {
      timeout: 30_000,
    });
    const updatesBefore = Number(await page.getAttribute('body', 'data-updates'));

    const client = await MllpClient.open(mllpPort, '127.0.0.1', trustTls);
    const newcomer = await admitReadyPatient(client, 50);
    client.close();

    await page.waitForSelector(`#queue tbody tr:has-text("${newcomer}")`, { timeout: 60_000 });
    expect(Number(await page.getAttribute('body', 'data-updates'))).toBeGreaterThan(updatesBefore);
    expect(await page.locator('#queue tbody tr').count()).toBeGreaterThanOrEqual(2);
    expect(
      await page.locator('#tracker tbody tr.breached, #tracker tbody tr.at_risk').count(),
    ).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: join(artifacts, 'board.png'), fullPage: true });
  });
});

describe('the board: signing in through the development identity provider', () => {
  it('given the council user signs in, then the board shows only its referrals, and signing out asks to sign in again', async () => {
    const councilPage = await (await (await chromiumBrowser()).newContext()).newPage();
    await signInToBoard(councilPage, 'council');
    expect(await councilPage.textContent('#who')).toBe(`council (council ${COUNCIL})`);
    const councilQueue = (await (
      await api('/api/v1/queue?pageSize=50', await token('council', COUNCIL))
    ).json()) as {
      total: number;
    };
    await councilPage.waitForFunction(
      `document.querySelectorAll('#queue tbody tr').length === ${Math.min(councilQueue.total, 50)}`,
      undefined,
      { timeout: 30_000 },
    );
    await councilPage.screenshot({ path: join(artifacts, 'board-council.png'), fullPage: true });

    // Signing out clears the session: the board asks to sign in again.
    await Promise.all([
      councilPage.waitForURL(new RegExp(`^http://127\\.0\\.0\\.1:${idpPort}/session/end`)),
      councilPage.click('#signout button'),
    ]);
    await councilPage.goto(`http://127.0.0.1:${apiPort}/board`);
    await councilPage.waitForSelector('#signin:not([hidden])');
  });
});

describe("the hub end to end: the API's roles and its OpenAPI document", () => {
  it('authorises every role on every endpoint: 401 without a token, scoped rows for trusts and councils, no NHS numbers for analysts', async () => {
    const endpoints = [
      '/api/v1/queue',
      '/api/v1/tracker',
      '/api/v1/tracker/weekly',
      '/api/v1/kpis',
      '/api/v1/sitrep.csv',
      '/api/v1/people/AAAAAAAAAAAAAAAAAAAAAA/journey',
    ];
    const roles: Array<[string, string | undefined]> = [
      ['admin', undefined],
      ['analyst', undefined],
      ['trust', TRUST],
      ['trust', 'RZZ'],
      ['council', COUNCIL],
      ['council', 'E08000099'],
    ];
    for (const path of endpoints) {
      const anonymous = await api(path);
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
      expect((await api(path, 'not-a-jwt')).status).toBe(401);
      for (const [role, org] of roles) {
        const res = await api(path, await token(role, org));
        // An unknown person is 404 for everyone; every other read is allowed and scoped.
        expect(res.status).toBe(path.includes('/people/') ? 404 : 200);
      }
    }
    const rowsFor = async (role: string, org?: string) =>
      (
        (await (await api('/api/v1/queue?pageSize=200', await token(role, org))).json()) as {
          items: Array<{ trust: string; council: string | null; nhsNumber: string | null }>;
        }
      ).items;
    expect((await rowsFor('trust', TRUST)).every((r) => r.trust === TRUST)).toBe(true);
    expect((await rowsFor('trust', TRUST)).length).toBeGreaterThan(0);
    expect(await rowsFor('trust', 'RZZ')).toEqual([]);
    expect((await rowsFor('council', COUNCIL)).every((r) => r.council === COUNCIL)).toBe(true);
    expect(await rowsFor('council', 'E08000099')).toEqual([]);
    const analyst = await rowsFor('analyst');
    expect(analyst.length).toBeGreaterThan(0);
    expect(analyst.every((r) => r.nhsNumber === null)).toBe(true);
  });

  it('serves a valid OpenAPI 3 document that lists every endpoint', async () => {
    const res = await api('/openapi.json');
    expect(res.status).toBe(200);
    const spec = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    const validation = await validateOpenApi(structuredClone(spec) as never);
    expect(validation).toMatchObject({ valid: true });
    await expect(parseOpenApi(structuredClone(spec) as never)).resolves.toMatchObject({
      openapi: '3.0.3',
    });
    expect(Object.keys(spec.paths).sort()).toEqual(
      [
        '/api/v1/kpis',
        '/api/v1/people/{personKey}/journey',
        '/api/v1/queue',
        '/api/v1/sitrep.csv',
        '/api/v1/stream',
        '/api/v1/tracker',
        '/api/v1/tracker/weekly',
      ].sort(),
    );
  });
});
