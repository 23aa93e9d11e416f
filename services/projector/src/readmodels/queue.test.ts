import { readModels, isValidNhsNumber } from '@homefirst/schemas';
import { AINTREE, COUNCIL, OTHER_COUNCIL, PersonStory, ROYAL, testNhsNumber } from '../testing/corpus';
import { given } from '../testing/spec';

const { queueView } = readModels;

// The delayed-transfer queue: everyone ready but not discharged, why they wait, and what it costs.

const person = (n: number, options?: ConstructorParameters<typeof PersonStory>[1]): PersonStory =>
  new PersonStory(testNhsNumber(n), options);

describe('delayed-transfer queue: declared readiness and its reason', () => {
  it('uses test NHS numbers that pass modulus 11', () => {
    for (let n = 0; n < 40; n += 1) expect(isValidNhsNumber(testNhsNumber(n))).toBe(true);
  });

  it('given an admitted patient declared ready on P1 with no referral, then they wait for a referral (NHS) at their ward', () => {
    const p = person(0);
    const { queue } = given(
      p.admitted('2025-03-01T10:00:00Z'),
      p.ready('2025-03-03T09:00:00Z', { pathway: 'P1' }),
    ).at('2025-03-04T13:00:00Z');
    expect(queue.total).toBe(1);
    expect(queue.items[0]).toMatchObject({
      personKey: p.personKey,
      nhsNumber: p.nhsNumber,
      site: 'REM01',
      ward: 'WARD 7Y',
      pathway: 'P1',
      readySince: '2025-03-03T09:00:00.000Z',
      deadline: '2025-03-05T09:00:00.000Z',
      delayReason: 'AWAITING_REFERRAL_TO_TRANSFER_HUB',
      delayReasonSource: 'DERIVED',
      attribution: 'NHS',
      hoursWaiting: 28,
      excessBedDays: 1,
      costGbp: 400,
      status: 'on_track',
    });
  });

  it('given the trust gave a delay reason, then it is used as sent, with its attribution', () => {
    const p = person(1);
    const { queue } = given(
      p.admitted('2025-03-01T10:00:00Z'),
      p.referred('2025-03-02T10:00:00Z'),
      p.ready('2025-03-03T09:00:00Z', { delay: { reason: 'AWAITING_TRANSPORT', attribution: 'NHS' } }),
    ).at('2025-03-04T09:00:00Z');
    expect(queue.items[0]).toMatchObject({
      delayReason: 'AWAITING_TRANSPORT',
      delayReasonSource: 'TRUST',
      attribution: 'NHS',
    });
  });

  it('given a later declaration without a reason, then the reason given earlier in the episode still holds', () => {
    const p = person(2);
    const { queue } = given(
      p.ready('2025-03-03T09:00:00Z', { delay: { reason: 'AWAITING_DIAGNOSTIC_TEST', attribution: 'NHS' } }),
      p.ready('2025-03-03T17:00:00Z', { readyAt: '2025-03-03T09:00:00Z', pathway: 'P2' }),
    ).at('2025-03-04T09:00:00Z');
    expect(queue.items[0]).toMatchObject({ delayReason: 'AWAITING_DIAGNOSTIC_TEST', pathway: 'P2' });
  });
});

describe('delayed-transfer queue: when the trust gives no reason, the council brokerage state explains the wait', () => {
  const p = person(3);
  const admitted = p.admitted('2025-03-01T10:00:00Z');
  const ready = (pathway: 'P0' | 'P1' | 'P2' | 'P3' | 'UNKNOWN') =>
    p.ready('2025-03-03T09:00:00Z', { pathway });
  /** Ready on `pathway`, referred to the council on it, and a service requested (the same day in every case). */
  const requested = (
    pathway: 'P1' | 'P2' | 'P3',
    service?: Parameters<PersonStory['packageRequested']>[1],
  ) => [
    ready(pathway),
    p.referred('2025-03-03T10:00:00Z', pathway),
    p.packageRequested('2025-03-03T12:00:00Z', service),
  ];
  it.each([
    ['P0 with no referral', [ready('P0')], 'UNKNOWN', 'UNKNOWN', 'NHS'],
    ['no pathway and no referral', [ready('UNKNOWN')], 'NO_PLAN', 'NO_PLAN', 'NHS'],
    [
      'P1 and no referral',
      [ready('P1')],
      'AWAITING_REFERRAL_TO_TRANSFER_HUB',
      'AWAITING_REFERRAL_TO_TRANSFER_HUB',
      'NHS',
    ],
    [
      'a referral only',
      [ready('P1'), p.referred('2025-03-03T10:00:00Z')],
      'AWAITING_ASSESSMENT',
      'AWAITING_P1_CARE_AT_HOME',
      'SOCIAL_CARE',
    ],
    [
      'an assessment booked',
      [
        ready('P1'),
        p.referred('2025-03-03T10:00:00Z'),
        p.assessmentBooked('2025-03-03T11:00:00Z', '2025-03-05T10:00:00Z'),
      ],
      'AWAITING_ASSESSMENT',
      'AWAITING_P1_CARE_AT_HOME',
      'SOCIAL_CARE',
    ],
    [
      'P1: home reablement requested, not sourced',
      [...requested('P1'), p.providerDeclined('2025-03-03T15:00:00Z')],
      'AWAITING_P1_CARE_AT_HOME',
      'AWAITING_P1_CARE_AT_HOME',
      'SOCIAL_CARE',
    ],
    [
      'sourced with a future start',
      [...requested('P1'), p.sourced('2025-03-04T08:00:00Z', '2025-03-06')],
      'AWAITING_PACKAGE_START',
      'AWAITING_P1_CARE_AT_HOME',
      'SOCIAL_CARE',
    ],
    [
      'P2: a reablement bed requested',
      requested('P2', 'REABLEMENT_BED'),
      'AWAITING_P2_BED',
      'AWAITING_P2_BED',
      'SOCIAL_CARE',
    ],
    [
      'P3: a care-home placement requested',
      requested('P3', 'RESIDENTIAL_CARE'),
      'AWAITING_P3_CARE_HOME_BED',
      'AWAITING_P3_CARE_HOME_BED',
      'SOCIAL_CARE',
    ],
    [
      'the referral cancelled',
      [ready('P1'), p.referred('2025-03-03T10:00:00Z'), p.referralCancelled('2025-03-03T16:00:00Z')],
      'AWAITING_REFERRAL_TO_TRANSFER_HUB',
      'AWAITING_REFERRAL_TO_TRANSFER_HUB',
      'NHS',
    ],
    [
      'an assessment finding no needs',
      [ready('P1'), p.referred('2025-03-03T10:00:00Z'), p.assessed('2025-03-03T16:00:00Z', false)],
      'NO_PLAN',
      'NO_PLAN',
      'NHS',
    ],
  ] as const)(
    'given %s, then the derived reason, sitrep reason and attribution follow',
    (_case, events, reason, sitrep, attribution) => {
      const { queue } = given(admitted, events).at('2025-03-04T12:00:00Z');
      expect(queue.items[0]).toMatchObject({
        delayReason: reason,
        sitrepReason: sitrep,
        attribution,
        delayReasonSource: 'DERIVED',
      });
    },
  );
});

describe('delayed-transfer queue: one wait keeps its attribution through the council brokerage (docs/delay-attribution.md)', () => {
  it.each([
    ['P1', 'REABLEMENT_AT_HOME'],
    ['P2', 'REABLEMENT_BED'],
    ['P1', 'EQUIPMENT_OR_ADAPTATIONS'],
  ] as const)(
    'given a %s wait for %s moving from referral to assessment to package request to a sourced provider, then it is social care at every step',
    (pathway, service) => {
      const p = person(5);
      const steps = [
        p.admitted('2025-03-01T10:00:00Z'),
        p.ready('2025-03-03T09:00:00Z', { pathway }),
        p.referred('2025-03-03T10:00:00Z', pathway),
        p.assessed('2025-03-03T14:00:00Z'),
        p.packageRequested('2025-03-03T16:00:00Z', service),
        p.sourced('2025-03-04T08:00:00Z', '2025-03-06'),
      ];
      const attributions = [3, 4, 5, 6].map(
        (n) => given(...steps.slice(0, n)).at('2025-03-04T12:00:00Z').queue.items[0]?.attribution,
      );
      expect(attributions).toEqual(['SOCIAL_CARE', 'SOCIAL_CARE', 'SOCIAL_CARE', 'SOCIAL_CARE']);
    },
  );
});

describe('delayed-transfer queue: when the current delay reason began (for internal delays over 48 hours)', () => {
  const p = person(6);
  const steps = [
    p.admitted('2025-03-01T10:00:00Z'),
    p.ready('2025-03-03T09:00:00Z', { pathway: 'P1' }),
    p.referred('2025-03-03T10:00:00Z', 'P1'),
    p.assessed('2025-03-03T14:00:00Z'),
  ];
  it.each([
    [2, 'AWAITING_REFERRAL_TO_TRANSFER_HUB', '2025-03-03T09:00:00.000Z'],
    [3, 'AWAITING_ASSESSMENT', '2025-03-03T10:00:00.000Z'],
    [4, 'AWAITING_P1_CARE_AT_HOME', '2025-03-03T14:00:00.000Z'],
  ])('given the first %i events, then the reason is %s, since %s', (n, reason, since) => {
    const { queue } = given(...steps.slice(0, n)).at('2025-03-04T12:00:00Z');
    expect(queue.items[0]).toMatchObject({ delayReason: reason, delayReasonSince: since });
  });

  it("given the trust's own reason, repeated, then changed, then it runs from the DRD (a first reason is back-dated, as the census does), and from the change", () => {
    const q = person(7);
    const testAwaited = { reason: 'AWAITING_DIAGNOSTIC_TEST', attribution: 'NHS' } as const;
    const medicines = { reason: 'AWAITING_MEDICINES_TO_TAKE_HOME', attribution: 'NHS' } as const;
    const again = (when: string, delay: typeof testAwaited | typeof medicines) =>
      q.ready(when, { readyAt: '2025-03-03T09:00:00Z', pathway: 'P0', delay });
    const first = [
      q.admitted('2025-03-01T10:00:00Z'),
      q.ready('2025-03-03T09:00:00Z', { pathway: 'P0' }),
      again('2025-03-03T12:00:00Z', testAwaited),
      again('2025-03-04T08:00:00Z', testAwaited),
    ];
    expect(given(...first).at('2025-03-05T10:00:00Z').queue.items[0]).toMatchObject({
      delayReason: 'AWAITING_DIAGNOSTIC_TEST',
      delayReasonSince: '2025-03-03T09:00:00.000Z',
      internalDelayHours: 49,
      internalDelayOver48h: true,
    });
    const changed = given(...first, again('2025-03-05T09:00:00Z', medicines)).at('2025-03-05T10:00:00Z');
    expect(changed.queue.items[0]).toMatchObject({
      delayReason: 'AWAITING_MEDICINES_TO_TAKE_HOME',
      delayReasonSince: '2025-03-05T09:00:00.000Z',
      internalDelayHours: 1,
      internalDelayOver48h: false,
    });
  });
});

describe('delayed-transfer queue: referring council, ward, discharge, clock and cost', () => {
  it('given a referral from another council, then the entry names that council', () => {
    const p = person(4, { council: OTHER_COUNCIL });
    const { queue } = given(
      p.admitted('2025-03-01T10:00:00Z'),
      p.ready('2025-03-03T09:00:00Z'),
      p.referred('2025-03-03T10:00:00Z'),
    ).at('2025-03-04T09:00:00Z');
    expect(queue.items[0]?.council).toBe(OTHER_COUNCIL);
  });

  it('given the patient moved ward, then the queue shows the ward they are on now', () => {
    const p = person(5);
    const { queue } = given(
      p.admitted('2025-03-01T10:00:00Z'),
      p.ready('2025-03-03T09:00:00Z'),
      p.transferred('2025-03-03T20:00:00Z', AINTREE),
    ).at('2025-03-04T09:00:00Z');
    expect(queue.items[0]).toMatchObject({ site: 'REM02', ward: 'WARD 25', bed: 'B11' });
  });

  it('given the patient was discharged, then they leave the queue', () => {
    const p = person(6);
    const { queue } = given(
      p.admitted('2025-03-01T10:00:00Z'),
      p.ready('2025-03-03T09:00:00Z'),
      p.discharged('2025-03-04T11:00:00Z'),
    ).at('2025-03-05T09:00:00Z');
    expect(queue.total).toBe(0);
  });

  it('given a DRD with no time, then the clock starts at London midnight of that day (BST)', () => {
    const p = person(7);
    const { queue } = given(p.ready('2025-07-01T14:00:00Z', { drd: '2025-07-01', readyAt: null })).at(
      '2025-07-02T09:00:00Z',
    );
    expect(queue.items[0]?.readySince).toBe('2025-06-30T23:00:00.000Z');
  });

  it('when the bed-day cost is configured, then the cost follows it', () => {
    const p = person(8);
    const { queue } = given(p.ready('2025-03-03T09:00:00Z', { drd: '2025-03-03' })).at(
      '2025-03-06T10:00:00Z',
      { bedDayCostGbp: 562 },
    );
    expect(queue.items[0]).toMatchObject({ excessBedDays: 3, costGbp: 3 * 562 });
    expect(queue.excessBedDays).toBe(3);
  });
});

describe('delayed-transfer queue: ordering, filters, pages and Table 5 counts', () => {
  const a = person(10, { location: ROYAL });
  const b = person(11, { location: AINTREE });
  const c = person(12, { location: { ...ROYAL, ward: 'WARD 8Z' }, council: OTHER_COUNCIL });
  const d = person(13, { location: AINTREE });
  const world = given(
    [a, b, c, d].map((p) => p.admitted('2025-02-28T10:00:00Z')),
    a.ready('2025-03-02T09:00:00Z', { pathway: 'P1' }),
    b.ready('2025-03-01T09:00:00Z', { pathway: 'P2' }),
    b.referred('2025-03-01T10:00:00Z', 'P2'),
    b.packageRequested('2025-03-01T12:00:00Z', 'REABLEMENT_BED'),
    c.ready('2025-03-03T09:00:00Z', { pathway: 'P1' }),
    c.referred('2025-03-03T10:00:00Z'),
    d.ready('2025-03-03T08:00:00Z', {
      pathway: 'P0',
      delay: { reason: 'AWAITING_MEDICINES_TO_TAKE_HOME', attribution: 'NHS' },
    }),
  );
  const now = new Date('2025-03-04T12:00:00Z');
  const entries = world.snapshot.queue;

  it('sorts by longest wait first', () => {
    expect(queueView(entries, now).items.map((item) => item.personKey)).toEqual([
      b.personKey,
      a.personKey,
      d.personKey,
      c.personKey,
    ]);
  });

  it.each([
    [{ site: 'REM02' }, [b, d]],
    [{ ward: 'WARD 8Z' }, [c]],
    [{ pathway: 'P1' as const }, [a, c]],
    [{ reason: 'AWAITING_P2_BED' as const }, [b]],
    [{ reason: 'AWAITING_ASSESSMENT' as const }, [c]],
    [{ council: OTHER_COUNCIL }, [c]],
    [{ council: COUNCIL, site: 'REM02' }, [b]],
  ])('filters by %p', (filters, expected) => {
    expect(queueView(entries, now, filters).items.map((item) => item.personKey)).toEqual(
      expected.map((p) => p.personKey),
    );
  });

  it('pages', () => {
    const second = queueView(entries, now, {}, { page: 2, pageSize: 3 });
    expect(second).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(second.items.map((item) => item.personKey)).toEqual([c.personKey]);
  });

  it("counts by sitrep reason in Table 5 order, then the current return's own codes, zeros included", () => {
    const counts = queueView(entries, now).countsByReason;
    // 22 Table 5 and community sitrep codes, 22 codes of the current return (docs/delay-reasons.md), UNKNOWN.
    expect(counts).toHaveLength(45);
    expect(counts[22]?.reason).toBe('AWAITING_MEDICAL_REVIEW_OR_DECISION_TO_DISCHARGE');
    expect(counts.at(-1)?.reason).toBe('UNKNOWN');
    expect(counts[0]?.reason).toBe('AWAITING_MEDICAL_DECISION_OR_DISCHARGE_SUMMARY');
    expect(
      Object.fromEntries(counts.filter((row) => row.count > 0).map((row) => [row.reason, row.count])),
    ).toEqual({
      AWAITING_MEDICINES_TO_TAKE_HOME: 1,
      AWAITING_REFERRAL_TO_TRANSFER_HUB: 1,
      AWAITING_P1_CARE_AT_HOME: 1,
      AWAITING_P2_BED: 1,
    });
    // The P2 bed requested from the council's brokerage is social care's (docs/delay-attribution.md).
    expect(queueView(entries, now).countsByAttribution).toEqual({
      NHS: 2,
      SOCIAL_CARE: 2,
      BOTH: 0,
      UNKNOWN: 0,
    });
  });
});
