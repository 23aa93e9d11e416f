import { isValidNhsNumber } from '@homefirst/schemas';
import { allValid, corpus, given, NHS, personKey, variant } from '../testing/corpus';

// A spell at Aintree (Liverpool University Hospitals, REM) as the trust's EPR sends it, version by version.
const admitted = corpus('encounter-admitted');
const transferred = corpus('encounter-transferred');
const ready = corpus('encounter-discharge-ready');
const withdrawn = corpus('encounter-readiness-withdrawn');
const discharged = corpus('encounter-discharged');
const spellId = 'LUH-SP-2025-004711';
const nhsNumber = NHS.margaretJones;
const amu = { site: 'REM21', ward: 'Acute Medical Unit', room: null, bed: null };
const ward9b = { site: 'REM21', ward: 'Ward 9B (Care of the Elderly)', room: null, bed: 'Bed 12' };

describe('the corpus', () => {
  it('uses only test NHS numbers (999…) that pass modulus 11', () => {
    expect(allValid()).toBe(true);
    for (const n of Object.values(NHS)) expect(n.startsWith('999') && isValidNhsNumber(n)).toBe(true);
  });
});

describe('admission', () => {
  it('given no history, when an inpatient Encounter is in progress, then the patient was admitted where and when it says', () => {
    const { facts, events } = given().when(admitted);
    expect(facts).toEqual([
      {
        type: 'PatientAdmitted',
        occurredAt: '2025-01-06T09:30:00.000Z',
        payload: {
          nhsNumber,
          spellId,
          location: amu,
          patientClass: 'INPATIENT',
          admissionMethodCode: '21',
          // no Patient resource, so no date of birth; UK Core source of admission 19
          ageBandAtAdmission: null,
          usualPlaceOfResidence: 'PRIVATE_RESIDENCE',
          admissionSourceCode: '19',
        },
      },
    ]);
    expect(events[0]?.personKey).toBe(personKey(nhsNumber));
    expect(events[0]?.source).toEqual({
      channel: 'FHIR',
      system: 'fhir-rest',
      orgCode: 'REM',
      messageId: `Encounter/${spellId}/_history/1`,
    });
  });

  it('given the admission, when the same version arrives again, then nothing new is recorded', () => {
    const { events, outcomes } = given(admitted).when(admitted);
    expect(events).toEqual([]);
    expect(outcomes).toEqual(['no-change']);
  });

  it('given nothing, when an emergency department attendance arrives, then it is not an inpatient stay and nothing is recorded', () => {
    const { events, outcomes } = given().when(corpus('encounter-emergency-attendance'));
    expect(events).toEqual([]);
    expect(outcomes).toEqual(['ignored']);
  });

  it('given nothing, when the NHS number comes from a contained Patient, then the admission is that patient’s', () => {
    const { events } = given().when(corpus('encounter-contained-patient'));
    expect(events.map((e) => [e.type, e.payload.nhsNumber])).toEqual([['PatientAdmitted', NHS.graceOkafor]]);
  });

  it('given nothing, when a message Bundle admits a patient named by a Patient entry, then its NHS number and the Bundle id are used', () => {
    const { events } = given().when(corpus('message-admission'));
    expect(events.map((e) => [e.type, e.payload.nhsNumber, e.source.messageId, e.source.system])).toEqual([
      [
        'PatientAdmitted',
        NHS.thomasBradshaw,
        'a3c2f6e0-54d5-4c1b-8f3e-000000005120',
        'Liverpool UH Integration Engine',
      ],
    ]);
  });
});

describe('transfer', () => {
  it('given the admission, when the Encounter shows a new active location, then the patient was transferred from the last one', () => {
    expect(given(admitted).when(transferred).facts).toEqual([
      {
        type: 'PatientTransferred',
        occurredAt: '2025-01-07T14:10:00.000Z',
        payload: { nhsNumber, spellId, from: amu, to: ward9b },
      },
    ]);
  });

  it('given no history, when the first version the hub sees already moved ward, then it records the admission and the move', () => {
    expect(
      given()
        .when(transferred)
        .facts.map((f) => [f.type, f.occurredAt]),
    ).toEqual([
      ['PatientAdmitted', '2025-01-06T09:30:00.000Z'],
      ['PatientTransferred', '2025-01-07T14:10:00.000Z'],
    ]);
  });

  it('given the transfer, when the older admission version arrives late, then it is stale and changes nothing', () => {
    const { events, outcomes } = given(admitted, transferred).when(admitted);
    expect(events).toEqual([]);
    expect(outcomes).toEqual(['stale']);
  });
});

describe('discharge readiness (hub extensions)', () => {
  it('given the patient on Ward 9B, when the ward declares NCTR with a P1 proposal and a delay reason, then readiness and the expected discharge date are recorded', () => {
    expect(given(admitted, transferred).when(ready).facts).toEqual([
      {
        type: 'DischargeReadyDeclared',
        occurredAt: '2025-01-09T10:05:00.000Z',
        payload: {
          nhsNumber,
          spellId,
          dischargeReadyDate: '2025-01-09',
          dischargeReadyAt: new Date('2025-01-09T10:00:00.000Z'),
          proposedPathway: 'P1',
          delay: { reason: 'AWAITING_P1_NEW_PACKAGE', attribution: 'SOCIAL_CARE' },
        },
      },
      {
        type: 'ExpectedDischargeDateSet',
        occurredAt: '2025-01-09T10:05:00.000Z',
        payload: { nhsNumber, spellId, expectedDischargeDate: '2025-01-10' },
      },
    ]);
  });

  it('given readiness declared, when the patient meets a criterion to reside again, then readiness is withdrawn with the criterion', () => {
    expect(given(admitted, transferred, ready).when(withdrawn).facts).toEqual([
      {
        type: 'DischargeReadinessWithdrawn',
        occurredAt: '2025-01-10T07:20:00.000Z',
        payload: { nhsNumber, spellId, criterion: 'CTR02_OXYGEN_THERAPY' },
      },
    ]);
  });

  it('given readiness declared, when the same declaration is sent in a later version, then nothing new is recorded', () => {
    const later = variant('encounter-discharge-ready', (json) => {
      json.meta = { versionId: '3a', lastUpdated: '2025-01-09T12:00:00+00:00' };
    });
    expect(given(admitted, transferred, ready).when(later).events).toEqual([]);
  });

  it('given readiness declared, when only the delay reason changes, then a new declaration carries it (same DRD)', () => {
    const changed = variant('encounter-discharge-ready', (json) => {
      json.meta = { versionId: '3b', lastUpdated: '2025-01-09T15:00:00+00:00' };
      const ext = (json.extension as Array<{ extension?: Array<Record<string, unknown>> }>)[0];
      const reason = ext?.extension?.find((e) => e.url === 'delayReason');
      if (reason) reason.valueCoding = { code: 'AWAITING_TRANSPORT' };
    });
    expect(
      given(admitted, transferred, ready)
        .when(changed)
        .facts.map((f) => [f.type, f.payload]),
    ).toEqual([
      [
        'DischargeReadyDeclared',
        {
          nhsNumber,
          spellId,
          dischargeReadyDate: '2025-01-09',
          dischargeReadyAt: new Date('2025-01-09T10:00:00.000Z'),
          proposedPathway: 'P1',
          delay: { reason: 'AWAITING_TRANSPORT', attribution: 'NHS' },
        },
      ],
    ]);
  });
});

describe('discharge readiness (hub extensions): attribution and dates', () => {
  it('given nothing, when the trust states the attribution itself, then its attribution is kept', () => {
    const stated = variant('encounter-discharge-ready', (json) => {
      const ext = (json.extension as Array<{ extension: Array<Record<string, unknown>> }>)[0];
      ext?.extension.push({ url: 'delayAttribution', valueCode: 'BOTH' });
    });
    const declared = given()
      .when(stated)
      .events.find((e) => e.type === 'DischargeReadyDeclared');
    expect(declared?.payload).toMatchObject({
      delay: { reason: 'AWAITING_P1_NEW_PACKAGE', attribution: 'BOTH' },
    });
  });

  it('given nothing, when the ready date is a bare date in British Summer Time, then the DRD is that day and no time is invented', () => {
    const summer = variant('encounter-discharge-ready', (json) => {
      const ext = (json.extension as Array<{ extension: Array<Record<string, unknown>> }>)[0];
      const at = ext?.extension.find((e) => e.url === 'readyDateTime');
      if (at) {
        delete at.valueDateTime;
        at.valueDate = '2025-07-01';
      }
    });
    const declared = given()
      .when(summer)
      .events.find((e) => e.type === 'DischargeReadyDeclared');
    expect(declared?.payload).toMatchObject({ dischargeReadyDate: '2025-07-01', dischargeReadyAt: null });
  });

  it('given nothing, when NCTR is declared at 23:30 UTC on 1 July, then the DRD is 2 July (London time)', () => {
    const lateEvening = variant('encounter-discharge-ready', (json) => {
      const ext = (json.extension as Array<{ extension: Array<Record<string, unknown>> }>)[0];
      const at = ext?.extension.find((e) => e.url === 'readyDateTime');
      if (at) at.valueDateTime = '2025-07-01T23:30:00Z';
    });
    const declared = given()
      .when(lateEvening)
      .events.find((e) => e.type === 'DischargeReadyDeclared');
    expect(declared?.payload).toMatchObject({
      dischargeReadyDate: '2025-07-02',
      dischargeReadyAt: new Date('2025-07-01T23:30:00Z'),
    });
  });

  it('given the admission, when an in-progress Encounter carries period.end, then that is the expected discharge date', () => {
    const planned = variant('encounter-admitted', (json) => {
      json.meta = { versionId: '1a', lastUpdated: '2025-01-06T12:00:00+00:00' };
      json.period = { start: '2025-01-06T09:30:00+00:00', end: '2025-01-12' };
    });
    expect(
      given(admitted)
        .when(planned)
        .facts.map((f) => [f.type, f.payload]),
    ).toEqual([['ExpectedDischargeDateSet', { nhsNumber, spellId, expectedDischargeDate: '2025-01-12' }]]);
  });
});

describe('discharge', () => {
  /** What PatientDischarged says when this Encounter arrives after the admission. */
  const dischargeAfterAdmission = (encounter: Buffer) =>
    given(admitted)
      .when(encounter)
      .events.find((e) => e.type === 'PatientDischarged')?.payload;

  it('given the spell up to readiness withdrawn, when the Encounter is finished with a destination, then it records the new readiness and the discharge home on P1', () => {
    expect(given(admitted, transferred, ready, withdrawn).when(discharged).facts).toEqual([
      {
        type: 'DischargeReadyDeclared',
        occurredAt: '2025-01-11T15:50:00.000Z',
        payload: {
          nhsNumber,
          spellId,
          dischargeReadyDate: '2025-01-10',
          dischargeReadyAt: new Date('2025-01-10T16:00:00.000Z'),
          proposedPathway: 'P1',
          delay: null,
        },
      },
      {
        type: 'PatientDischarged',
        occurredAt: '2025-01-11T15:45:00.000Z',
        payload: {
          nhsNumber,
          spellId,
          destination: 'DD19_USUAL_PLACE_OF_RESIDENCE',
          actualPathway: 'P1',
          dischargeMethodCode: '1',
        },
      },
    ]);
  });

  it('given no proposal was ever made, when discharged to the usual residence, then the pathway is P0', () => {
    const home = variant('encounter-discharged', (json) => {
      delete json.extension;
    });
    expect(dischargeAfterAdmission(home)).toMatchObject({
      actualPathway: 'P0',
    });
  });

  it('given a P2 proposal, when discharged to a care home without nursing, then the pathway is P2 (an intermediate-care bed)', () => {
    const careHome = variant('encounter-discharged', (json) => {
      const ext = (json.extension as Array<{ extension: Array<Record<string, unknown>> }>)[0];
      const pathway = ext?.extension.find((e) => e.url === 'proposedPathway');
      if (pathway) pathway.valueCode = 'P2';
      (json.hospitalization as { dischargeDisposition: unknown }).dischargeDisposition = {
        coding: [{ code: '56' }],
      };
    });
    expect(dischargeAfterAdmission(careHome)).toMatchObject({
      destination: 'DD56_CARE_HOME_WITHOUT_NURSING',
      actualPathway: 'P2',
    });
  });

  it('given a P1 proposal, when the trust states the pathway with the DischargePathway extension, then the stated pathway wins', () => {
    const stated = variant('encounter-discharged', (json) => {
      (json.extension as unknown[]).push({
        url: 'https://fhir.homefirst.nhs.uk/StructureDefinition/Extension-Homefirst-DischargePathway',
        valueCode: 'P0',
      });
    });
    expect(dischargeAfterAdmission(stated)).toMatchObject({
      actualPathway: 'P0',
    });
  });

  it('given nothing, when a finished Encounter says the patient died, then admission, discharge (DD79) and death are recorded', () => {
    const { facts } = given().when(corpus('encounter-died'));
    expect(facts.map((f) => [f.type, f.occurredAt])).toEqual([
      ['PatientAdmitted', '2025-01-02T18:20:00.000Z'],
      ['PatientDischarged', '2025-01-08T03:55:00.000Z'],
      ['PatientDied', '2025-01-08T03:55:00.000Z'],
    ]);
    expect(facts[1]?.payload).toMatchObject({
      destination: 'DD79_DIED',
      actualPathway: 'UNKNOWN',
      dischargeMethodCode: '4',
    });
  });

  it('given the discharge, when the same discharge arrives in a later version, then it is not recorded twice', () => {
    const later = variant('encounter-discharged', (json) => {
      json.meta = { versionId: '6', lastUpdated: '2025-01-12T08:00:00+00:00' };
    });
    expect(given(admitted, discharged).when(later).events).toEqual([]);
  });
});

describe('cancellations', () => {
  it('given the admission, when the Encounter is entered in error, then the admission is cancelled, once', () => {
    const cancelled = corpus('encounter-entered-in-error');
    expect(given(admitted).when(cancelled).facts).toEqual([
      { type: 'AdmissionCancelled', occurredAt: '2025-01-06T11:02:00.000Z', payload: { nhsNumber, spellId } },
    ]);
    expect(given(admitted, cancelled).when(cancelled).events).toEqual([]);
  });

  it('given the discharge, when the Encounter is back in progress, then the discharge was cancelled', () => {
    const back = variant('encounter-transferred', (json) => {
      json.meta = { versionId: '6', lastUpdated: '2025-01-11T18:00:00+00:00' };
    });
    expect(given(admitted, transferred, discharged).when(back).facts).toEqual([
      { type: 'DischargeCancelled', occurredAt: '2025-01-11T18:00:00.000Z', payload: { nhsNumber, spellId } },
    ]);
  });

  it('given nothing, when a message says A13 (cancel discharge), then the hub records the admission and the cancelled discharge', () => {
    expect(
      given()
        .when(corpus('message-discharge-cancelled'))
        .facts.map((f) => f.type),
    ).toEqual(['PatientAdmitted', 'DischargeCancelled']);
  });
});

describe('event ids', () => {
  it('are the same when the same message is mapped again (resend, replay) and differ between messages', () => {
    const first = given()
      .when(transferred)
      .events.map((e) => e.eventId);
    const again = given()
      .when(transferred)
      .events.map((e) => e.eventId);
    const resentAsNewVersion = given()
      .when(variant('encounter-transferred', (json) => void (json.meta = { versionId: '2b' })))
      .events.map((e) => e.eventId);
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    expect(resentAsNewVersion.some((id) => first.includes(id))).toBe(false);
  });
});
