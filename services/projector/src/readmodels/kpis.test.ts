import { readModels } from '@homefirst/schemas';
import { AINTREE, PersonStory, ROYAL, testNhsNumber } from '../testing/corpus';
import { given } from '../testing/spec';

// Flow KPIs: NCTR census, discharges by pathway against local targets, DRD timeliness, excess bed days, reablement,
// 91-day outcomes, intermediate-care stays, the sitrep CSV.

const person = (n: number, location = ROYAL): PersonStory =>
  new PersonStory(testNhsNumber(300 + n), { location });

describe('flow KPIs: census, pathways and excess bed days', () => {
  it('given people becoming ready and leaving, then the daily NCTR count is taken at the end of each London day', () => {
    const a = person(0);
    const b = person(1, AINTREE);
    const { kpis } = given(
      a.admitted('2025-03-01T10:00:00Z'),
      a.ready('2025-03-03T10:00:00Z'),
      a.discharged('2025-03-05T09:00:00Z'),
      b.admitted('2025-03-01T10:00:00Z'),
      b.ready('2025-03-04T23:30:00Z'),
    ).at('2025-03-06T12:00:00Z');
    expect(kpis.nctrDaily).toEqual([
      { date: '2025-03-03', count: 1 },
      { date: '2025-03-04', count: 2 },
      { date: '2025-03-05', count: 1 },
      { date: '2025-03-06', count: 1 },
    ]);
    expect(kpis.nctrNow).toBe(1);
  });

  it('given a BST evening, then readiness at 23:30 London time counts on that London day', () => {
    const a = person(2);
    const { kpis } = given(a.ready('2025-07-01T22:30:00Z', { drd: '2025-07-01' })).at('2025-07-02T12:00:00Z');
    expect(kpis.nctrDaily[0]).toEqual({ date: '2025-07-01', count: 1 });
  });

  it("given discharges on each pathway, then shares are set against the system's own targets — none unless configured (the 50/45/4/1 split was withdrawn)", () => {
    const people = [0, 1, 2, 3].map((n) => person(10 + n));
    const pathways = ['P0', 'P0', 'P1', 'P2'] as const;
    const discharges = given(
      people.flatMap((p, i) => [
        p.admitted('2025-03-01T10:00:00Z'),
        p.discharged('2025-03-02T10:00:00Z', pathways[i]),
      ]),
    );
    const { kpis } = discharges.at('2025-03-03T12:00:00Z');
    expect(kpis.dischargesByPathway.total).toBe(4);
    expect(kpis.dischargesByPathway.rows.slice(0, 4)).toEqual([
      { pathway: 'P0', count: 2, share: 0.5, targetShare: null },
      { pathway: 'P1', count: 1, share: 0.25, targetShare: null },
      { pathway: 'P2', count: 1, share: 0.25, targetShare: null },
      { pathway: 'P3', count: 0, share: 0, targetShare: null },
    ]);
    const local = discharges.at('2025-03-03T12:00:00Z', { pathwayTargets: { P0: 0.6, P1: 0.3, P3: 0.02 } });
    expect(local.kpis.dischargesByPathway.rows.map((r) => r.targetShare)).toEqual([
      0.6,
      0.3,
      null,
      0.02,
      null,
    ]);
  });

  it('given discharges after stays of a night or more, then DRD timeliness counts the final DRD, a stay without one as 0 days, and leaves out same-day stays', () => {
    const [a, b, c, d] = [person(30), person(31), person(32), person(33)];
    const { snapshot } = given(
      // a: ready 2 March, discharged 5 March → 3 days after the DRD.
      a.admitted('2025-03-01T10:00:00Z'),
      a.ready('2025-03-02T09:00:00Z', { pathway: 'P1' }),
      a.discharged('2025-03-05T15:00:00Z', 'P1'),
      // b: ready, met the criteria again, discharged without a new DRD → 0 days, no DRD.
      b.admitted('2025-03-01T10:00:00Z'),
      b.ready('2025-03-02T09:00:00Z', { pathway: 'P1' }),
      b.withdrawn('2025-03-03T09:00:00Z'),
      b.discharged('2025-03-06T15:00:00Z', 'P1'),
      // c: admitted and discharged the same day → not in the measure.
      c.admitted('2025-03-04T08:00:00Z'),
      c.discharged('2025-03-04T18:00:00Z', 'P0'),
      // d: ready on 1 March, criteria met again, ready again 10 March (the final DRD), discharged 12 March → 2 days.
      d.admitted('2025-02-27T10:00:00Z'),
      d.ready('2025-03-01T09:00:00Z', { pathway: 'P1' }),
      d.withdrawn('2025-03-02T09:00:00Z'),
      d.ready('2025-03-10T09:00:00Z', { pathway: 'P1' }),
      d.discharged('2025-03-12T15:00:00Z', 'P1'),
    );
    const { total } = readModels.drdTimelinessView(snapshot.kpis.drd);
    expect(total).toMatchObject({ discharged: 3, withoutDrd: 1, meanDaysAfterDrd: 1.67 });
    expect(total.bands.filter((band) => band.stays > 0)).toEqual([
      { band: '0', stays: 1, share: 0.33, bedDays: 0 },
      { band: '2-3', stays: 2, share: 0.67, bedDays: 5 },
    ]);
  });

  it('given a discharge three days after the DRD and one person still waiting two days, then excess bed days and cost add up', () => {
    const a = person(20);
    const b = person(21);
    const { kpis } = given(
      a.ready('2025-03-01T09:00:00Z', {
        delay: { reason: 'AWAITING_P3_CARE_HOME_BED', attribution: 'SOCIAL_CARE' },
      }),
      a.discharged('2025-03-04T15:00:00Z', 'P3', 'DD56_CARE_HOME_WITHOUT_NURSING'),
      b.ready('2025-03-08T09:00:00Z'),
    ).at('2025-03-10T12:00:00Z', { bedDayCostGbp: 400 });
    expect(kpis.excessBedDays).toEqual({
      discharged: 3,
      waiting: 2,
      total: 5,
      costGbp: 2000,
      dischargedByAttribution: { SOCIAL_CARE: 3 },
    });
  });
});

describe('flow KPIs: after discharge, intermediate care and the sitrep', () => {
  it('given reablement periods ended, then the share needing no ongoing support is reported', () => {
    const people = [0, 1, 2, 3].map((n) => person(30 + n));
    const outcomes = [
      'NO_ONGOING_SUPPORT',
      'NO_ONGOING_SUPPORT',
      'NO_ONGOING_SUPPORT',
      'LONG_TERM_SUPPORT',
    ] as const;
    const { kpis } = given(
      people.flatMap((p, i) => [
        p.referred('2025-03-01T10:00:00Z'),
        p.reablementStarted('2025-03-03T10:00:00Z'),
        p.reablementEnded('2025-04-01T10:00:00Z', outcomes[i]),
      ]),
    ).at('2025-04-02T12:00:00Z');
    expect(kpis.reablement).toEqual({
      ended: 4,
      noOngoingSupport: 3,
      shareNoOngoingSupport: 0.75,
      byOutcome: { NO_ONGOING_SUPPORT: 3, LONG_TERM_SUPPORT: 1 },
    });
  });

  describe('still at home 91 days after discharge into reablement', () => {
    const home = person(40);
    const readmitted = person(41);
    const again = new PersonStory(readmitted.nhsNumber, { spellId: 'V-READMIT' });
    const notReablement = person(42);
    const events = [
      ...[home, readmitted, notReablement].flatMap((p) => [
        p.admitted('2025-01-01T10:00:00Z'),
        p.discharged('2025-01-06T10:00:00Z'),
      ]),
      home.reablementStarted('2025-01-07T10:00:00Z'),
      readmitted.reablementStarted('2025-01-06T12:00:00Z'),
      again.admitted('2025-02-25T10:00:00Z'),
    ];

    it('given one at home and one back in hospital at day 91, then half are still at home', () => {
      expect(given(events).at('2025-04-10T12:00:00Z').kpis.stillAtHome91).toEqual({
        eligible: 2,
        atHome: 1,
        share: 0.5,
      });
    });

    it('given fewer than 91 days have passed, then nobody is counted yet', () => {
      expect(given(events).at('2025-04-05T12:00:00Z').kpis.stillAtHome91).toEqual({
        eligible: 0,
        atHome: 0,
        share: null,
      });
    });
  });

  it('given bed-based intermediate-care stays, then their mean length of stay is reported', () => {
    const a = person(50);
    const b = person(51);
    const { kpis } = given(
      a.reablementStarted('2025-03-01T10:00:00Z', 'BED_BASED'),
      a.reablementEnded('2025-03-15T10:00:00Z'),
      b.reablementStarted('2025-03-01T10:00:00Z', 'BED_BASED'),
      b.reablementEnded('2025-03-11T10:00:00Z'),
    ).at('2025-03-20T12:00:00Z');
    expect(kpis.intermediateCare).toEqual({ stays: 2, meanLengthOfStayDays: 12 });
  });

  it('given a day of activity, then the sitrep CSV has a row per site and an ALL row', () => {
    const a = person(60);
    const b = person(61, AINTREE);
    const c = person(62, AINTREE);
    const { sitrepCsv } = given(
      [a, b, c].map((p) => p.admitted('2025-03-01T10:00:00Z')),
      a.ready('2025-03-02T10:00:00Z', { delay: { reason: 'AWAITING_TRANSPORT', attribution: 'NHS' } }),
      b.ready('2025-03-02T10:00:00Z', { pathway: 'P1' }),
      c.ready('2025-03-01T10:00:00Z', { pathway: 'P0' }),
      c.discharged('2025-03-03T15:00:00Z', 'P0'),
    ).at('2025-03-03T20:00:00Z');
    const [header, ...rows] = sitrepCsv.trim().split('\n');
    const column = (name: string): number => header?.split(',').indexOf(name) ?? -1;
    const cells = rows.map((row) => row.split(','));
    expect(cells.map((row) => row[1])).toEqual(['REM01', 'REM02', 'ALL']);
    const all = cells[2] ?? [];
    expect(all[column('date')]).toBe('2025-03-03');
    expect(all[column('nctr_patients')]).toBe('2');
    expect(all[column('discharged')]).toBe('1');
    expect(all[column('discharged_p0')]).toBe('1');
    expect(all[column('excess_bed_days_of_discharged')]).toBe('2');
    expect(all[column('excess_cost_gbp')]).toBe('800');
    expect(all[column('nctr_awaiting_transport')]).toBe('1');
    expect(all[column('nctr_awaiting_referral_to_transfer_hub')]).toBe('1');
  });
});
