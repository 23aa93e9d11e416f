import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPersonKeyer, isValidNhsNumber, type HospitalEvent } from '@homefirst/schemas';
import { testNhsNumbersFrom } from '@homefirst/testing';
import { parseSubmission, type ParseOptions, type Submission } from '../fhir/parse';
import type { Decision, SpellSnapshot } from '../mapping/decide';
import { DEFAULT_EXTENSION_URLS } from '../mapping/extensions';
import { foldUnits } from '../mapping/map-submission';

/**
 * Test support over the UK corpus in connectors/fhir/corpus/ (Liverpool University Hospitals, ODS REM,
 * Aintree site REM21; NHS numbers from the 999 test range). `given(...earlier messages).when(message)`
 * runs exactly the live parse and mapping and returns the events, so a test reads as
 * given/when/then. No servers, no clock.
 */

export const CORPUS_DIR = join(__dirname, '..', '..', 'corpus');
export const ORG = 'REM';
export const SECRET = 'test-only-person-key-secret-0123456789abcdef';
export const personKey = createPersonKeyer(SECRET);
export const RECEIVED_AT = new Date('2025-02-01T12:00:00.000Z');
export const PARSE_OPTIONS: ParseOptions = {
  mrnSystems: [],
  extensionUrls: DEFAULT_EXTENSION_URLS,
  defaultSystem: 'fhir-rest',
};

/** The NHS numbers the corpus uses; each passes modulus 11 (asserted by the corpus test). */
export const NHS = {
  margaretJones: '9991242481',
  diedPatient: '9991250409',
  graceOkafor: '9991258329',
  thomasBradshaw: '9991266240',
  txA: '9991274162',
  txB: '9991282084',
} as const;
export const allValid = (): boolean => Object.values(NHS).every(isValidNhsNumber);

/** A corpus file's bytes: `name` is a .json file's name without extension, or a full file name. */
export const corpus = (name: string): Buffer =>
  readFileSync(join(CORPUS_DIR, name.includes('.') ? name : `${name}.json`));

/** A corpus file changed by `edit` (which may mutate the parsed JSON), as bytes. */
export function variant(name: string, edit: (json: Record<string, unknown>) => void): Buffer {
  const json = JSON.parse(corpus(name).toString('utf8')) as Record<string, unknown>;
  edit(json);
  return Buffer.from(JSON.stringify(json), 'utf8');
}

export const parse = (
  body: Buffer,
  route: Parameters<typeof parseSubmission>[1] = { kind: 'base' },
): Submission => parseSubmission(body, route, PARSE_OPTIONS);

interface Step {
  readonly decisions: readonly Decision[];
  readonly snapshots: Map<string, SpellSnapshot | undefined>;
}

function step(snapshots: ReadonlyMap<string, SpellSnapshot | undefined>, body: Buffer): Step {
  const submission = parse(body);
  return foldUnits(
    snapshots,
    submission.units.map((unit) => ({
      unit,
      nhsNumber: unit.identity.nhsNumber ?? 'unresolved',
      system: submission.system,
      correlationId: 'corr-test',
      receivedAt: RECEIVED_AT,
    })),
    { orgCode: ORG, personKey, recordedAt: RECEIVED_AT },
  );
}

/** The events in a form tests compare whole: type, event time and payload. */
export const facts = (events: readonly HospitalEvent[]) =>
  events.map((e) => ({ type: e.type, occurredAt: e.occurredAt.toISOString(), payload: e.payload }));

export function given(...history: readonly Buffer[]) {
  let snapshots = new Map<string, SpellSnapshot | undefined>();
  for (const body of history) snapshots = step(snapshots, body).snapshots;
  return {
    snapshots,
    when(body: Buffer) {
      const { decisions } = step(snapshots, body);
      const events = decisions.flatMap((d) => d.events);
      return { events, outcomes: decisions.map((d) => d.outcome), facts: facts(events) };
    },
  };
}

/** `count` distinct test NHS numbers (999 range, modulus-11 valid), for generated corpora. */
export function testNhsNumbers(count: number, from = 999_400_000): string[] {
  const numbers: string[] = [];
  for (const nhsNumber of testNhsNumbersFrom(from)) {
    if (numbers.length === count) break;
    numbers.push(nhsNumber);
  }
  if (!numbers.every(isValidNhsNumber)) throw new Error('testNhsNumbers produced an invalid number');
  return numbers;
}

/** An inpatient admission at Royal Preston (Lancashire Teaching Hospitals, RXN) for generated corpora. */
export function generatedAdmission(
  index: number,
  nhsNumber: string,
  lastUpdated: string,
  subject: 'identifier' | 'reference',
) {
  const id = `RXN-SP-${String(index).padStart(5, '0')}`;
  return {
    resourceType: 'Encounter' as const,
    id,
    meta: { versionId: '1', lastUpdated },
    status: 'in-progress',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
    subject:
      subject === 'identifier'
        ? { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhsNumber } }
        : { reference: `Patient/P${String(index).padStart(5, '0')}` },
    period: { start: lastUpdated },
    location: [
      {
        location: {
          display: 'Royal Preston Hospital',
          identifier: { system: 'https://fhir.nhs.uk/Id/ods-site-code', value: 'RXN02' },
        },
        status: 'active',
        period: { start: lastUpdated },
      },
      { location: { display: `Ward ${(index % 20) + 1}` }, status: 'active', period: { start: lastUpdated } },
    ],
  };
}

/** The Patient a generated admission references. */
export const generatedPatient = (index: number, nhsNumber: string) => ({
  resourceType: 'Patient' as const,
  id: `P${String(index).padStart(5, '0')}`,
  identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhsNumber }],
});
