import type { AgeBand, HospitalEvent, UsualPlaceOfResidence } from '@homefirst/schemas';
import { PersonStory, ROYAL, at, testNhsNumber } from '../testing/corpus';
import { given } from '../testing/spec';

// ASCOF 2D (from 2024-25), each example worked by hand from DHSC's published definition:
// https://github.com/DataS-DHSC/ASC-CLD-LA-Dashboard/blob/main/ASCOF_measures/ASCOF_2D.sql — people 65+
// discharged alive from acute care (not from a care home or prison), linked to reablement starting 3 days
// before to 7 days after the discharge (part 2), and of those, no death, emergency readmission or new
// residential/nursing placement within 84 days (part 1). The hub's choices: docs/national-measures.md.

const person = (n: number): PersonStory => new PersonStory(testNhsNumber(700 + n));

interface Admission {
  readonly age?: AgeBand | null;
  readonly residence?: UsualPlaceOfResidence | null;
  readonly method?: string | null;
}

/** A v3+ admission: 75-84, from home, emergency unless told otherwise. */
const admitted = (p: PersonStory, when: string, own: Admission = {}): HospitalEvent =>
  p.hospital('PatientAdmitted', at(when), {
    nhsNumber: p.nhsNumber,
    spellId: p.spellId,
    location: ROYAL,
    patientClass: 'INPATIENT',
    admissionMethodCode: own.method === undefined ? '21' : own.method,
    ageBandAtAdmission: own.age === undefined ? 'AGE_75_TO_84' : own.age,
    usualPlaceOfResidence: own.residence === undefined ? 'PRIVATE_RESIDENCE' : own.residence,
    admissionSourceCode: null,
  });

/** Admitted 5 January, discharged home 10 January 2025 (London = UTC in winter). */
const stay = (p: PersonStory, own: Admission = {}): HospitalEvent[] => [
  admitted(p, '2025-01-05T10:00:00Z', own),
  p.discharged('2025-01-10T10:00:00Z'),
];

/** 84 days after 10 January is 4 April: every part 1 outcome is known by June. */
const JUNE = '2025-06-01T12:00:00Z';

describe('ASCOF 2D part 2: discharges of people 65+ and reablement linked to them', () => {
  it('given reablement starting 3 days before, 2 days after, 7 days after, 4 days before and 8 days after discharges, then the first three are linked', () => {
    const people = [0, 1, 2, 3, 4].map(person);
    const starts = [
      '2025-01-07T09:00:00Z', // 3 days before: linked
      '2025-01-12T09:00:00Z', // 2 days after: linked
      '2025-01-17T23:00:00Z', // 7 days after (London date): linked
      '2025-01-06T09:00:00Z', // 4 days before: not linked
      '2025-01-18T09:00:00Z', // 8 days after: not linked
    ];
    const { kpis } = given(
      people.flatMap((p, i) => [...stay(p), p.reablementStarted(starts[i] as string)]),
    ).at(JUNE);
    expect(kpis.ascof.ascof2D.part2).toEqual({
      to: '2025-05-25',
      discharges: 5,
      intoReablement: 3,
      share: 0.6,
    });
  });

  it('given a care-home resident, a prisoner, a person aged 64, a same-day stay and a maternity admission, then none is in the denominator', () => {
    const [home, prison, young, sameDay, maternity, counted] = [
      person(10),
      person(11),
      person(12),
      person(13),
      person(14),
      person(15),
    ];
    const { kpis } = given(
      stay(home, { residence: 'CARE_HOME' }),
      stay(prison, { residence: 'PENAL_ESTABLISHMENT' }),
      stay(young, { age: 'AGE_18_TO_64' }),
      admitted(sameDay, '2025-01-10T08:00:00Z'),
      sameDay.discharged('2025-01-10T18:00:00Z'),
      stay(maternity, { method: '31' }),
      stay(counted),
    ).at(JUNE);
    expect(kpis.ascof.ascof2D.part2.discharges).toBe(1);
  });

  it('given a council placement started before the admission, then the person is taken as in residential care and left out', () => {
    const p = person(20);
    const { kpis } = given(
      p.packageStarted('2024-11-01T10:00:00Z', 'RESIDENTIAL_CARE'),
      stay(p),
      p.reablementStarted('2025-01-11T10:00:00Z'),
    ).at(JUNE);
    expect(kpis.ascof.ascof2D.part2.discharges).toBe(0);
  });

  it('given admissions without an age band (before contract v3), then they are left out and counted as age unknown', () => {
    const [a, b] = [person(30), person(31)];
    const { kpis } = given(stay(a, { age: null }), a.reablementStarted('2025-01-11T10:00:00Z'), stay(b)).at(
      JUNE,
    );
    expect(kpis.ascof.ascof2D.part2.discharges).toBe(1);
    expect(kpis.ascof.ascof2D.ageUnknown).toBe(1);
  });

  it('given a death in hospital or a discharge to another hospital, then they are not discharges of the measure', () => {
    const [died, moved] = [person(40), person(41)];
    const { kpis } = given(
      admitted(died, '2025-01-05T10:00:00Z'),
      died.discharged('2025-01-10T10:00:00Z', 'P0', 'DD79_DIED'),
      admitted(moved, '2025-01-05T10:00:00Z'),
      moved.discharged('2025-01-10T10:00:00Z', 'P0', 'DD51_NHS_OTHER_HOSPITAL_GENERAL_WARD'),
    ).at(JUNE);
    expect(kpis.ascof.ascof2D.part2.discharges).toBe(0);
  });

  it('given two discharges in one reablement start window, then the reablement goes with the later one only', () => {
    const p = person(50);
    const second = new PersonStory(p.nhsNumber, { spellId: 'V-SECOND' });
    const { kpis } = given(
      stay(p), // discharged 10 January
      admitted(second, '2025-01-11T10:00:00Z'),
      second.discharged('2025-01-13T10:00:00Z'),
      p.reablementStarted('2025-01-12T10:00:00Z'), // 2 days after the first, 1 before the second
    ).at(JUNE);
    expect(kpis.ascof.ascof2D.part2).toMatchObject({ discharges: 2, intoReablement: 1 });
  });
});

describe('ASCOF 2D part 1: still in the community 84 days after discharge into reablement', () => {
  it('given reablement 2 days after discharge and an emergency readmission on day 50, then linked but not a success', () => {
    const p = person(60);
    const again = new PersonStory(p.nhsNumber, { spellId: 'V-READMIT' });
    const { kpis } = given(
      stay(p),
      p.reablementStarted('2025-01-12T10:00:00Z'),
      admitted(again, '2025-03-01T10:00:00Z'), // 50 days after 10 January
      again.discharged('2025-03-04T10:00:00Z'),
    ).at(JUNE);
    expect(kpis.ascof.ascof2D.part1).toEqual({
      to: '2025-03-09',
      intoReablement: 1,
      remainedInCommunity: 0,
      share: 0,
      died: 0,
      readmitted: 1,
      placedInCareHome: 0,
    });
  });

  it('given an elective readmission, a same-day emergency visit and an emergency readmission on day 85, then the person remained in the community', () => {
    const p = person(70);
    const elective = new PersonStory(p.nhsNumber, { spellId: 'V-ELECTIVE' });
    const sameDay = new PersonStory(p.nhsNumber, { spellId: 'V-SAMEDAY' });
    const late = new PersonStory(p.nhsNumber, { spellId: 'V-LATE' });
    const { kpis } = given(
      stay(p),
      p.reablementStarted('2025-01-11T10:00:00Z'),
      admitted(elective, '2025-02-01T10:00:00Z', { method: '11' }),
      elective.discharged('2025-02-03T10:00:00Z'),
      admitted(sameDay, '2025-02-10T10:00:00Z'),
      sameDay.discharged('2025-02-10T16:00:00Z'),
      admitted(late, '2025-04-05T10:00:00Z'), // 85 days after 10 January
    ).at(JUNE);
    expect(kpis.ascof.ascof2D.part1).toMatchObject({ intoReablement: 1, remainedInCommunity: 1, share: 1 });
  });

  it('given a death on day 60 and, for another person, a residential placement on day 30, then neither is a success', () => {
    const [died, placed, home] = [person(80), person(81), person(82)];
    const { kpis } = given(
      [died, placed, home].flatMap((p) => [...stay(p), p.reablementStarted('2025-01-11T10:00:00Z')]),
      died.died('2025-03-11T10:00:00Z'), // 60 days after 10 January
      placed.packageStarted('2025-02-09T10:00:00Z', 'NURSING_CARE'), // 30 days after
    ).at(JUNE);
    expect(kpis.ascof.ascof2D.part1).toMatchObject({
      intoReablement: 3,
      remainedInCommunity: 1,
      share: 0.33,
      died: 1,
      placedInCareHome: 1,
    });
  });

  it('given fewer than 84 days since the discharge, then part 2 counts it and part 1 does not yet', () => {
    const p = person(90);
    const { kpis } = given(stay(p), p.reablementStarted('2025-01-11T10:00:00Z')).at('2025-03-01T12:00:00Z');
    expect(kpis.ascof.ascof2D.part2).toMatchObject({ discharges: 1, intoReablement: 1 });
    expect(kpis.ascof.ascof2D.part1).toMatchObject({ intoReablement: 0, share: null });
  });
});
