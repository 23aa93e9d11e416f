import { createPersonKeyer, eventIdFor } from '@homefirst/schemas';
import { arthurPlacement, kennethOutOfOrder, margaretJourney, NHS } from '../testing/corpus';
import { given } from '../testing/given';
import { TEST_SECRET } from '../testing/memory';

const personKey = createPersonKeyer(TEST_SECRET);
const [referral, ...restOfJourney] = margaretJourney;
const [scheduled, completed, requested, , , sourced] = restOfJourney;
const referralOf = { nhsNumber: NHS.margaret, referralId: 'REF-LIV-0001' };
/** The later records of the journey name no person id (the LAS export gives it on the referral only). */
const stepOf = { ...referralOf, councilPersonId: null };
const packageStepOf = { ...stepOf, packageId: 'SA-55012' };

describe('council records → events: the journey and its packages', () => {
  it('given nothing, when a referral from a hospital arrives, then ReferralReceived with route, referring trust and pathway', async () => {
    const { events } = await given().when(referral);
    expect(events).toEqual([
      {
        eventId: eventIdFor(
          { channel: 'COUNCIL', orgCode: 'E08000012', messageId: 'LAS-778812-1' },
          'ReferralReceived',
        ),
        type: 'ReferralReceived',
        occurredAt: new Date('2025-01-06T09:30:00Z'),
        recordedAt: new Date('2025-07-01T12:00:00Z'),
        source: {
          channel: 'COUNCIL_API',
          system: 'council-api',
          orgCode: 'E08000012',
          messageId: 'LAS-778812-1',
        },
        personKey: personKey(NHS.margaret),
        correlationId: expect.any(String) as unknown,
        // no route of access in the record: the hospital named makes it a discharge, and the event says so
        dataQuality: [
          {
            code: 'DERIVED_VALUE',
            fields: ['routeOfAccess', 'hospitalOdsCode'],
            detail:
              'route of access not given: DISCHARGE_FROM_HOSPITAL, as the record names a referring hospital',
          },
        ],
        payload: {
          ...referralOf,
          routeOfAccess: 'DISCHARGE_FROM_HOSPITAL',
          referringOrgCode: 'REM',
          pathway: 'P1',
          hospitalSpellId: 'V4412093',
          councilPersonId: 'P100234',
        },
      },
    ]);
  });

  it('given the referral, when the rest of the journey arrives, then one event per record, in order, none flagged', async () => {
    const { events } = await given(referral).when(...restOfJourney);
    expect(events.map((e) => [e.type, e.payload, e.source.system])).toEqual([
      ['AssessmentScheduled', { ...stepOf, scheduledFor: new Date('2025-01-07T10:00:00Z') }, 'council-api'],
      ['AssessmentCompleted', { ...stepOf, servicesRequired: true }, 'council-api'],
      [
        'PackageRequested',
        { ...packageStepOf, serviceType: 'REABLEMENT_AT_HOME', hoursPerWeek: 10.5 },
        'council-api',
      ],
      [
        'ProviderOffered',
        { ...packageStepOf, providerId: '1-101663812', providerName: 'Mersey Homecare Ltd' },
        'council-api',
      ],
      [
        'ProviderDeclined',
        {
          ...packageStepOf,
          providerId: '1-101663812',
          reasonCode: 'NO_CAPACITY',
          providerName: null,
        },
        'council-api',
      ],
      [
        'PackageSourced',
        {
          ...packageStepOf,
          providerId: '1-2094837561',
          plannedStartDate: '2025-01-09',
          providerName: 'Anfield Reablement Team',
        },
        'council-api',
      ],
      ['ReablementStarted', { ...stepOf, setting: 'HOME' }, 'council-api'],
      ['ReablementEnded', { ...stepOf, outcome: 'NO_ONGOING_SUPPORT' }, 'council-api'],
    ]);
    expect(events.filter((e) => e.dataQuality !== undefined)).toEqual([]);
  });

  it('given a nursing-home request, when the placement starts, then PackageStarted of NURSING_CARE keyed by the same person', async () => {
    const [derbyReferral, derbyRequest, placement] = arthurPlacement;
    const { events } = await given(derbyReferral, derbyRequest).when(placement);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'PackageStarted',
        occurredAt: new Date('2025-06-05T13:00:00Z'),
        personKey: personKey(NHS.arthur),
        payload: {
          nhsNumber: NHS.arthur,
          referralId: 'DER-REQ-9001',
          packageId: 'DER-SVC-31',
          serviceType: 'NURSING_CARE',
          providerId: '1-118853402',
          providerName: null,
          councilPersonId: null,
        },
      }),
    ]);
  });
});

describe('council records → events: steps out of order', () => {
  it('given a package started, when its request arrives dated a day later, then the request is published and flagged', async () => {
    const [started, request] = kennethOutOfOrder;
    const { events, outcomes } = await given(started).when(request);
    expect(events).toHaveLength(1);
    expect(events[0]?.source.system).toBe('council-api');
    expect(events[0]?.dataQuality).toEqual([
      {
        code: 'STEP_OUT_OF_ORDER',
        fields: ['package_started', 'package_requested'],
        detail:
          "package_started is 24 h before this package's package_requested (PACKAGE_STARTED_BEFORE_PACKAGE_REQUESTED), within the 24 h allowed",
      },
    ]);
    expect(outcomes).toEqual([
      expect.objectContaining({ status: 'accepted', flags: ['PACKAGE_STARTED_BEFORE_PACKAGE_REQUESTED'] }),
    ]);
  });

  it('given a package requested, when it starts the day before, then the start is flagged (not dropped)', async () => {
    const [started, request] = kennethOutOfOrder;
    const { events } = await given(request).when(started);
    expect(events.map((e) => [e.type, e.dataQuality?.map((flag) => flag.code)])).toEqual([
      ['PackageStarted', ['STEP_OUT_OF_ORDER']],
    ]);
  });
});

describe('council records → events: cancellations, dates, duplicates and dead letters', () => {
  it('given nothing, when a referral is cancelled with a reason, then ReferralCancelled with the reason code and unknown route', async () => {
    const { events } = await given().when(
      {
        recordId: 'SEF-1',
        councilCode: 'E08000014',
        nhsNumber: NHS.doris,
        event: 'referral_received',
        occurredAt: '2025-02-01T10:00:00Z',
        referralId: 'SEF-R-1',
      },
      {
        recordId: 'SEF-2',
        councilCode: 'E08000014',
        nhsNumber: NHS.doris,
        event: 'referral_cancelled',
        occurredAt: '2025-02-03T10:00:00Z',
        reasonCode: 'PERSON_DIED',
        referralId: 'SEF-R-1',
      },
    );
    expect(events.map((e) => e.payload)).toEqual([
      {
        nhsNumber: NHS.doris,
        referralId: 'SEF-R-1',
        routeOfAccess: 'UNKNOWN',
        referringOrgCode: null,
        pathway: 'UNKNOWN',
        hospitalSpellId: null,
        councilPersonId: null,
      },
      { nhsNumber: NHS.doris, referralId: 'SEF-R-1', reasonCode: 'PERSON_DIED', councilPersonId: null },
    ]);
  });

  it('given an assessment scheduled by date only, then it is scheduled for midnight UK time (BST in summer)', async () => {
    const { events } = await given().when({
      ...scheduled,
      scheduledFor: null,
      plannedStartDate: '2025-06-10',
    });
    expect(events[0]?.payload).toEqual({ ...stepOf, scheduledFor: new Date('2025-06-09T23:00:00Z') });
    expect(events[0]?.dataQuality?.map((flag) => [flag.code, flag.fields])).toEqual([
      ['DERIVED_VALUE', ['scheduledFor', 'plannedStartDate']],
    ]);
  });

  it('given an assessment completed with outcome no ongoing support, then no services are required', async () => {
    const { events } = await given().when({
      ...completed,
      servicesRequired: null,
      outcome: 'no_ongoing_support',
    });
    expect(events[0]?.payload).toEqual({ ...stepOf, servicesRequired: false });
    expect(events[0]?.dataQuality?.map((flag) => [flag.code, flag.fields])).toEqual([
      ['DERIVED_VALUE', ['servicesRequired', 'outcome']],
    ]);
  });

  it('given a package event without a package id, then the referral id stands in', async () => {
    const { events } = await given().when({ ...requested, packageId: null });
    expect(events[0]?.payload).toMatchObject({ packageId: 'REF-LIV-0001' });
    expect(events[0]?.dataQuality?.map((flag) => [flag.code, flag.fields])).toEqual([
      ['DERIVED_VALUE', ['packageId', 'referralId']],
    ]);
  });

  it('given a record accepted before, when it is sent again, then it is a duplicate and nothing is published', async () => {
    const { events, outcomes, raws } = await given(referral).when(referral);
    expect(events).toEqual([]);
    expect(raws).toEqual([]);
    expect(outcomes).toEqual([expect.objectContaining({ status: 'duplicate', recordId: 'LAS-778812-1' })]);
  });

  it('given the same record twice in one request, then the second is a duplicate', async () => {
    const { events, outcomes } = await given().when(referral, referral);
    expect(events).toHaveLength(1);
    expect(outcomes.map((o) => o.status)).toEqual(['accepted', 'duplicate']);
  });

  it('when good and bad records arrive together, then the good are events, the bad dead letters with reasons, one raw record for all', async () => {
    const { events, deadLetters, raws, outcomes } = await given().when(referral, {
      ...scheduled,
      nhsNumber: NHS.badCheckDigit,
    });
    expect(events.map((e) => e.type)).toEqual(['ReferralReceived']);
    expect(raws).toHaveLength(1);
    expect(deadLetters).toEqual([
      expect.objectContaining({
        type: 'MessageDeadLettered',
        personKey: null,
        source: expect.objectContaining({ orgCode: 'E08000012', messageId: 'LAS-778812-2' }) as unknown,
        payload: expect.objectContaining({
          stage: 'VALIDATE',
          errorCode: 'COUNCIL_RECORD_INVALID',
          reason: 'nhsNumber: must be a valid NHS number (10 digits, modulus-11 check digit)',
          retriable: false,
          rawEventId: raws[0]?.eventId,
        }) as unknown,
      }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['accepted', 'rejected']);
  });

  it('is deterministic: the same record gives the same eventId whatever the channel or the time', async () => {
    const first = await given().when(referral);
    const second = await given().when(referral);
    expect(second.events[0]?.eventId).toBe(first.events[0]?.eventId);
  });
});

describe('council records → events: the fields of contract v3', () => {
  it("given a referral naming the council's person id, the hospital spell and a CLD route, then the event carries all three and no derived-value flag", async () => {
    const { events } = await given().when({
      ...referral,
      laPersonId: 'LAS-PERSON-4471',
      hospitalSpellId: 'SPELL-0099',
      routeOfAccess: 'prison',
    });
    expect(events[0]?.payload).toMatchObject({
      routeOfAccess: 'PRISON',
      hospitalSpellId: 'SPELL-0099',
      councilPersonId: 'LAS-PERSON-4471',
    });
    expect(events[0]?.dataQuality).toBeUndefined();
  });

  it.each([
    ['planned_entry_transition', 'PLANNED_ENTRY_TRANSITION'],
    ['self_funder', 'SELF_FUNDER'],
    ['discharge_from_reablement', 'DISCHARGE_FROM_REABLEMENT'],
    ['transfer_from_another_la', 'TRANSFER_FROM_ANOTHER_LA'],
    ['diversion_from_hospital', 'DIVERSION_FROM_HOSPITAL'],
  ])('given the CLD route of access %s, then ReferralReceived says %s', async (code, symbol) => {
    const { events } = await given().when({ ...referral, routeOfAccess: code });
    expect(events[0]?.payload).toMatchObject({ routeOfAccess: symbol });
  });

  it("given a provider's name on a sourcing record, then PackageSourced carries it", async () => {
    const { events } = await given().when({ ...sourced, providerName: 'Wirral Care at Home Ltd' });
    expect(events[0]?.payload).toMatchObject({ providerName: 'Wirral Care at Home Ltd' });
  });

  it('given a reablement start with a pathway but no service type, then the setting is read from the pathway and flagged', async () => {
    const { events } = await given().when({
      ...referral,
      recordId: 'LAS-RS-1',
      event: 'reablement_started',
      serviceType: null,
      pathway: 'P2',
    });
    expect(events[0]?.payload).toMatchObject({ setting: 'BED_BASED' });
    expect(events[0]?.dataQuality?.map((flag) => [flag.code, flag.fields])).toEqual([
      ['DERIVED_VALUE', ['setting', 'pathway']],
    ]);
  });
});

describe('council steps out of order beyond the tolerance', () => {
  it('given a package requested, when it starts three days before, then the start is refused beyond the 24 h tolerance, naming the steps and the gap', async () => {
    const [started, request] = kennethOutOfOrder;
    const early = { ...started, recordId: 'K-EARLY', occurredAt: '2025-03-01T09:00:00+00:00' };
    const { events, outcomes } = await given(request).when(early);
    expect(events).toEqual([]);
    expect(outcomes).toEqual([
      expect.objectContaining({
        status: 'rejected',
        errorCode: 'COUNCIL_STEP_OUT_OF_ORDER',
        issues: [
          {
            path: 'occurredAt',
            message:
              "occurredAt: package_started is 3 days before this package's package_requested; more than the 24 h allowed (HOMEFIRST_COUNCIL_STEP_TOLERANCE)",
          },
        ],
      }),
    ]);
  });
});
