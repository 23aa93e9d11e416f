import type { DelayReason, Pathway } from '../generated/events';
import { currentQueueReasonOf, delayReasonCounts, lengthOfStayDays } from './delay-reason-counts';
import type { QueueReason } from './reasons';

// Given/when/then specs of the delay-reason counts of the acute discharge sitrep as collected since 27 May 2024:
// people still in hospital who no longer meet the criteria to reside, by reason family and reason, for lengths of
// stay of 7+ and 14+ days (metric groups "Delay reason LOS 7+" / "LOS 14+";
// https://www.england.nhs.uk/statistics/statistical-work-areas/discharge-delays/). Examples computed by hand.

interface Delayed {
  readonly delayReason: QueueReason;
  readonly sitrepReason: DelayReason;
  readonly pathway: Pathway;
  readonly admittedAt: string | null;
}

const delayed = (
  sitrepReason: DelayReason,
  admittedAt: string | null,
  pathway: Pathway = 'P1',
  delayReason: QueueReason = sitrepReason,
): Delayed => ({ delayReason, sitrepReason, pathway, admittedAt });

const countOf = (view: ReturnType<typeof delayReasonCounts>, cohort: 7 | 14, reason: DelayReason) =>
  view.cohorts.find((c) => c.minLengthOfStayDays === cohort)?.byReason.find((r) => r.reason === reason)
    ?.count;
const familyOf = (view: ReturnType<typeof delayReasonCounts>, cohort: 7 | 14, family: string) =>
  view.cohorts.find((c) => c.minLengthOfStayDays === cohort)?.byFamily.find((f) => f.family === family)
    ?.count;

describe('lengthOfStayDays: calendar days from the admission date (London) to today', () => {
  it.each([
    ['2025-03-03T09:00:00Z', '2025-03-10', 7], // Monday to Monday
    ['2025-03-03T23:30:00Z', '2025-03-10', 7], // 23:30 UTC is still 3 March in London (GMT)
    ['2025-06-02T23:30:00Z', '2025-06-09', 6], // 23:30 UTC is 3 June 00:30 in London (BST)
    ['2025-03-04T00:00:00Z', '2025-03-10', 6],
  ])('given admission at %s, when today is %s, then the stay is %i days', (admittedAt, today, days) => {
    expect(lengthOfStayDays(admittedAt, today)).toBe(days);
  });

  it('given no admission time, then the length of stay is unknown', () => {
    expect(lengthOfStayDays(null, '2025-03-10')).toBeNull();
  });
});

describe('delayReasonCounts', () => {
  // By hand, today = Monday 17 March 2025 (London, GMT):
  //   A admitted 10 Mar (7 days),  current code P1_HOME_REHAB_NOT_AVAILABLE        → 7+ only, Capacity
  //   B admitted 3 Mar (14 days),  Table 5 AWAITING_P2_BED → P2_BED_NOT_AVAILABLE   → 7+ and 14+, Capacity
  //   C admitted 1 Feb (44 days),  Table 5 AWAITING_MEDICINES_TO_TAKE_HOME (current) → 7+ and 14+, Hospital process
  //   D admitted 11 Mar (6 days),  AWAITING_TRANSPORT                              → neither cohort
  //   E no admission time                                                          → lengthOfStayUnknown
  //   F admitted 1 Mar (16 days),  derived AWAITING_PACKAGE_START on P3             → 7+ and 14+, Interface process
  //   G admitted 1 Mar (16 days),  UNKNOWN                                         → in both totals, in no family
  // 7+: total 5 (A, B, C, F, G); Capacity 2, Hospital process 1, Interface process 1, unknown 1.
  // 14+: total 4 (B, C, F, G); Capacity 1, Hospital process 1, Interface process 1, unknown 1.
  const now = new Date('2025-03-17T12:00:00Z');
  const view = delayReasonCounts(
    [
      delayed('P1_HOME_REHAB_NOT_AVAILABLE', '2025-03-10T10:00:00Z'),
      delayed('AWAITING_P2_BED', '2025-03-03T10:00:00Z', 'P2'),
      delayed('AWAITING_MEDICINES_TO_TAKE_HOME', '2025-02-01T10:00:00Z'),
      delayed('AWAITING_TRANSPORT', '2025-03-11T10:00:00Z'),
      delayed('AWAITING_P1_NEW_PACKAGE', null),
      delayed('AWAITING_P3_CARE_HOME_BED', '2025-03-01T10:00:00Z', 'P3', 'AWAITING_PACKAGE_START'),
      delayed('UNKNOWN', '2025-03-01T10:00:00Z', 'P0'),
    ],
    now,
  );

  it('given seven delayed people, then the 7+ cohort counts five, by family as computed by hand', () => {
    const seven = view.cohorts[0];
    expect(seven).toMatchObject({ minLengthOfStayDays: 7, total: 5, unknownReason: 1 });
    expect(familyOf(view, 7, 'CAPACITY')).toBe(2);
    expect(familyOf(view, 7, 'HOSPITAL_PROCESS')).toBe(1);
    expect(familyOf(view, 7, 'INTERFACE_PROCESS')).toBe(1);
    expect(familyOf(view, 7, 'CARE_TRANSFER_HUB_PROCESS')).toBe(0);
    expect(familyOf(view, 7, 'WELLBEING_CONCERNS')).toBe(0);
  });

  it('then the 14+ cohort counts four, the 7-day stay left out', () => {
    expect(view.cohorts[1]).toMatchObject({ minLengthOfStayDays: 14, total: 4, unknownReason: 1 });
    expect(familyOf(view, 14, 'CAPACITY')).toBe(1);
    expect(countOf(view, 14, 'P1_HOME_REHAB_NOT_AVAILABLE')).toBe(0);
    expect(countOf(view, 7, 'P1_HOME_REHAB_NOT_AVAILABLE')).toBe(1);
  });

  it('then a Table 5 code counts under its current reason', () => {
    expect(countOf(view, 14, 'P2_BED_NOT_AVAILABLE')).toBe(1);
    expect(countOf(view, 14, 'AWAITING_MEDICINES_TO_TAKE_HOME')).toBe(1);
    expect(view.cohorts[1]?.byReason.some((r) => r.reason === 'AWAITING_P2_BED')).toBe(false);
  });

  it('then a sourced provider not yet started counts as P3 arrangements still underway', () => {
    expect(countOf(view, 14, 'P3_CARE_HOME_ARRANGEMENTS_UNDERWAY')).toBe(1);
  });

  it('then the person without an admission time is in neither cohort and counted apart', () => {
    expect(view.lengthOfStayUnknown).toBe(1);
    expect(view.date).toBe('2025-03-17');
  });

  // All lengths of stay (NHS England Intermediate Care Data Collection: delay reasons "for all patients,
  // regardless of their length of stay", https://www.england.nhs.uk/statistics/statistical-work-areas/intermediate-care/):
  // all seven, D (6 days) and E (no admission time) included. Capacity: A, B and E (AWAITING_P1_NEW_PACKAGE →
  // P1_HOME_CARE_NOT_AVAILABLE) = 3; Hospital process: C and D (transport) = 2; Interface process: F = 1;
  // unknown: G = 1.
  it('then everyone waiting, whatever the length of stay, is counted in allWaiting: seven, by family as computed by hand', () => {
    expect(view.allWaiting).toMatchObject({ minLengthOfStayDays: 0, total: 7, unknownReason: 1 });
    expect(view.allWaiting.byFamily).toEqual([
      { family: 'HOSPITAL_PROCESS', count: 2 },
      { family: 'CARE_TRANSFER_HUB_PROCESS', count: 0 },
      { family: 'INTERFACE_PROCESS', count: 1 },
      { family: 'CAPACITY', count: 3 },
      { family: 'WELLBEING_CONCERNS', count: 0 },
    ]);
    expect(view.allWaiting.byReason.find((r) => r.reason === 'AWAITING_TRANSPORT')?.count).toBe(1);
    expect(view.cohorts).toHaveLength(2); // the 7+ and 14+ cohorts stay as they were
  });

  it('given a local override of a Table 5 code, then it counts under the chosen current reason', () => {
    const overridden = delayReasonCounts(
      [delayed('AWAITING_P2_BED', '2025-03-03T10:00:00Z', 'P2')],
      now,
      new Map<DelayReason, DelayReason>([['AWAITING_P2_BED', 'P2_BED_ARRANGEMENTS_UNDERWAY']]),
    );
    expect(countOf(overridden, 14, 'P2_BED_ARRANGEMENTS_UNDERWAY')).toBe(1);
    expect(familyOf(overridden, 14, 'INTERFACE_PROCESS')).toBe(1);
    expect(familyOf(overridden, 14, 'CAPACITY')).toBe(0);
  });

  it('given nobody delayed, then every reason and family is listed with zero', () => {
    const empty = delayReasonCounts([], now);
    expect(empty.cohorts.map((c) => c.total)).toEqual([0, 0]);
    expect(empty.cohorts[0]?.byFamily.map((f) => f.family)).toEqual([
      'HOSPITAL_PROCESS',
      'CARE_TRANSFER_HUB_PROCESS',
      'INTERFACE_PROCESS',
      'CAPACITY',
      'WELLBEING_CONCERNS',
    ]);
    expect(empty.cohorts[0]?.byReason.every((r) => r.count === 0)).toBe(true);
  });
});

describe('currentQueueReasonOf: the hub-only queue reasons', () => {
  it.each([
    [
      'AWAITING_ASSESSMENT',
      'AWAITING_P1_CARE_AT_HOME',
      'P1',
      'AWAITING_CONFIRMATION_OF_CARE_NEEDS_AND_PATHWAY',
    ],
    ['AWAITING_PACKAGE_START', 'AWAITING_P1_CARE_AT_HOME', 'P1', 'P1_HOME_REHAB_ARRANGEMENTS_UNDERWAY'],
    ['AWAITING_PACKAGE_START', 'AWAITING_P2_BED', 'P2', 'P2_BED_ARRANGEMENTS_UNDERWAY'],
    [
      'AWAITING_PACKAGE_START',
      'AWAITING_TRANSFER_HUB_CONFIRMATION',
      'P0',
      'RESTART_OF_EXISTING_CARE_UNDERWAY',
    ],
    [
      'AWAITING_PACKAGE_START',
      'AWAITING_TRANSFER_HUB_CONFIRMATION',
      'UNKNOWN',
      'AWAITING_CONFIRMATION_OF_CARE_NEEDS_AND_PATHWAY',
    ],
    ['AWAITING_P1_NEW_PACKAGE', 'AWAITING_P1_NEW_PACKAGE', 'P1', 'P1_HOME_CARE_NOT_AVAILABLE'],
  ] as const)(
    'given %s (sitrep %s) on %s, then it counts as %s',
    (delayReason, sitrepReason, pathway, current) => {
      expect(currentQueueReasonOf({ delayReason, sitrepReason, pathway })).toBe(current);
    },
  );
});
