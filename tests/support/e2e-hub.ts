import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { nhsNumberCheckDigit } from '@homefirst/schemas';
import { ThrowawayPki, reservePort, stackAddresses, uniqueName } from '@homefirst/testing';
import { testApiToken } from '../../services/api/src/testing/api-token';
import { startHubProcess, type HubProcess } from './hub-process';
import { ackCode, MllpClient } from './mllp';
import { runRepoScript } from './repo-script';

// One whole hub for an end-to-end test file: every process as its built bin, on its own topic prefix and
// read-model namespace, MLLP over mutual TLS with a client certificate made for the file.

const repoRoot = join(__dirname, '..', '..');
/** Where end-to-end tests leave screenshots and PDFs (git-ignored). */
export const E2E_ARTIFACTS = join(repoRoot, 'tests', 'artifacts');
export const E2E_TRUST = 'RXN';
export const E2E_FHIR_TRUST = 'REM';
export const E2E_COUNCIL = 'E08000012';
export const E2E_FHIR_TOKEN = 'e2e-fhir-token-REM-0123456789';
export const E2E_COUNCIL_TOKEN = 'e2e-council-token-E08000012-0123';

/** A random valid test NHS number (999 range, modulus 11). */
export function testNhsNumber(): string {
  for (;;) {
    const digits = `999${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`;
    const check = nhsNumberCheckDigit(digits);
    if (check !== undefined) return `${digits}${check}`;
  }
}

const hl7Time = (d: Date): string => d.toISOString().replace(/[-:T]/g, '').slice(0, 12);

/** An ADT message of the e2e trust: the patient on `ward` (default WARD7) of site RXN02. */
export function adt(
  trigger: 'A01' | 'A08',
  id: string,
  nhs: string,
  mrn: string,
  visit: string,
  at: Date,
  extra: string[] = [],
  ward = 'WARD7',
): string {
  return [
    `MSH|^~\\&|PAS|${E2E_TRUST}|HOMEFIRST|HUB|${hl7Time(at)}||ADT^${trigger}^ADT_A01|${id}|P|2.4|||AL|NE|GBR|UNICODE UTF-8`,
    `EVN|${trigger}|${hl7Time(at)}`,
    `PID|1||${nhs}^^^NHS^NH~${mrn}^^^${E2E_TRUST}^MR||TESTPATIENT^E2E||19400101|F`,
    `PV1|1|I|${ward}^BAY2^B3^RXN02|21|||||||||||||||${visit}^^^${E2E_TRUST}^VN|||||||||||||||||||||||||${hl7Time(new Date(at.getTime() - 3 * 86_400_000))}`,
    ...extra,
  ].join('\r');
}

/** A development bearer token for a role (and org), as `homefirst token` makes. */
export const e2eToken = (role: string, org?: string): Promise<string> =>
  testApiToken({ role, ...(org !== undefined && { org }), subject: `e2e-${role}` });

/** The development identity provider's users' password in every e2e hub. */
export const E2E_USER_PASSWORD = 'e2e-development-password';

export interface E2eHub {
  readonly ports: { mllp: number; fhir: number; council: number; api: number; idp: number };
  readonly pki: ThrowawayPki;
  /** GET on the API, with a bearer token when given. */
  api(path: string, bearer?: string): Promise<Response>;
  /** An MLLP client of the trust, over mutual TLS. */
  mllp(): Promise<MllpClient>;
  /** Admits a patient and declares them ready `readyHoursAgo` over MLLP; returns the NHS number. */
  admitReadyPatient(readyHoursAgo: number, ward?: string): Promise<string>;
  /** Posts one council record (JSON REST) for the e2e council. */
  postCouncilRecord(record: Record<string, unknown>): Promise<Response>;
  /**
   * Opens `path` of the board (default /board), follows its "Sign in" link to the development identity
   * provider, signs in there as `username` (a role: trust, council, analyst, admin) and waits to be back.
   */
  signIn(page: Page, username: string, path?: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Sign-in for a hub whose API listens on `api`: the development identity provider on `idp` and the API's OpenID
 * Connect settings, with their secrets in files of a folder of their own, as `homefirst up` writes them.
 */
function signInSetting(
  label: string,
  api: number,
  idp: number,
): { secrets: string; idpEnv: Record<string, string>; apiEnv: Record<string, string> } {
  const secrets = mkdtempSync(join(tmpdir(), `${label}-oidc-`));
  const secretFile = (name: string, text: string): string => {
    writeFileSync(join(secrets, name), `${text}\n`, { mode: 0o600 });
    return join(secrets, name);
  };
  const clientSecretFile = secretFile('client-secret', 'e2e-client-secret-0123456789abcdef');
  return {
    secrets,
    idpEnv: {
      HOMEFIRST_IDP_PORT: String(idp),
      HOMEFIRST_HTTP_PORT: String(idp),
      HOMEFIRST_IDP_CLIENT_SECRET_FILE: clientSecretFile,
      HOMEFIRST_IDP_PASSWORD_FILE: secretFile('user-password', E2E_USER_PASSWORD),
      HOMEFIRST_IDP_REDIRECT_URIS: `http://127.0.0.1:${api}/auth/callback`,
      HOMEFIRST_IDP_POST_LOGOUT_REDIRECT_URIS: `http://127.0.0.1:${api}/board`,
      // The e2e hub's own trust and council (its HL7 messages come from RXN, not the demo city's RHF).
      HOMEFIRST_IDP_TRUST_ORG: E2E_TRUST,
      HOMEFIRST_IDP_COUNCIL_ORG: E2E_COUNCIL,
    },
    apiEnv: {
      HOMEFIRST_OIDC_ISSUER: `http://127.0.0.1:${idp}`,
      HOMEFIRST_OIDC_CLIENT_ID: 'homefirst-board',
      HOMEFIRST_OIDC_CLIENT_SECRET_FILE: clientSecretFile,
      HOMEFIRST_OIDC_POST_LOGOUT_REDIRECT_URI: `http://127.0.0.1:${api}/board`,
      HOMEFIRST_API_SESSION_KEY_FILE: secretFile('session-key', 'e2e-session-key-0123456789abcdef0123'),
    },
  };
}

/** Builds, applies the topics and starts every process of a hub for `label`. */
export async function startE2eHub(label: string): Promise<E2eHub> {
  const build = runRepoScript('node_modules/typescript/bin/tsc', ['-b'], { cwd: repoRoot });
  if (build.status !== 0) throw new Error(`build failed:\n${build.output}`);
  const run = uniqueName(label);
  const prefix = `${run}.`;
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
  const [mllp, fhir, council, api, idp] = await Promise.all([
    reservePort(),
    reservePort(),
    reservePort(),
    reservePort(),
    reservePort(),
  ]);
  const signIn = signInSetting(label, api, idp);
  const pki = new ThrowawayPki(label);
  const trustTls = pki.clientTls(pki.client('trust-RXN', { commonName: 'RXN PAS', organisation: E2E_TRUST }));
  const common = { HOMEFIRST_TOPIC_PREFIX: prefix, HOMEFIRST_READMODEL_NAMESPACE: `rm:${run}:` };
  const processes: HubProcess[] = await Promise.all([
    startHubProcess('hl7v2', 'connectors/hl7v2/bin/homefirst-hl7v2.js', ['serve'], {
      ...common,
      ...pki.listenerEnv(),
      HOMEFIRST_MLLP_PORT: String(mllp),
    }),
    startHubProcess('fhir', 'connectors/fhir/bin/homefirst-fhir.js', ['serve'], {
      ...common,
      HOMEFIRST_FHIR_PORT: String(fhir),
      HOMEFIRST_FHIR_TOKENS: `${E2E_FHIR_TRUST}:${E2E_FHIR_TOKEN}`,
    }),
    startHubProcess('council', 'connectors/council/bin/homefirst-council.js', ['serve'], {
      ...common,
      HOMEFIRST_COUNCIL_PORT: String(council),
      HOMEFIRST_COUNCIL_TOKENS: `${E2E_COUNCIL}:${E2E_COUNCIL_TOKEN}`,
    }),
    startHubProcess('projector', 'services/projector/bin/homefirst-projector.js', ['run'], {
      ...common,
      HOMEFIRST_PROJECTOR_GROUP: `${run}-projector`,
    }),
    startHubProcess('dev-idp', 'services/idp/bin/homefirst-dev-idp.js', ['serve'], signIn.idpEnv),
    startHubProcess('api', 'services/api/bin/homefirst-api.js', ['serve'], {
      ...common,
      HOMEFIRST_API_PORT: String(api),
      HOMEFIRST_HTTP_PORT: String(api),
      ...signIn.apiEnv,
    }),
  ]);
  const mllpClient = () => MllpClient.open(mllp, '127.0.0.1', trustTls);
  return {
    ports: { mllp, fhir, council, api, idp },
    pki,
    api: (path, bearer) =>
      fetch(`http://127.0.0.1:${api}${path}`, {
        headers: bearer ? { Authorization: `Bearer ${bearer}` } : {},
      }),
    mllp: mllpClient,
    async admitReadyPatient(readyHoursAgo, ward) {
      const client = await mllpClient();
      try {
        const nhs = testNhsNumber();
        const id = uniqueName('MSG');
        const visit = uniqueName('V');
        const now = Date.now();
        const mrn = `MRN${nhs.slice(4)}`;
        const admitted = await client.send(
          adt('A01', `${id}-1`, nhs, mrn, visit, new Date(now - 3 * 86_400_000), [], ward),
        );
        if (ackCode(admitted).code !== 'AA') throw new Error(`admission not accepted: ${admitted}`);
        const ready = new Date(now - readyHoursAgo * 3_600_000);
        const declared = await client.send(
          adt(
            'A08',
            `${id}-2`,
            nhs,
            mrn,
            visit,
            new Date(now - 60_000),
            [`ZDR|${hl7Time(ready)}|R|1|AWAITING_P1_NEW_PACKAGE||`],
            ward,
          ),
        );
        if (ackCode(declared).code !== 'AA') throw new Error(`readiness not accepted: ${declared}`);
        return nhs;
      } finally {
        client.close();
      }
    },
    postCouncilRecord: (record) =>
      fetch(`http://127.0.0.1:${council}/council/v1/records`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${E2E_COUNCIL_TOKEN}` },
        body: JSON.stringify({ councilCode: E2E_COUNCIL, ...record }),
      }),
    async signIn(page, username, path = '/board') {
      await page.goto(`http://127.0.0.1:${api}${path}`);
      await page.click('#signin-link');
      await page.waitForURL(new RegExp(`^http://127\\.0\\.0\\.1:${idp}/interaction/`));
      await page.fill('#username', username);
      await page.fill('#password', E2E_USER_PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForURL(`http://127.0.0.1:${api}${path}`);
      await page.waitForSelector('#signout:not([hidden])', { state: 'attached' });
    },
    async stop() {
      await Promise.all(processes.map((p) => p.stop()));
      pki.remove();
      rmSync(signIn.secrets, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium (or HOMEFIRST_CHROMIUM), headless, as every e2e test drives it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}
