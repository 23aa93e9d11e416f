import { readModels } from '@homefirst/schemas';
import { PersonStory, testNhsNumber } from '../testing/corpus';
import { given } from '../testing/spec';

// The projector's 'sitrep' KPI hash, read back through schemas' sitrepReturnView: the acute discharge sitrep
// (https://www.england.nhs.uk/statistics/statistical-work-areas/discharge-delays/acute-discharge-situation-report/)
// from hospital events, computed by hand.

const M = readModels.SITREP_METRICS;
const person = (n: number, trust?: string): PersonStory =>
  new PersonStory(testNhsNumber(700 + n), trust === undefined ? {} : { trust });

describe('the sitrep KPI hash', () => {
  const [a, b, c, d] = [person(0), person(1), person(2), person(3)];
  const e = person(4, 'RBQ');
  const { snapshot } = given(
    // a: ready 3 March, discharged 6 March → remaining the 3rd to the 5th, discharged the 6th.
    a.admitted('2025-03-01T10:00:00Z'),
    a.ready('2025-03-03T10:00:00Z'),
    a.discharged('2025-03-06T15:00:00Z', 'P1'),
    // b: admitted 1 March, declared ready on the 5th with a DRD of the 4th, still waiting.
    b.admitted('2025-03-01T10:00:00Z'),
    b.ready('2025-03-05T09:00:00Z', { drd: '2025-03-04' }),
    // c: ready 8th, meets the criteria again on the 10th, then leaves on the 11th → not a sitrep discharge.
    c.admitted('2025-03-07T10:00:00Z'),
    c.ready('2025-03-08T10:00:00Z'),
    c.withdrawn('2025-03-10T10:00:00Z'),
    c.discharged('2025-03-11T10:00:00Z', 'P0'),
    // d: ready 12th, dies on the 13th → remaining on the 12th only, never discharged.
    d.admitted('2025-03-10T10:00:00Z'),
    d.ready('2025-03-12T10:00:00Z'),
    d.died('2025-03-13T10:00:00Z'),
    // e, at another trust: ready and discharged on the 14th.
    e.admitted('2025-03-13T10:00:00Z'),
    e.ready('2025-03-14T09:00:00Z'),
    e.discharged('2025-03-14T16:00:00Z', 'P0'),
  );
  const { lines } = readModels.sitrepReturnView(snapshot.kpis.sitrep, {
    from: '2025-03-01',
    to: '2025-03-16',
  });
  const value = (period: string, metric: string, org = 'REM'): number | undefined =>
    lines.find((l) => l.period === period && l.metric === metric && l.orgCode === org)?.value;

  it.each([
    ['2025-03-03', 1, 0, 1],
    ['2025-03-05', 2, 0, 2],
    ['2025-03-06', 2, 1, 1],
    ['2025-03-09', 2, 0, 2], // b and c
    ['2025-03-11', 1, 0, 1], // c left meeting the criteria: not counted
    ['2025-03-12', 2, 0, 2], // b and d
    ['2025-03-13', 1, 0, 1], // d died: not a discharge
  ] as const)(
    'given the March events, then on %s NCTR %i, discharged %i, remaining %i',
    (day, n, dis, rem) => {
      expect([value(day, M.nctr), value(day, M.discharged), value(day, M.remaining)]).toEqual([n, dis, rem]);
    },
  );

  it('given a person ready and discharged the same day at another trust, then that trust has NCTR 1, discharged 1', () => {
    expect([value('2025-03-14', M.nctr, 'RBQ'), value('2025-03-14', M.discharged, 'RBQ')]).toEqual([1, 1]);
    expect(value('2025-03-14', M.remaining, 'RBQ')).toBe(0);
  });

  it('given b on Sunday 16 March (stayed 15 days, 12 past the DRD), then the week commencing the 10th has 12, 12, 0', () => {
    expect([
      value('2025-03-10', M.additional7),
      value('2025-03-10', M.additional14),
      value('2025-03-10', M.additional21),
    ]).toEqual([12, 12, 0]);
  });
});
