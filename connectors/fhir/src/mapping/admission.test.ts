import { corpus, given, variant } from '../testing/corpus';

// PatientAdmitted's contract v3 fields: the age band from Patient.birthDate against the admission time and
// the usual place of residence from Encounter.hospitalization.admitSource.

type Json = Record<string, unknown>;
const admittedPayload = (body: Buffer) => given().when(body).events[0]?.payload;

/** The contained-patient corpus Encounter (admitted 2025-01-06 09:30 GMT) with its Patient's birthDate set. */
const bornOn = (birthDate: unknown) =>
  variant('encounter-contained-patient', (json) => {
    const [patient] = json.contained as Json[];
    if (patient === undefined) throw new Error('the corpus Encounter has a contained Patient');
    if (birthDate === undefined) delete patient.birthDate;
    else patient.birthDate = birthDate;
  });

/** The admitted corpus Encounter with its admitSource codings replaced. */
const admittedFrom = (...coding: Json[]) =>
  variant('encounter-admitted', (json) => {
    (json.hospitalization as Json).admitSource = { coding };
  });
const UK_CORE = 'https://fhir.hl7.org.uk/CodeSystem/UKCore-SourceOfAdmissionEngland';

describe('admission: age band at admission from Patient.birthDate', () => {
  it('given a contained Patient born 1938-04-17, when admitted in January 2025, then 85 and over', () => {
    expect(admittedPayload(corpus('encounter-contained-patient'))).toMatchObject({
      ageBandAtAdmission: 'AGE_85_AND_OVER',
      usualPlaceOfResidence: 'PRIVATE_RESIDENCE',
    });
  });

  it('given a message Bundle whose Patient entry was born 1941-11-02, when admitted in January 2025, then 75-84', () => {
    expect(admittedPayload(corpus('message-admission'))).toMatchObject({
      ageBandAtAdmission: 'AGE_75_TO_84',
    });
  });

  it.each([
    ['1960-01-06', 'AGE_65_TO_74'], // 65 on the day of admission
    ['1960-01-07', 'AGE_18_TO_64'], // 65 the day after
    ['2007-01-06', 'AGE_18_TO_64'],
    ['2007-01-07', 'AGE_0_TO_17'],
  ])('given birthDate %s, then %s', (birthDate, band) => {
    expect(admittedPayload(bornOn(birthDate))).toMatchObject({ ageBandAtAdmission: band });
  });

  it.each([
    ['1938'],
    ['1938-04'],
    ['1938-02-30'],
    ['2026-01-01'],
    [19380417],
    ['x'.repeat(300)],
    [undefined],
  ])(
    'given birthDate %p (partial, impossible, after the admission, not a date, absent), then no band, and the admission is still recorded',
    (birthDate) => {
      const { events, outcomes } = given().when(bornOn(birthDate));
      expect(outcomes).toEqual(['recorded']);
      expect(events.map((e) => e.type)).toEqual(['PatientAdmitted']);
      expect(events[0]?.payload).toMatchObject({ ageBandAtAdmission: null });
    },
  );

  it('never puts the date of birth on an event', () => {
    const { events } = given().when(corpus('encounter-contained-patient'));
    expect(JSON.stringify(events)).not.toContain('1938');
  });
});

describe('admission: usual place of residence from hospitalization.admitSource', () => {
  it.each([
    [[{ system: UK_CORE, code: '54' }], 'CARE_HOME', '54'],
    [[{ system: UK_CORE, code: '85' }], 'CARE_HOME', '85'],
    [[{ system: UK_CORE, code: '40' }], 'PENAL_ESTABLISHMENT', '40'],
    [[{ system: UK_CORE, code: '51' }], 'UNKNOWN', '51'],
    [[{ code: '65' }], 'CARE_HOME', '65'], // no system: two digits read as the NHS code
    [
      [
        { system: 'http://terminology.hl7.org/CodeSystem/admit-source', code: 'nursing' },
        {
          system: 'https://fhir.hl7.org.uk/CodeSystem/NHSDataModelAndDictionary-SourceOfAdmission',
          code: '29',
        },
      ],
      'TEMPORARY_RESIDENCE',
      '29',
    ], // the NHS code wins
    [[{ system: 'http://terminology.hl7.org/CodeSystem/admit-source', code: 'nursing' }], 'CARE_HOME', null],
    [[{ system: 'http://terminology.hl7.org/CodeSystem/admit-source', code: 'gp' }], 'UNKNOWN', null],
    [[{ system: 'https://example.org/local-codes', code: '19' }], null, null], // another system's 19 is not ours
    [[{ system: UK_CORE, code: '119' }], null, null], // malformed: never sliced
  ])(
    'given admitSource %j, then usualPlaceOfResidence %p and admissionSourceCode %p',
    (coding, residence, code) => {
      expect(admittedPayload(admittedFrom(...coding))).toMatchObject({
        usualPlaceOfResidence: residence,
        admissionSourceCode: code,
      });
    },
  );

  it('given no admitSource, then both are null', () => {
    const body = variant('encounter-admitted', (json) => {
      delete (json.hospitalization as Json).admitSource;
    });
    expect(admittedPayload(body)).toMatchObject({ usualPlaceOfResidence: null, admissionSourceCode: null });
  });
});
