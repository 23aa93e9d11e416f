import type { QueueEntry } from './model';
import { queueItem } from './queue-view';
import { DEFAULT_VIEW_CONFIG } from './view-common';

// The long-delay cohort (21+ days past the DRD: NHS England's 2025/26 focus) and internal delays over 48
// hours (the hospital's own process: docs/delay-attribution.md), as each queue item shows them.

const entry = (over: Partial<QueueEntry>): QueueEntry => ({
  personKey: 'p',
  nhsNumber: null,
  episodeId: 'p:S1:2025-03-01T09:00:00.000Z',
  spellId: 'S1',
  trust: 'RXN',
  site: null,
  ward: null,
  bed: null,
  pathway: 'P1',
  dischargeReadyDate: '2025-03-01',
  readySince: '2025-03-01T09:00:00.000Z',
  deadline: '2025-03-03T09:00:00.000Z',
  delayReason: 'AWAITING_DIAGNOSTIC_TEST',
  sitrepReason: 'AWAITING_DIAGNOSTIC_TEST',
  delayReasonSource: 'TRUST',
  delayReasonSince: '2025-03-10T12:00:00.000Z',
  attribution: 'NHS',
  council: null,
  referralId: null,
  providerSourcedAt: null,
  expectedDischargeDate: null,
  onLeave: false,
  admittedAt: null,
  ...over,
});

describe('queue item: the long-delay cohort', () => {
  it('given a DRD 20 days ago, then not in it; 21 days ago, then in it (calendar days, London)', () => {
    expect(queueItem(entry({}), new Date('2025-03-21T12:00:00Z'))).toMatchObject({
      excessBedDays: 20,
      longDelay: false,
    });
    expect(queueItem(entry({}), new Date('2025-03-22T12:00:00Z'))).toMatchObject({
      excessBedDays: 21,
      longDelay: true,
    });
  });

  it('given a system that sets its cohort at 14 days, then 14 days past the DRD is in it', () => {
    const config = { ...DEFAULT_VIEW_CONFIG, longDelayDays: 14 };
    expect(queueItem(entry({}), new Date('2025-03-15T12:00:00Z'), config).longDelay).toBe(true);
  });
});

describe('queue item: internal delays over 48 hours', () => {
  it('given a diagnostic test awaited 47 hours, then internal and not flagged; 49 hours, then flagged', () => {
    expect(queueItem(entry({}), new Date('2025-03-12T11:00:00Z'))).toMatchObject({
      internalDelayHours: 47,
      internalDelayOver48h: false,
    });
    expect(queueItem(entry({}), new Date('2025-03-12T13:00:00Z'))).toMatchObject({
      internalDelayHours: 49,
      internalDelayOver48h: true,
    });
  });

  it('given an external reason (a care-home bed) for days, then no internal delay at all', () => {
    const waiting = entry({
      delayReason: 'AWAITING_P3_CARE_HOME_BED',
      sitrepReason: 'AWAITING_P3_CARE_HOME_BED',
    });
    expect(queueItem(waiting, new Date('2025-03-20T12:00:00Z'))).toMatchObject({
      internalDelayHours: null,
      internalDelayOver48h: false,
    });
  });

  it('given an entry that does not say when its reason began, then it counts from readySince', () => {
    expect(
      queueItem(entry({ delayReasonSince: null }), new Date('2025-03-03T10:00:00Z')).internalDelayHours,
    ).toBe(49);
  });

  it('given a system that counts transport as external, then an awaited transport is not flagged', () => {
    const config = {
      ...DEFAULT_VIEW_CONFIG,
      internalReasons: DEFAULT_VIEW_CONFIG.internalReasons.filter((r) => r !== 'AWAITING_TRANSPORT'),
    };
    const transport = entry({ delayReason: 'AWAITING_TRANSPORT', sitrepReason: 'AWAITING_TRANSPORT' });
    expect(queueItem(transport, new Date('2025-03-20T12:00:00Z'), config).internalDelayOver48h).toBe(false);
    expect(queueItem(transport, new Date('2025-03-20T12:00:00Z')).internalDelayOver48h).toBe(true);
  });
});
