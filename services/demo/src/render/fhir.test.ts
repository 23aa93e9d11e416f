import { isValidNhsNumber } from '@homefirst/schemas';
import { demoCorpus } from '../testing/corpus';
import { FHIR_URL } from './fhir';

/** The parts of a rendered Bundle these tests read (the renderer's JSON, parsed back). */
interface Resource {
  readonly resourceType: string;
  readonly id?: string;
  readonly [key: string]: unknown;
}
interface Bundle {
  readonly resourceType: string;
  readonly id: string;
  readonly type: string;
  readonly entry: readonly { readonly fullUrl: string; readonly resource: Resource }[];
}
interface Extension {
  readonly url: string;
  readonly extension?: readonly Extension[];
  readonly valueCode?: string;
  readonly valueDate?: string;
  readonly valueDateTime?: string;
  readonly valueCoding?: { readonly system?: string; readonly code?: string };
}

const corpus = demoCorpus();
const fhir = corpus.messages.filter(
  ({ delivery }) => delivery.channel === 'FHIR' && delivery.malformation === null,
);
const FHIR_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

const parse = (body: string): Bundle => JSON.parse(body) as Bundle;
const resourceOf = (bundle: Bundle, type: string): Resource | undefined =>
  bundle.entry.find((entry) => entry.resource.resourceType === type)?.resource;
const extensionOf = (resource: Resource | undefined, url: string): Extension | undefined =>
  (resource?.extension as Extension[] | undefined)?.find((ext) => ext.url === url);
const part = (ext: Extension | undefined, url: string): Extension | undefined =>
  ext?.extension?.find((p) => p.url === url);

describe('FHIR message Bundle renderer', () => {
  it('renders message Bundles with MessageHeader first, focused on a UK Core Encounter with every required element', () => {
    expect(fhir.length).toBeGreaterThan(300);
    const problems: string[] = [];
    for (const { delivery, message } of fhir) {
      const bundle = parse(message.body);
      const check = (ok: boolean, what: string): void => {
        if (!ok) problems.push(`${delivery.messageId}: ${what}`);
      };
      const header = bundle.entry[0]?.resource;
      const encounter = resourceOf(bundle, 'Encounter');
      const patient = resourceOf(bundle, 'Patient');
      check(bundle.resourceType === 'Bundle' && bundle.type === 'message', 'a message Bundle');
      check(
        bundle.id === delivery.messageId && /^[A-Za-z0-9\-.]{1,64}$/.test(bundle.id),
        'Bundle.id is the message id',
      );
      check(header?.resourceType === 'MessageHeader', 'MessageHeader first');
      const source = header?.source as { endpoint?: unknown } | undefined;
      check(typeof source?.endpoint === 'string', 'MessageHeader.source.endpoint');
      const event = header?.eventCoding as { system?: unknown; code?: unknown } | undefined;
      check(
        event?.system === FHIR_URL.v2Event && /^A\d{2}$/.test(String(event.code)),
        'eventCoding is a v2 trigger',
      );
      const focus = header?.focus as { reference?: string }[] | undefined;
      check(focus?.[0]?.reference === `Encounter/${encounter?.id ?? ''}`, 'focus is the Encounter');
      check(encounter?.id === delivery.fact.journeyId, 'Encounter.id is the spell');
      check(
        ['in-progress', 'finished', 'entered-in-error'].includes(String(encounter?.status)),
        'Encounter.status',
      );
      const cls = encounter?.class as { system?: unknown; code?: unknown } | undefined;
      check(cls?.system === FHIR_URL.actCode && cls.code === 'IMP', 'Encounter.class IMP');
      const period = encounter?.period as { start?: string; end?: string } | undefined;
      check(FHIR_DATE_TIME.test(period?.start ?? ''), 'period.start with offset');
      check(
        (encounter?.status === 'finished') === (period?.end !== undefined),
        'period.end exactly when finished',
      );
      check(
        (encounter?.subject as { reference?: string } | undefined)?.reference ===
          `Patient/${patient?.id ?? ''}`,
        'subject',
      );
      const identifiers = (patient?.identifier as { system?: string; value?: string }[] | undefined) ?? [];
      const nhs = identifiers.find((id) => id.system === FHIR_URL.nhsNumber)?.value ?? '';
      check(isValidNhsNumber(nhs) && nhs.startsWith('999'), 'Patient has a valid test NHS number');
      check((encounter?.location as unknown[] | undefined)?.length !== 0, 'Encounter.location');
    }
    expect(problems).toEqual([]);
  });

  it('given a readiness declaration, then the DischargeReadiness extension has status, readyDateTime, pathway and reason', () => {
    const found = fhir.find(({ delivery }) => delivery.fact.kind === 'ReadyDeclared');
    if (found === undefined || found.delivery.fact.kind !== 'ReadyDeclared')
      throw new Error('no declaration in the corpus');
    const fact = found.delivery.fact;
    const readiness = extensionOf(
      resourceOf(parse(found.message.body), 'Encounter'),
      FHIR_URL.readinessExtension,
    );
    expect(part(readiness, 'status')?.valueCode).toBe('declared');
    expect(part(readiness, 'readyDateTime')?.valueDateTime).toMatch(FHIR_DATE_TIME);
    expect(part(readiness, 'readyDateTime')?.valueDateTime?.slice(0, 10)).toBe(fact.dischargeReadyDate);
    expect(part(readiness, 'proposedPathway')?.valueCode).toBe(fact.proposedPathway);
    expect(part(readiness, 'delayReason')?.valueCoding?.code).toBe(fact.delayReason ?? undefined);
  });

  it('given a discharge, then the Encounter is finished with the destination, the discharge method and the pathway taken', () => {
    const found = fhir.find(({ delivery }) => delivery.fact.kind === 'Discharged' && !delivery.fact.died);
    if (found === undefined || found.delivery.fact.kind !== 'Discharged')
      throw new Error('no discharge in the corpus');
    const encounter = resourceOf(parse(found.message.body), 'Encounter');
    const hospitalization = encounter?.hospitalization as {
      dischargeDisposition?: { coding?: { code?: string }[] };
      extension?: Extension[];
    };
    expect(encounter?.status).toBe('finished');
    expect(hospitalization.dischargeDisposition?.coding?.[0]?.code).toBe(found.delivery.fact.destinationCode);
    expect(hospitalization.extension?.some((ext) => ext.url === FHIR_URL.dischargeMethodExtension)).toBe(
      true,
    );
    expect(extensionOf(encounter, FHIR_URL.pathwayExtension)?.valueCode).toBe(
      found.delivery.fact.actualPathway,
    );
  });

  it('given a stay with a transfer, then Encounter.location has the old place completed and the new one active', () => {
    const found = fhir.find(({ delivery }) => delivery.fact.kind === 'Transferred');
    if (found === undefined || found.delivery.fact.side !== 'hospital')
      throw new Error('no transfer in the corpus');
    const ward = found.delivery.fact.spell.location.ward;
    const locations = resourceOf(parse(found.message.body), 'Encounter')?.location as {
      status: string;
      physicalType: { coding: { code: string }[] };
      location: { identifier: { value: string } };
    }[];
    const wards = locations.filter((entry) => entry.physicalType.coding[0]?.code === 'wa');
    expect(wards.map((entry) => entry.status)).toEqual([...wards.slice(1).map(() => 'completed'), 'active']);
    expect(wards.at(-1)?.location.identifier.value).toBe(ward);
  });
});
