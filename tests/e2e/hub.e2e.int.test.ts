import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseOpenApi, validate as validateOpenApi } from '@readme/openapi-parser';
import type { Browser } from 'playwright-core';
import { uniqueName, waitFor } from '@homefirst/testing';
import {
  E2E_ARTIFACTS as artifacts,
  E2E_COUNCIL as COUNCIL,
  E2E_FHIR_TOKEN as FHIR_TOKEN,
  E2E_TRUST as TRUST,
  e2eToken as token,
  launchChromium,
  startE2eHub,
  testNhsNumber,
  type E2eHub,
} from '../support/e2e-hub';

// End to end through public edges only: real MLLP, FHIR and council REST ingest → Kafka → projector →
// Redis → API → the board in real headless Chromium. Every process is the built bin, as deployed; MLLP
// over mutual TLS, the trust sending with a client certificate made for this file (support/e2e-hub.ts).

// One hub (every process), one prefix and one browser for the file.
let hub: E2eHub;
let browser: Browser | undefined;
/** Debian's Chromium, launched once for the file. */
const chromiumBrowser = async (): Promise<Browser> => (browser ??= await launchChromium());
const api = (path: string, bearer?: string): Promise<Response> => hub.api(path, bearer);

beforeAll(async () => {
  hub = await startE2eHub('e2e');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

async function queueNhsNumbers(bearer: string): Promise<string[]> {
  const res = await api('/api/v1/queue?pageSize=200', bearer);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { items: Array<{ nhsNumber: string | null }> };
  return body.items.map((i) => i.nhsNumber ?? '');
}

describe('the hub end to end: ingest to the read models and the live board', () => {
  it('given patients ingested over MLLP, FHIR and council REST, then the queue and tracker show them', async () => {
    const admin = await token('admin');
    const hl7Patient = await hub.admitReadyPatient(40);

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
    const fhir = await fetch(`http://127.0.0.1:${hub.ports.fhir}/fhir/Encounter`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json', Authorization: `Bearer ${FHIR_TOKEN}` },
      body: JSON.stringify(encounter),
    });
    expect([200, 201]).toContain(fhir.status);

    // Council: a referral for the MLLP patient.
    const council = await hub.postCouncilRecord({
      recordId: uniqueName('REC'),
      nhsNumber: hl7Patient,
      event: 'referral_received',
      occurredAt: new Date(Date.now() - 30 * 3_600_000).toISOString(),
      referralId: uniqueName('REF'),
      pathway: 1,
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
    await hub.signIn(page, 'admin');
    expect(page.url()).not.toMatch(/token|code=/);
    expect(await page.textContent('#who')).toBe('admin (admin)');
    await page.waitForSelector('#queue tbody tr', { timeout: 30_000 });
    // Locators, not waitForFunction: Playwright evaluates a predicate with eval, which the hub's CSP refuses.
    await waitFor(
      'the board to go live',
      async () => ((await page.textContent('#status')) === 'live' ? true : undefined),
      30_000,
    );
    const updatesBefore = Number(await page.getAttribute('body', 'data-updates'));

    const newcomer = await hub.admitReadyPatient(50);

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
    await hub.signIn(councilPage, 'council');
    expect(await councilPage.textContent('#who')).toBe(`council (council ${COUNCIL})`);
    const councilQueue = (await (
      await api('/api/v1/queue?pageSize=50', await token('council', COUNCIL))
    ).json()) as {
      total: number;
    };
    const rows = Math.min(councilQueue.total, 50);
    await waitFor(
      `the council's board to list its ${rows} queue rows`,
      async () => ((await councilPage.locator('#queue tbody tr').count()) === rows ? true : undefined),
      30_000,
    );
    await councilPage.screenshot({ path: join(artifacts, 'board-council.png'), fullPage: true });

    // Signing out clears the session: the board asks to sign in again.
    await Promise.all([
      councilPage.waitForURL(new RegExp(`^http://127\\.0\\.0\\.1:${hub.ports.idp}/session/end`)),
      councilPage.click('#signout button'),
    ]);
    await councilPage.goto(`http://127.0.0.1:${hub.ports.api}/board`);
    await councilPage.waitForSelector('#signin:not([hidden])');
  });
});

describe("the hub end to end: the API's roles", () => {
  it('authorises every role on every endpoint: 401 without a token, scoped rows for trusts and councils, no NHS numbers for analysts', async () => {
    const endpoints = [
      '/api/v1/queue',
      '/api/v1/queue/facets',
      `/api/v1/referrals?council=${COUNCIL}`,
      '/api/v1/tracker',
      '/api/v1/tracker?open=true',
      '/api/v1/tracker/weekly',
      '/api/v1/kpis',
      '/api/v1/measures/drd-timeliness',
      '/api/v1/measures/drd-timeliness?format=csv&from=2025-01-01',
      '/api/v1/measures/delay-reasons',
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
    await expectBoardReadsScoped();
  });

  /** The board's own reads: counts per filter value and a council's referrals, scoped like the queue. */
  async function expectBoardReadsScoped(): Promise<void> {
    type Referrals = { items: Array<{ trust: string; council: string; nhsNumber: string | null }> };
    const referralsFor = async (role: string, org?: string, council?: string) => {
      const res = await api(
        `/api/v1/referrals${council ? `?council=${council}` : ''}`,
        await token(role, org),
      );
      return { status: res.status, body: (await res.json()) as Referrals & { code?: string } };
    };
    const mine = await referralsFor('council', COUNCIL);
    expect(mine.status).toBe(200);
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((r) => r.council === COUNCIL && r.nhsNumber !== null)).toBe(true);
    expect((await referralsFor('council', 'E08000099', COUNCIL)).body.items).toEqual([]);
    expect((await referralsFor('trust', 'RZZ', COUNCIL)).body.items).toEqual([]);
    const trust = await referralsFor('trust', TRUST, COUNCIL);
    expect(trust.body.items.length).toBeGreaterThan(0);
    expect(trust.body.items.every((r) => r.trust === TRUST)).toBe(true);
    expect(
      (await referralsFor('analyst', undefined, COUNCIL)).body.items.every((r) => r.nhsNumber === null),
    ).toBe(true);
    // Other roles must name the council: a clear 400, not everyone's referrals.
    const unnamed = await referralsFor('admin');
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.code).toBe('VALIDATION_FAILED');

    type Facets = {
      total: number;
      facets: { council: Array<{ value: string }>; site: Array<{ value: string }> };
    };
    const facetsFor = async (role: string, org?: string) =>
      (await (await api('/api/v1/queue/facets', await token(role, org))).json()) as Facets;
    expect((await facetsFor('council', COUNCIL)).facets.council.map((c) => c.value)).toEqual([COUNCIL]);
    expect((await facetsFor('council', 'E08000099')).total).toBe(0);
    expect((await facetsFor('trust', 'RZZ')).total).toBe(0);
    expect((await facetsFor('trust', TRUST)).facets.site.every((s) => s.value.startsWith(TRUST))).toBe(true);
    expect((await facetsFor('admin')).facets.council.map((c) => c.value)).toEqual(
      expect.arrayContaining([COUNCIL, '-']),
    );
  }
});

describe('the hub end to end: its OpenAPI document', () => {
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
        '/api/v1/measures/drd-timeliness',
        '/api/v1/measures/delay-reasons',
        '/api/v1/measures/intermediate-care',
        '/api/v1/measures/sitrep',
        '/api/v1/people/{personKey}/journey',
        '/api/v1/queue',
        '/api/v1/queue/facets',
        '/api/v1/referrals',
        '/api/v1/sitrep.csv',
        '/api/v1/stream',
        '/api/v1/tracker',
        '/api/v1/tracker/weekly',
      ].sort(),
    );
  });
});

describe('the hub end to end: national measures', () => {
  it('serves DRD timeliness as JSON and as a CSV download, and refuses a malformed date with a 400', async () => {
    const admin = await token('admin');
    const json = (await (await api('/api/v1/measures/drd-timeliness', admin)).json()) as {
      total: { discharged: number; bands: Array<{ band: string }> };
    };
    expect(json.total.bands.map((b) => b.band)).toEqual(['0', '1', '2-3', '4-6', '7-13', '14-20', '21+']);
    const csv = await api('/api/v1/measures/drd-timeliness?format=csv', admin);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toContain('drd-timeliness.csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^month,trust,site,pathway,discharged,share_on_drd,/);
    expect(lines.at(-1)).toMatch(new RegExp(`^ALL,ALL,ALL,ALL,${json.total.discharged},`));
    expect((await api('/api/v1/measures/drd-timeliness?from=March', admin)).status).toBe(400);
  });
});
