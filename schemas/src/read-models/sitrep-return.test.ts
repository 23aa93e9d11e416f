import {
  SITREP_CSV_COLUMNS,
  SITREP_METRICS,
  sitrepContribution,
  sitrepReturnCsv,
  sitrepReturnView,
  type SitrepLine,
  type SitrepOutcome,
} from './sitrep-return';

// Given/when/then specs of the acute discharge sitrep return (NHS England, "Acute discharge situation report",
// https://www.england.nhs.uk/statistics/statistical-work-areas/discharge-delays/acute-discharge-situation-report/;
// technical specification: https://www.england.nhs.uk/publication/acute-discharge-situation-report-technical-specification/),
// with examples computed by hand. The published daily figures satisfy NCTR = discharged + remaining.

interface Episode {
  readonly readyDay: string;
  readonly endDay?: string;
  readonly outcome?: SitrepOutcome;
  readonly drd?: string;
  readonly admittedDay?: string | null;
  readonly trust?: string;
}

/** The hash the projector writes for these episodes. */
const hashOf = (episodes: readonly Episode[]): Record<string, number> => {
  const hash: Record<string, number> = {};
  for (const e of episodes)
    for (const [field, amount] of sitrepContribution({
      readyDay: e.readyDay,
      trust: e.trust ?? 'RXN',
      endDay: e.endDay ?? null,
      outcome: e.outcome ?? 'open',
      dischargeReadyDate: e.drd ?? e.readyDay,
      admittedDay: e.admittedDay === undefined ? '2025-02-01' : e.admittedDay,
    }))
      hash[field] = (hash[field] ?? 0) + amount;
  return hash;
};

const value = (
  lines: readonly SitrepLine[],
  period: string,
  metric: string,
  org = 'RXN',
): number | undefined =>
  lines.find((l) => l.period === period && l.metric === metric && l.orgCode === org)?.value;

// By hand, March 2025 at one trust (Sundays: 2, 9, 16, 23, 30):
// A ready 3rd (DRD 3rd, admitted 20 Feb), discharged 6th → remaining at the end of the 3rd, 4th, 5th (3 days).
// B ready 5th with a DRD back-dated to the 4th, admitted 1st, still waiting → remaining 5th–31st (27 days).
// C ready 8th (admitted 7th), met the criteria again on the 10th → remaining 8th and 9th (2 days).
// D ready and discharged on the 12th → discharged that day, never remaining.
// E ready and criteria met again on the 14th → in no figure.
const march = hashOf([
  { readyDay: '2025-03-03', endDay: '2025-03-06', outcome: 'discharged', admittedDay: '2025-02-20' },
  { readyDay: '2025-03-05', drd: '2025-03-04', admittedDay: '2025-03-01' },
  { readyDay: '2025-03-08', endDay: '2025-03-10', outcome: 'ended', admittedDay: '2025-03-07' },
  { readyDay: '2025-03-12', endDay: '2025-03-12', outcome: 'discharged', admittedDay: '2025-03-10' },
  { readyDay: '2025-03-14', endDay: '2025-03-14', outcome: 'ended' },
]);
const M = SITREP_METRICS;

describe('sitrepReturnView: daily figures', () => {
  const { lines } = sitrepReturnView(march, { from: '2025-03-01', to: '2025-03-31' });

  it.each([
    // day, NCTR, discharged, remaining
    ['2025-03-02', 0, 0, 0],
    ['2025-03-03', 1, 0, 1], // A
    ['2025-03-05', 2, 0, 2], // A, B
    ['2025-03-06', 2, 1, 1], // A discharged, B remains
    ['2025-03-09', 2, 0, 2], // B, C
    ['2025-03-10', 1, 0, 1], // C met the criteria again: in no figure that day
    ['2025-03-12', 2, 1, 1], // D ready and discharged the same day
    ['2025-03-14', 1, 0, 1], // E ready and withdrawn the same day: not counted
    ['2025-03-31', 1, 0, 1],
  ] as const)('given the March episodes, then on %s NCTR %i, discharged %i, remaining %i', (day, n, d, r) => {
    expect(value(lines, day, M.nctr)).toBe(n);
    expect(value(lines, day, M.discharged)).toBe(d);
    expect(value(lines, day, M.remaining)).toBe(r);
  });

  it('given any day, then NCTR is discharged plus remaining, as in the published file', () => {
    const days = lines.filter((l) => l.metric === M.nctr);
    expect(days).toHaveLength(31);
    for (const { period, value: nctr } of days)
      expect(nctr).toBe(
        (value(lines, period, M.discharged) ?? NaN) + (value(lines, period, M.remaining) ?? NaN),
      );
  });

  it('given a range starting mid-stay, then a person already waiting counts from the first day and an earlier discharge does not', () => {
    const view = sitrepReturnView(march, { from: '2025-03-06', to: '2025-03-08' });
    expect(view.lines.filter((l) => l.metric === M.remaining).map((l) => l.value)).toEqual([1, 1, 2]);
    expect(view.lines.filter((l) => l.metric === M.discharged).map((l) => l.value)).toEqual([1, 0, 0]);
  });
});

describe('sitrepReturnView: weekly additional bed days (snapshot at the end of Sunday, week commencing Monday)', () => {
  const { lines } = sitrepReturnView(march, { from: '2025-03-01', to: '2025-03-31' });

  it.each([
    // week commencing, 7+, 14+, 21+
    ['2025-02-24', 0, 0, 0], // Sunday 2nd: nobody waiting
    // Sunday 9th: B has stayed 8 days (1st → 9th), 5 days past the DRD (4th); C has stayed 2 days → only B, 7+.
    ['2025-03-03', 5, 0, 0],
    ['2025-03-10', 12, 12, 0], // Sunday 16th: B stayed 15 days, 12 past the DRD
    ['2025-03-17', 19, 19, 19], // Sunday 23rd: B stayed 22 days, 19 past the DRD
    ['2025-03-24', 26, 26, 26], // Sunday 30th: 29 days, 26 past the DRD
  ] as const)('given the March episodes, then the week commencing %s has %i, %i and %i', (week, a, b, c) => {
    expect(value(lines, week, M.additional7)).toBe(a);
    expect(value(lines, week, M.additional14)).toBe(b);
    expect(value(lines, week, M.additional21)).toBe(c);
  });

  it('given a person with no admission time, then they are in no length-of-stay group but still remaining', () => {
    const view = sitrepReturnView(hashOf([{ readyDay: '2025-03-01', admittedDay: null }]), {
      from: '2025-03-09',
      to: '2025-03-09',
    });
    expect(value(view.lines, '2025-03-03', M.additional7)).toBe(0);
    expect(value(view.lines, '2025-03-09', M.remaining)).toBe(1);
  });
});

describe('sitrepReturnView: monthly delayed bed days and cost', () => {
  it('given March, then delayed bed days are the days remaining (3 + 27 + 2 = 32), cost 32 × £400, daily average 32 / 31', () => {
    const { lines } = sitrepReturnView(march, { from: '2025-03-01', to: '2025-03-31' });
    expect(value(lines, '2025-03-01', M.delayedBedDays)).toBe(32);
    expect(value(lines, '2025-03-01', M.delayedCost)).toBe(12_800);
    expect(value(lines, '2025-03-01', M.dailyAverageRemaining)).toBe(1.03);
  });

  it('given a configured bed-day cost, then the cost uses it', () => {
    const { lines } = sitrepReturnView(
      march,
      { from: '2025-03-01', to: '2025-03-31' },
      { bedDayCostGbp: 562 },
    );
    expect(value(lines, '2025-03-01', M.delayedCost)).toBe(32 * 562);
  });

  it('given a range that is not a whole month, then there are no monthly lines', () => {
    const { lines } = sitrepReturnView(march, { from: '2025-03-01', to: '2025-03-30' });
    expect(lines.some((l) => l.metric === M.delayedBedDays)).toBe(false);
  });
});

describe('sitrepReturnView: providers and old data', () => {
  it('given two trusts, then each has its own lines, by day then trust', () => {
    const hash = hashOf([
      { readyDay: '2025-03-01', trust: 'RXN' },
      { readyDay: '2025-03-02', trust: 'RBQ' },
    ]);
    const { lines } = sitrepReturnView(hash, { from: '2025-03-02', to: '2025-03-02' });
    expect(lines.filter((l) => l.metric === M.remaining).map((l) => [l.orgCode, l.value])).toEqual([
      ['RBQ', 1],
      ['RXN', 1],
    ]);
  });

  it('given no sitrep hash yet (read models from before it), then there are no lines', () => {
    expect(sitrepReturnView({}, { from: '2025-03-01', to: '2025-03-31' }).lines).toEqual([]);
  });
});

describe('sitrepContribution', () => {
  it('given an open episode, then one field without end day; ended the day it began without discharge, nothing', () => {
    const base = {
      readyDay: '2025-03-05',
      trust: 'RXN',
      dischargeReadyDate: '2025-03-04',
      admittedDay: null,
    };
    expect(sitrepContribution({ ...base, endDay: null, outcome: 'open' })).toEqual([
      ['2025-03-05|RXN||open|2025-03-04|', 1],
    ]);
    expect(sitrepContribution({ ...base, endDay: '2025-03-05', outcome: 'ended' })).toEqual([]);
    expect(sitrepContribution({ ...base, endDay: '2025-03-05', outcome: 'discharged' })).toHaveLength(1);
  });
});

describe('sitrepReturnCsv', () => {
  it('given the view, then the published long format: its columns, Level PROVIDER, the metric names verbatim', () => {
    const csv = sitrepReturnCsv(sitrepReturnView(march, { from: '2025-03-06', to: '2025-03-06' }));
    const [header, ...rows] = csv.trimEnd().split('\r\n');
    expect(header).toBe(SITREP_CSV_COLUMNS.join(','));
    expect(header).toBe('Period,Level,Region,ICB,Org Code,Org Name,Metric,Metric Type,Metric Group,Value');
    expect(rows).toEqual([
      '2025-03-06,PROVIDER,,,RXN,,Number of patients who no longer meet the criteria to reside,Daily metric,NCTR,2',
      '2025-03-06,PROVIDER,,,RXN,,Number of patients discharged,Daily metric,Discharges,1',
      '2025-03-06,PROVIDER,,,RXN,,Number of patients remaining in hospital who no longer meet the criteria to reside,Daily metric,NCTR not discharged,1',
    ]);
  });

  it('given a weekly line, then its name has a comma and is quoted', () => {
    const csv = sitrepReturnCsv(sitrepReturnView(march, { from: '2025-03-09', to: '2025-03-09' }));
    expect(csv).toContain(
      '2025-03-03,PROVIDER,,,RXN,,"Number of additional bed days, patients with length of stay of 7 days or over",Weekly snapshot metric,Additional bed days lost,5\r\n',
    );
  });
});
