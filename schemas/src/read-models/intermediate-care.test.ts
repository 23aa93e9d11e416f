import {
  intermediateCareContribution,
  intermediateCareView,
  type IntermediateCarePeriod,
} from './intermediate-care';

// Given/when/then specs of the intermediate-care measures, with examples computed by hand from:
// - NHS England, Intermediate Care Data Collection (people received into services, length of stay in
//   services): https://www.england.nhs.uk/statistics/statistical-work-areas/intermediate-care/
// - NICE QS173 statement 2 (adults accepted for bed-based intermediate care start within 2 days of referral;
//   a) from hospital, b) from the community):
//   https://www.nice.org.uk/guidance/qs173/chapter/quality-statement-2-starting-bed-based-intermediate-care

const LIVERPOOL = 'E08000012';
const SEFTON = 'E08000014';

/** The hash the projector writes for these periods. */
const hashOf = (periods: Partial<IntermediateCarePeriod>[]): Record<string, number> => {
  const hash: Record<string, number> = {};
  for (const period of periods)
    for (const [field, amount] of intermediateCareContribution({
      council: LIVERPOOL,
      setting: 'HOME',
      startDay: '2025-03-01',
      endDay: null,
      referralDay: null,
      route: 'HOSPITAL',
      ...period,
    }))
      hash[field] = (hash[field] ?? 0) + amount;
  return hash;
};

describe('people received into intermediate care (ICDC "received into services")', () => {
  it('given 3 starts at home (P1) and 1 in a bed (P2) in March and 1 at home in April, when March is asked, then 3 home and 1 bed, 4 in all', () => {
    const hash = hashOf([
      { startDay: '2025-03-03' },
      { startDay: '2025-03-10' },
      { startDay: '2025-03-31' },
      { startDay: '2025-03-12', setting: 'BED_BASED', referralDay: '2025-03-11' },
      { startDay: '2025-04-01' },
    ]);
    const view = intermediateCareView(hash, { from: '2025-03-01', to: '2025-03-31' });
    expect(view.received).toEqual({
      total: 4,
      bySetting: [
        { setting: 'HOME', count: 3 },
        { setting: 'BED_BASED', count: 1 },
      ],
    });
  });

  it("given starts for two councils, when one council's figures are asked, then only its people count", () => {
    const hash = hashOf([{}, {}, { council: SEFTON }]);
    expect(intermediateCareView(hash, {}, SEFTON).received.total).toBe(1);
    expect(intermediateCareView(hash, {}, LIVERPOOL).received.total).toBe(2);
    expect(intermediateCareView(hash, {}).received.total).toBe(3);
  });
});

describe('length of stay in services (ICDC), ended periods by setting', () => {
  it('given bed stays of 10, 14, 21 and 35 days ended in March, then mean (10+14+21+35)/4 = 20 and median (14+21)/2 = 17.5', () => {
    const bed = (startDay: string, endDay: string): Partial<IntermediateCarePeriod> => ({
      setting: 'BED_BASED',
      startDay,
      endDay,
      referralDay: startDay,
    });
    const hash = hashOf([
      bed('2025-02-20', '2025-03-02'), // 10 days
      bed('2025-03-01', '2025-03-15'), // 14 days
      bed('2025-03-05', '2025-03-26'), // 21 days
      bed('2025-02-24', '2025-03-31'), // 35 days
      { startDay: '2025-03-01', endDay: '2025-03-08' }, // at home, 7 days
      { startDay: '2025-03-20' }, // at home, still going: no length of stay yet
    ]);
    const view = intermediateCareView(hash, { from: '2025-03-01', to: '2025-03-31' });
    expect(view.lengthOfStay).toEqual([
      { setting: 'HOME', ended: 1, meanDays: 7, medianDays: 7 },
      { setting: 'BED_BASED', ended: 4, meanDays: 20, medianDays: 17.5 },
    ]);
  });

  it('given a period that ended on the day it started, then its length of stay is 0 days; given none ended, then null', () => {
    const view = intermediateCareView(hashOf([{ startDay: '2025-03-04', endDay: '2025-03-04' }]), {});
    expect(view.lengthOfStay[0]).toEqual({ setting: 'HOME', ended: 1, meanDays: 0, medianDays: 0 });
    expect(view.lengthOfStay[1]).toEqual({
      setting: 'BED_BASED',
      ended: 0,
      meanDays: null,
      medianDays: null,
    });
  });
});

describe('NICE QS173 statement 2: starting bed-based intermediate care within 2 days of referral', () => {
  it('given 4 bed starts from hospital 0, 2, 3 and 5 days after referral and 1 from the community after 1 day, then 3 of 5 within 2 days (0.6); from hospital 2 of 4 (0.5), from the community 1 of 1', () => {
    const bed = (referralDay: string, startDay: string, route: IntermediateCarePeriod['route']) => ({
      setting: 'BED_BASED' as const,
      referralDay,
      startDay,
      route,
    });
    const hash = hashOf([
      bed('2025-03-10', '2025-03-10', 'HOSPITAL'), // 0 days
      bed('2025-03-10', '2025-03-12', 'HOSPITAL'), // 2 days: within
      bed('2025-03-10', '2025-03-13', 'HOSPITAL'), // 3 days
      bed('2025-03-10', '2025-03-15', 'HOSPITAL'), // 5 days
      bed('2025-03-20', '2025-03-21', 'COMMUNITY'), // 1 day
      { setting: 'HOME', referralDay: '2025-03-01', startDay: '2025-03-20' }, // at home: not in QS173
    ]);
    const { bedBasedStartWithin2Days: qs173 } = intermediateCareView(hash, {});
    expect(qs173).toEqual({
      started: 5,
      within2Days: 3,
      share: 0.6,
      medianDaysFromReferral: 2, // 0, 1, 2, 3, 5
      byRoute: [
        { route: 'HOSPITAL', started: 4, within2Days: 2, share: 0.5 },
        { route: 'COMMUNITY', started: 1, within2Days: 1, share: 1 },
        { route: 'UNKNOWN', started: 0, within2Days: 0, share: null },
      ],
    });
  });

  it('given a bed start on 1 April referred on 30 March, when March is asked, then it counts in April (the start day), not March', () => {
    const hash = hashOf([{ setting: 'BED_BASED', referralDay: '2025-03-30', startDay: '2025-04-01' }]);
    expect(intermediateCareView(hash, { to: '2025-03-31' }).bedBasedStartWithin2Days.started).toBe(0);
    expect(intermediateCareView(hash, { from: '2025-04-01' }).bedBasedStartWithin2Days).toMatchObject({
      started: 1,
      within2Days: 1,
    });
  });
});
