import { readModels } from '@homefirst/schemas';
import { PersonStory, testNhsNumber } from '../testing/corpus';
import { given } from '../testing/spec';

// The projector's `icare` KPI contributions, read through readModels.intermediateCareView, from council events:
// people received into P1 reablement at home and P2 beds (ReablementStarted by setting), length of stay of
// ended periods (NHS England Intermediate Care Data Collection,
// https://www.england.nhs.uk/statistics/statistical-work-areas/intermediate-care/), and NICE QS173 statement 2
// (https://www.nice.org.uk/guidance/qs173/chapter/quality-statement-2-starting-bed-based-intermediate-care):
// days from the request for the bed (else the council referral) to the bed-based start. Counted by hand.

const person = (n: number, council?: string): PersonStory =>
  new PersonStory(testNhsNumber(700 + n), council === undefined ? {} : { council });

describe('intermediate care from council events', () => {
  it('given a P1 home start, a P2 bed requested 3 days after referral and started 2 days after the request, and a bed with no request, then 1 home and 2 beds received; lengths of stay by setting; QS173 counts from the bed request', () => {
    const [home, bed, direct] = [person(0), person(1), person(2)];
    const { snapshot } = given(
      // home: referred 1 March, reablement at home 3 → 17 March (14 days).
      home.referred('2025-03-01T10:00:00Z', 'P1'),
      home.reablementStarted('2025-03-03T10:00:00Z', 'HOME'),
      home.reablementEnded('2025-03-17T10:00:00Z'),
      // bed: referred 1 March, bed requested 4 March, started 6 March (2 days after the request: within),
      // ended 26 March (20 days).
      bed.referred('2025-03-01T10:00:00Z', 'P2'),
      bed.packageRequested('2025-03-04T09:00:00Z', 'REABLEMENT_BED'),
      bed.reablementStarted('2025-03-06T15:00:00Z', 'BED_BASED'),
      bed.reablementEnded('2025-03-26T11:00:00Z'),
      // direct: referred 2 March, no bed request, bed started 7 March (5 days after the referral: late), still in.
      direct.referred('2025-03-02T10:00:00Z', 'P2'),
      direct.reablementStarted('2025-03-07T10:00:00Z', 'BED_BASED'),
    );
    const view = readModels.intermediateCareView(snapshot.kpis.icare, {
      from: '2025-03-01',
      to: '2025-03-31',
    });
    expect(view.received.bySetting).toEqual([
      { setting: 'HOME', count: 1 },
      { setting: 'BED_BASED', count: 2 },
    ]);
    expect(view.lengthOfStay).toEqual([
      { setting: 'HOME', ended: 1, meanDays: 14, medianDays: 14 },
      { setting: 'BED_BASED', ended: 1, meanDays: 20, medianDays: 20 },
    ]);
    expect(view.bedBasedStartWithin2Days).toMatchObject({
      started: 2,
      within2Days: 1,
      share: 0.5,
      medianDaysFromReferral: 3.5, // (2 + 5) / 2
    });
    // The corpus refers people on discharge from hospital: both count in part a) of the measure.
    expect(view.bedBasedStartWithin2Days.byRoute[0]).toEqual({
      route: 'HOSPITAL',
      started: 2,
      within2Days: 1,
      share: 0.5,
    });
  });

  it("given a bed start at 00:30 London time (BST) on 4 July, referred on 1 July, then it is 3 days (London dates, not UTC's 3 July) — not within 2 days; and it counts under the referral's council only", () => {
    const p = person(3, 'E08000014');
    const { snapshot } = given(
      p.referred('2025-07-01T09:00:00Z', 'P2'),
      p.reablementStarted('2025-07-03T23:30:00Z', 'BED_BASED'), // 00:30 on 4 July, London
    );
    const sefton = readModels.intermediateCareView(snapshot.kpis.icare, { from: '2025-07-04' }, 'E08000014');
    expect(sefton.received.total).toBe(1);
    expect(sefton.bedBasedStartWithin2Days).toMatchObject({ started: 1, within2Days: 0, share: 0 });
    expect(readModels.intermediateCareView(snapshot.kpis.icare, {}, 'E08000012').received.total).toBe(0);
  });
});
