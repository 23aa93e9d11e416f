import { FhirValidationError } from '../errors';
import type { Route } from '../fhir/parse';
import { outcomeOf } from '../outcome/operation-outcome';
import { corpus, ORG, parse, personKey, RECEIVED_AT, variant } from '../testing/corpus';
import { mapOffline } from './map-submission';
import { mergeDedupeId } from './merges';

// Patient merges in FHIR R4 (Patient.link replaced-by / replaces) → the PatientsMerged an HL7 A40 gives.

const SURVIVOR = '9991300007';
const RETIRED = '9991300015';
const MESSAGE = { retired: '9991300023', retiredMrn: 'RQ8000455', survivor: '9991300031' } as const;

const eventsOf = (body: Buffer, route: Route = { kind: 'base' }) =>
  mapOffline(parse(body, route), {
    orgCode: ORG,
    personKey,
    recordedAt: RECEIVED_AT,
    correlationId: 'corr-test',
    receivedAt: RECEIVED_AT,
  }).events;

function refusalOf(body: Buffer, route: Route = { kind: 'base' }) {
  try {
    parse(body, route);
  } catch (err) {
    expect(err).toBeInstanceOf(FhirValidationError);
    return outcomeOf(err).outcome.issue.map((i) => [i.expression?.[0], i.code]);
  }
  throw new Error('expected a refusal');
}

describe('a Patient that replaces another (link type replaces)', () => {
  it('given the surviving Patient naming the retired one by NHS number, then PatientsMerged keyed by the survivor', () => {
    const [event, ...rest] = eventsOf(corpus('patient-merge'), {
      kind: 'update',
      id: 'LUH-PT-0071123',
      resourceType: 'Patient',
    });
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      type: 'PatientsMerged',
      occurredAt: new Date('2025-01-14T10:05:00+00:00'),
      personKey: personKey(SURVIVOR),
      source: { channel: 'FHIR', orgCode: ORG, messageId: 'Patient/LUH-PT-0071123/_history/4' },
      payload: {
        nhsNumber: SURVIVOR,
        retiredPatientId: RETIRED, // no local id for the retired record: its NHS number, as for A40
        retiredNhsNumber: RETIRED,
        retiredPersonKey: personKey(RETIRED),
      },
    });
  });

  it('given the same Patient again, then the same eventId and the same resend-memory id', () => {
    const body = corpus('patient-merge');
    expect(eventsOf(body)[0]?.eventId).toBe(eventsOf(body)[0]?.eventId);
    const [merge] = parse(body).merges;
    expect(merge && mergeDedupeId(merge, personKey)).toBe(
      `merge:${personKey(SURVIVOR)}:${personKey(RETIRED)}`,
    );
  });

  it('given a retired record known by its local id only, then retiredPatientId is that id and no retired personKey', () => {
    const body = variant('patient-merge', (json) => {
      json.link = [
        {
          type: 'replaces',
          other: {
            identifier: {
              system: 'https://fhir.liverpoolft.nhs.uk/Id/local-patient-identifier',
              value: 'RQ7100999',
            },
          },
        },
      ];
    });
    expect(eventsOf(body)[0]?.payload).toEqual({
      nhsNumber: SURVIVOR,
      retiredPatientId: 'RQ7100999',
      retiredNhsNumber: null,
      retiredPersonKey: null,
    });
  });
});

describe('a merge message (Patient replaced-by another, in a Bundle)', () => {
  it('given the retired Patient in focus, replaced-by a Patient resolved by fullUrl, then one PatientsMerged for the survivor', () => {
    const events = eventsOf(corpus('message-patient-merge'));
    expect(events.map((e) => [e.type, e.personKey, e.source.messageId])).toEqual([
      ['PatientsMerged', personKey(MESSAGE.survivor), 'LUH-MSG-2025-01-14-0042'],
    ]);
    expect(events[0]?.payload).toEqual({
      nhsNumber: MESSAGE.survivor,
      retiredPatientId: MESSAGE.retiredMrn,
      retiredNhsNumber: MESSAGE.retired,
      retiredPersonKey: personKey(MESSAGE.retired),
    });
  });

  it('given no focus, then both Patients state the merge (replaced-by and replaces) and it is recorded once', () => {
    const body = variant('message-patient-merge', (json) => {
      const [header] = json.entry as Array<{ resource: Record<string, unknown> }>;
      if (header) delete header.resource.focus;
    });
    expect(parse(body).merges).toHaveLength(1);
    expect(eventsOf(body).map((e) => e.type)).toEqual(['PatientsMerged']);
  });

  it('given the same Patients in a transaction, then the same merge', () => {
    const body = variant('message-patient-merge', (json) => {
      json.type = 'transaction';
      const entries = (json.entry as Array<Record<string, unknown>>).slice(1);
      for (const entry of entries) entry.request = { method: 'PUT', url: 'Patient/x' };
      json.entry = entries;
    });
    expect(eventsOf(body).map((e) => e.payload)).toEqual([
      expect.objectContaining({ nhsNumber: MESSAGE.survivor, retiredNhsNumber: MESSAGE.retired }),
    ]);
  });
});

describe('what is not a merge, and merges the hub cannot record', () => {
  it('given a Patient without merge links (seealso), then nothing to record', () => {
    const body = variant('patient-merge', (json) => {
      json.link = [{ type: 'seealso', other: { reference: 'Patient/elsewhere' } }];
    });
    expect(parse(body).kind).toBe('patient');
    expect(eventsOf(body)).toEqual([]);
  });

  it('given a surviving record without an NHS number, then 422 naming where it should be', () => {
    const body = variant('patient-merge', (json) => {
      json.link = [
        { type: 'replaced-by', other: { identifier: { system: 'https://example.org/mrn', value: 'X1' } } },
      ];
    });
    expect(refusalOf(body)).toEqual([['Patient.link[0].other', 'required']]);
  });

  it('given a link whose other names nothing, then 422 at link.other', () => {
    const body = variant('patient-merge', (json) => {
      json.link = [{ type: 'replaces', other: { reference: 'Patient/not-in-this-message' } }];
    });
    expect(refusalOf(body)).toEqual([['Patient.link[0].other', 'required']]);
  });

  it('given a link to the record itself, then 422 business-rule', () => {
    const body = variant('patient-merge', (json) => {
      json.link = [
        {
          type: 'replaces',
          other: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: SURVIVOR } },
        },
      ];
      json.identifier = [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: SURVIVOR }];
    });
    expect(refusalOf(body)).toEqual([['Patient.link[0]', 'business-rule']]);
  });

  it('given an invalid NHS number for the retired record, then 422 at its value, the number not echoed', () => {
    const body = variant('patient-merge', (json) => {
      json.link = [
        {
          type: 'replaces',
          other: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9991300016' } },
        },
      ];
    });
    expect(refusalOf(body)).toEqual([['Patient.link[0].other.identifier.value', 'value']]);
  });

  it('given a PUT whose Patient id differs from the URL, then 400 on Patient.id', () => {
    expect(() =>
      parse(corpus('patient-merge'), { kind: 'update', id: 'other', resourceType: 'Patient' }),
    ).toThrow('Patient.id must equal the id in the URL');
  });

  it('given an Encounter bundle whose Patient has no links, then no merge (as before)', () => {
    expect(parse(corpus('message-admission')).merges).toEqual([]);
  });
});
