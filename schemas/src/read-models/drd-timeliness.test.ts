import {
  drdBandOf,
  drdContribution,
  drdTimelinessCsv,
  drdTimelinessView,
  type DrdBand,
} from './drd-timeliness';

// Given/when/then specs of the DRD timeliness measure (NHS England, "Discharge delays — Discharge Ready Date",
// https://www.england.nhs.uk/statistics/statistical-work-areas/discharge-delays/), with examples computed by hand.

describe('drdBandOf: the published delay bands', () => {
  it.each([
    [0, '0'],
    [1, '1'],
    [2, '2-3'],
    [3, '2-3'],
    [4, '4-6'],
    [6, '4-6'],
    [7, '7-13'],
    [13, '7-13'],
    [14, '14-20'],
    [20, '14-20'],
    [21, '21+'],
    [90, '21+'],
  ] as const)('given %i days from DRD to discharge, then band %s', (days, band) => {
    expect(drdBandOf(days)).toBe(band);
  });
});

/** The hash the projector writes for these stays. */
const hashOf = (
  stays: { day: string; trust?: string; site?: string; pathway?: string; daysAfterDrd: number | null }[],
): Record<string, number> => {
  const hash: Record<string, number> = {};
  for (const stay of stays)
    for (const [field, amount] of drdContribution({ trust: 'RXN', site: 'RXN02', pathway: 'P1', ...stay }))
      hash[field] = (hash[field] ?? 0) + amount;
  return hash;
};

describe('drdTimelinessView', () => {
  // By hand: 5 discharges in March — on the DRD (0), 1 day, 3 days, 25 days, and one with no DRD (0, flagged).
  // On the DRD: 2 of 5 = 40%. Bed days after DRD: 0 + 1 + 3 + 25 + 0 = 29. Mean over all: 29 / 5 = 5.8;
  // over the delayed (1, 3, 25): 29 / 3 = 9.67. Bands: 0 → 2 (40%), 1 → 1 (20%, 1 bed day),
  // 2-3 → 1 (20%, 3), 21+ → 1 (20%, 25), the rest 0.
  const march = hashOf([
    { day: '2025-03-03', daysAfterDrd: 0 },
    { day: '2025-03-04', daysAfterDrd: 1 },
    { day: '2025-03-10', daysAfterDrd: 3 },
    { day: '2025-03-28', daysAfterDrd: 25 },
    { day: '2025-03-31', daysAfterDrd: null },
  ]);

  it('given five March discharges, then the shares, bed days and both means are as computed by hand', () => {
    const { rows, total } = drdTimelinessView(march);
    expect(rows).toHaveLength(1);
    expect(total).toMatchObject({
      discharged: 5,
      shareOnDrd: 0.4,
      meanDaysAfterDrd: 5.8,
      meanDaysAfterDrdDelayed: 9.67,
      withoutDrd: 1,
    });
    const band = (b: DrdBand) => total.bands.find((x) => x.band === b);
    expect(band('0')).toEqual({ band: '0', stays: 2, share: 0.4, bedDays: 0 });
    expect(band('1')).toEqual({ band: '1', stays: 1, share: 0.2, bedDays: 1 });
    expect(band('2-3')).toEqual({ band: '2-3', stays: 1, share: 0.2, bedDays: 3 });
    expect(band('21+')).toEqual({ band: '21+', stays: 1, share: 0.2, bedDays: 25 });
    expect(band('7-13')).toEqual({ band: '7-13', stays: 0, share: 0, bedDays: 0 });
    expect(rows[0]).toMatchObject({ month: '2025-03', trust: 'RXN', site: 'RXN02', pathway: 'P1' });
  });

  it('given discharges in two months and two pathways, then a row per month and pathway, and a range keeps only its days', () => {
    const hash = {
      ...march,
      ...hashOf([{ day: '2025-04-01', pathway: 'P3', daysAfterDrd: 8 }]),
    };
    const { rows } = drdTimelinessView(hash);
    expect(rows.map((r) => [r.month, r.pathway, r.discharged])).toEqual([
      ['2025-03', 'P1', 5],
      ['2025-04', 'P3', 1],
    ]);
    expect(drdTimelinessView(hash, { from: '2025-03-10', to: '2025-03-31' }).total).toMatchObject({
      discharged: 3,
      withoutDrd: 1,
    });
  });

  it('given every discharge on its DRD, then no mean over delayed discharges (there are none)', () => {
    const { total } = drdTimelinessView(hashOf([{ day: '2025-03-03', daysAfterDrd: 0 }]));
    expect(total).toMatchObject({ shareOnDrd: 1, meanDaysAfterDrd: 0, meanDaysAfterDrdDelayed: null });
  });

  it('given no discharges, then empty figures, not zeros that look measured', () => {
    expect(drdTimelinessView({}).total).toMatchObject({
      discharged: 0,
      shareOnDrd: null,
      meanDaysAfterDrd: null,
    });
  });
});

describe('drdTimelinessCsv', () => {
  it('given a month of discharges, then a header, a line per group and an ALL line, bands across', () => {
    const csv = drdTimelinessCsv(
      drdTimelinessView(
        hashOf([
          { day: '2025-03-03', daysAfterDrd: 0 },
          { day: '2025-03-04', daysAfterDrd: 4 },
        ]),
      ),
    );
    const [header, group, all, end] = csv.split('\r\n');
    expect(header).toBe(
      'month,trust,site,pathway,discharged,share_on_drd,mean_days_after_drd,mean_days_after_drd_delayed,without_drd,' +
        'stays_0,share_0,bed_days_0,stays_1,share_1,bed_days_1,stays_2-3,share_2-3,bed_days_2-3,' +
        'stays_4-6,share_4-6,bed_days_4-6,stays_7-13,share_7-13,bed_days_7-13,stays_14-20,share_14-20,bed_days_14-20,' +
        'stays_21+,share_21+,bed_days_21+',
    );
    expect(group).toBe('2025-03,RXN,RXN02,P1,2,0.5,2,4,0,1,0.5,0,0,0,0,0,0,0,1,0.5,4,0,0,0,0,0,0,0,0,0');
    expect(all?.startsWith('ALL,ALL,ALL,ALL,2,0.5,')).toBe(true);
    expect(end).toBe('');
  });
});
