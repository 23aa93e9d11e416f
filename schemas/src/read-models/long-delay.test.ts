import type { QueueEntry } from './model';
import { drdDayNumber } from './keys';
import { isLongDelay, longDelayCutoff, queueView } from './queue-view';
import { DEFAULT_VIEW_CONFIG } from './view-common';

// The standing 21+ day cohort: NHS England's "Urgent and emergency care plan 2025/26" asks systems to start
// with the ~30,000 people a year who stay 21 or more days past their discharge ready date. Days past the
// DRD are counted as NHS England counts "days from DRD to discharge" ("Discharge ready date: guidance,
// examples and FAQs"; the 21+ band of gov.uk "Timeliness of acute hospital discharges"): calendar days
// from the DRD to the day, here today in London.

const entry = (
  personKey: string,
  dischargeReadyDate: string,
  over: Partial<QueueEntry> = {},
): QueueEntry => ({
  personKey,
  nhsNumber: null,
  episodeId: `${personKey}:S1`,
  spellId: 'S1',
  trust: 'RXN',
  site: 'RXN01',
  ward: null,
  bed: null,
  pathway: 'P1',
  dischargeReadyDate,
  readySince: `${dischargeReadyDate}T09:00:00.000Z`,
  deadline: `${dischargeReadyDate}T09:00:00.000Z`,
  delayReason: 'AWAITING_P1_NEW_PACKAGE',
  sitrepReason: 'AWAITING_P1_NEW_PACKAGE',
  delayReasonSource: 'TRUST',
  delayReasonSince: null,
  attribution: 'SOCIAL_CARE',
  council: 'E08000012',
  referralId: null,
  providerSourcedAt: null,
  expectedDischargeDate: null,
  onLeave: false,
  admittedAt: null,
  ...over,
});

describe('the long-delay cohort (21+ days past the DRD)', () => {
  it('given a DRD of 1 March, then on 21 March (day 20) out, on 22 March (day 21) in', () => {
    expect(isLongDelay('2025-03-01', '2025-03-21')).toBe(false);
    expect(isLongDelay('2025-03-01', '2025-03-22')).toBe(true);
    expect(longDelayCutoff('2025-03-22')).toBe('2025-03-01');
  });

  it('given the clocks go forward on 30 March, then still calendar days: DRD 20 March is day 21 on 10 April', () => {
    expect(isLongDelay('2025-03-20', '2025-04-10')).toBe(true);
    expect(isLongDelay('2025-03-21', '2025-04-10')).toBe(false);
    expect(longDelayCutoff('2025-04-10')).toBe('2025-03-20');
  });

  it('given a DRD index score, then it is whole days since 1970-01-01, in DRD order', () => {
    expect(drdDayNumber('1970-01-02')).toBe(1);
    expect(drdDayNumber('2025-03-01')).toBe(20148);
    expect(drdDayNumber('2025-03-01')).toBeLessThan(drdDayNumber('2025-03-02'));
  });

  // Four people waiting on 22 March 2025 (London): DRDs 1 Feb (49 days), 1 Mar (21), 2 Mar (20), 20 Mar (2).
  const waiting = [
    entry('a', '2025-02-01'),
    entry('b', '2025-03-01', { council: 'E08000011' }),
    entry('c', '2025-03-02'),
    entry('d', '2025-03-20'),
  ];
  const NOW = new Date('2025-03-22T23:30:00Z'); // 23:30 GMT: still 22 March in London

  it('given four people waiting, when the queue is read, then two are counted in the cohort', () => {
    const view = queueView(waiting, NOW);
    expect(view.total).toBe(4);
    expect(view.longDelayCount).toBe(2);
    expect(view.items.filter((item) => item.longDelay).map((item) => item.personKey)).toEqual(['a', 'b']);
  });

  it('given longDelay, when the queue is read, then exactly the cohort is listed, longest wait first, and the counts stay the queue’s', () => {
    const view = queueView(waiting, NOW, { longDelay: true });
    expect(view.items.map((item) => [item.personKey, item.excessBedDays])).toEqual([
      ['a', 49],
      ['b', 21],
    ]);
    expect(view.total).toBe(2);
    expect(view.longDelayCount).toBe(2);
    expect(view.countsByReason.find((r) => r.reason === 'AWAITING_P1_NEW_PACKAGE')?.count).toBe(4);
  });

  it('given a council filter, when the cohort is read, then only that council’s people are in it', () => {
    const view = queueView(waiting, NOW, { council: 'E08000012', longDelay: true });
    expect(view.items.map((item) => item.personKey)).toEqual(['a']);
    expect(view.longDelayCount).toBe(1);
  });

  it('given a system that sets its cohort at 14 days, then the 20-day wait is in it too', () => {
    const view = queueView(waiting, NOW, {}, undefined, { ...DEFAULT_VIEW_CONFIG, longDelayDays: 14 });
    expect(view.longDelayCount).toBe(3);
  });
});
