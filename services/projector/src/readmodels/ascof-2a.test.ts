import { PersonStory, testNhsNumber } from '../testing/corpus';
import { given } from '../testing/spec';

// ASCOF 2A (today's numbering), each example worked by hand from DHSC's published definition:
// https://github.com/DataS-DHSC/ASC-CLD-LA-Dashboard/blob/main/ASCOF_measures/Create_ASCOF_2A_2425_Onwards.sql
// — reablement (ST-Max) episodes of new clients (no long-term support before) ending in the period, events at
// most 7 days apart making one episode; the share whose sequel is not long-term support. Deaths, admissions
// to hospital and sequels that cannot be classified are outside the measure. Hub choices:
// docs/national-measures.md.

const person = (n: number): PersonStory => new PersonStory(testNhsNumber(800 + n));

/** Reablement 1-28 March 2025 (GMT), ending with `outcome`. */
const reablement = (p: PersonStory, outcome: Parameters<PersonStory['reablementEnded']>[1]) => [
  p.reablementStarted('2025-03-01T10:00:00Z'),
  p.reablementEnded('2025-03-28T10:00:00Z', outcome),
];

const APRIL = '2025-04-30T12:00:00Z';

describe('ASCOF 2A: reablement episodes of new clients whose sequel is not long-term support', () => {
  it('given outcomes no ongoing support, low-level support and long-term support, then two of three count', () => {
    const [a, b, c] = [person(0), person(1), person(2)];
    const { kpis } = given(
      reablement(a, 'NO_ONGOING_SUPPORT'),
      reablement(b, 'ONGOING_LOW_LEVEL_SUPPORT'),
      reablement(c, 'LONG_TERM_SUPPORT'),
    ).at(APRIL);
    expect(kpis.ascof.ascof2A).toEqual({
      to: '2025-04-23',
      episodes: 3,
      notLongTermSupport: 2,
      share: 0.67,
      deceased: 0,
      admittedToHospital: 0,
      unclassified: 0,
      notNewClient: 0,
    });
  });

  it('given home care starting 5 days after reablement that ended with no ongoing support, then the sequel is long-term support', () => {
    const p = person(10);
    const { kpis } = given(
      reablement(p, 'NO_ONGOING_SUPPORT'),
      p.packageStarted('2025-04-02T10:00:00Z', 'HOME_CARE'),
    ).at(APRIL);
    expect(kpis.ascof.ascof2A).toMatchObject({ episodes: 1, notLongTermSupport: 0 });
  });

  it('given home care that started before the reablement, then the person is not a new client and is left out', () => {
    const p = person(20);
    const { kpis } = given(
      p.packageStarted('2024-10-01T10:00:00Z', 'HOME_CARE'),
      reablement(p, 'NO_ONGOING_SUPPORT'),
    ).at(APRIL);
    expect(kpis.ascof.ascof2A).toMatchObject({ episodes: 0, notNewClient: 1 });
  });

  it('given two reablement periods 5 days apart, then they are one episode with the later outcome', () => {
    const p = person(30);
    const { kpis } = given(
      p.reablementStarted('2025-03-01T10:00:00Z'),
      p.reablementEnded('2025-03-10T10:00:00Z', 'ADMITTED_TO_HOSPITAL'),
      p.reablementStarted('2025-03-15T10:00:00Z'),
      p.reablementEnded('2025-03-28T10:00:00Z', 'NO_ONGOING_SUPPORT'),
    ).at(APRIL);
    expect(kpis.ascof.ascof2A).toMatchObject({ episodes: 1, notLongTermSupport: 1, admittedToHospital: 0 });
  });

  it('given a death 6 days after the end, an admission to hospital and an outcome OTHER, then all three are outside the measure', () => {
    const [died, admitted, other] = [person(40), person(41), person(42)];
    const { kpis } = given(
      reablement(died, 'NO_ONGOING_SUPPORT'),
      died.died('2025-04-03T10:00:00Z'),
      reablement(admitted, 'ADMITTED_TO_HOSPITAL'),
      reablement(other, 'OTHER'),
    ).at(APRIL);
    expect(kpis.ascof.ascof2A).toMatchObject({
      episodes: 0,
      share: null,
      deceased: 1,
      admittedToHospital: 1,
      unclassified: 1,
    });
  });

  it('given an episode that ended 5 days ago, then it is not counted until its 7-day sequel window has passed', () => {
    const p = person(50);
    const events = reablement(p, 'NO_ONGOING_SUPPORT');
    expect(given(events).at('2025-04-02T12:00:00Z').kpis.ascof.ascof2A.episodes).toBe(0);
    expect(given(events).at('2025-04-04T12:00:00Z').kpis.ascof.ascof2A.episodes).toBe(1);
  });
});
