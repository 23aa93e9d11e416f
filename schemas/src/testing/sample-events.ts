import type {
  AlertEvent,
  AuditEvent,
  CouncilEvent,
  DeadLetterEvent,
  FeedEvent,
  HospitalEvent,
  RawEvent,
  Source,
  TopicName,
  EventsByTopic,
} from '../generated/events';

/**
 * One valid example of every event type of every topic, for tests here and in other packages
 * (`sampleEvents` from @homefirst/schemas). The `Record<type, …>` shapes make a new event type without
 * an example a compile error. NHS numbers are 999… test numbers; personKeys are made up.
 */
const at = (iso: string): Date => new Date(iso);

const trust: Source = { channel: 'HL7V2', system: 'PAS', orgCode: 'RXN', messageId: 'MSG00001' };
const council: Source = { channel: 'COUNCIL_API', system: 'LAS', orgCode: 'E08000012', messageId: 'REQ-77' };
const hub: Source = { channel: 'HUB', system: 'homefirst-alerts', orgCode: 'RXN', messageId: null };

const envelope = {
  eventId: '6c5b7f4e-0d7a-5a3b-8f19-2f1c4f3e9a10',
  occurredAt: at('2025-01-06T09:30:00.000Z'),
  recordedAt: at('2025-01-06T09:30:01.250Z'),
  personKey: 'q3Jt0mZ8n1XcYb2Wd4Lk7A',
  correlationId: 'corr-0001',
} as const;

const nhsNumber = '9434765919';
const spellId = 'V000123';
const ward = { site: 'RXN02', ward: 'WARD7', room: null, bed: 'B3' } as const;
const referral = { nhsNumber, referralId: 'REF-1', councilPersonId: 'LA-PERSON-77' } as const;
const brokerage = { ...referral, packageId: 'PKG-1' } as const;

const hospital = { ...envelope, source: trust } as const;
const councilSide = { ...envelope, source: council } as const;

export const hospitalSamples: { readonly [T in HospitalEvent['type']]: Extract<HospitalEvent, { type: T }> } =
  {
    PatientAdmitted: {
      ...hospital,
      type: 'PatientAdmitted',
      payload: {
        nhsNumber,
        spellId,
        location: ward,
        patientClass: 'INPATIENT',
        admissionMethodCode: '21',
        ageBandAtAdmission: 'AGE_75_TO_84',
        usualPlaceOfResidence: 'PRIVATE_RESIDENCE',
        admissionSourceCode: '19',
      },
    },
    PatientTransferred: {
      ...hospital,
      type: 'PatientTransferred',
      payload: {
        nhsNumber,
        spellId,
        from: ward,
        to: { site: 'RXN02', ward: 'WARD9', room: null, bed: null },
      },
    },
    DischargeReadyDeclared: {
      ...hospital,
      type: 'DischargeReadyDeclared',
      payload: {
        nhsNumber,
        spellId,
        dischargeReadyDate: '2025-01-06',
        dischargeReadyAt: at('2025-01-06T08:00:00.000Z'),
        proposedPathway: 'P1',
        delay: { reason: 'AWAITING_P1_NEW_PACKAGE', attribution: 'SOCIAL_CARE' },
      },
    },
    DischargeReadinessWithdrawn: {
      ...hospital,
      type: 'DischargeReadinessWithdrawn',
      payload: { nhsNumber, spellId, criterion: 'CTR02_OXYGEN_THERAPY' },
    },
    ExpectedDischargeDateSet: {
      ...hospital,
      type: 'ExpectedDischargeDateSet',
      payload: { nhsNumber, spellId, expectedDischargeDate: '2025-01-09' },
    },
    PatientDischarged: {
      ...hospital,
      type: 'PatientDischarged',
      payload: {
        nhsNumber,
        spellId,
        destination: 'DD19_USUAL_PLACE_OF_RESIDENCE',
        actualPathway: 'P1',
        dischargeMethodCode: '1',
      },
    },
    AdmissionCancelled: { ...hospital, type: 'AdmissionCancelled', payload: { nhsNumber, spellId } },
    DischargeCancelled: { ...hospital, type: 'DischargeCancelled', payload: { nhsNumber, spellId } },
    LeaveOfAbsenceStarted: {
      ...hospital,
      type: 'LeaveOfAbsenceStarted',
      payload: { nhsNumber, spellId, expectedReturnAt: at('2025-01-07T18:00:00.000Z') },
    },
    LeaveOfAbsenceEnded: { ...hospital, type: 'LeaveOfAbsenceEnded', payload: { nhsNumber, spellId } },
    PatientDied: { ...hospital, type: 'PatientDied', payload: { nhsNumber, spellId: null } },
    PatientsMerged: {
      ...hospital,
      type: 'PatientsMerged',
      payload: { nhsNumber, retiredPatientId: 'L0099', retiredNhsNumber: null, retiredPersonKey: null },
    },
  };

export const councilSamples: { readonly [T in CouncilEvent['type']]: Extract<CouncilEvent, { type: T }> } = {
  ReferralReceived: {
    ...councilSide,
    type: 'ReferralReceived',
    payload: {
      ...referral,
      routeOfAccess: 'DISCHARGE_FROM_HOSPITAL',
      referringOrgCode: 'RXN',
      pathway: 'P1',
      hospitalSpellId: spellId,
    },
  },
  AssessmentScheduled: {
    ...councilSide,
    type: 'AssessmentScheduled',
    payload: { ...referral, scheduledFor: at('2025-01-08T10:00:00.000Z') },
  },
  AssessmentCompleted: {
    ...councilSide,
    type: 'AssessmentCompleted',
    payload: { ...referral, servicesRequired: true },
  },
  PackageRequested: {
    ...councilSide,
    type: 'PackageRequested',
    payload: { ...brokerage, serviceType: 'REABLEMENT_AT_HOME', hoursPerWeek: 10.5 },
  },
  ProviderOffered: {
    ...councilSide,
    type: 'ProviderOffered',
    payload: { ...brokerage, providerId: 'PRV-3', providerName: 'Mersey Homecare Ltd' },
  },
  ProviderDeclined: {
    ...councilSide,
    type: 'ProviderDeclined',
    payload: {
      ...brokerage,
      providerId: 'PRV-3',
      reasonCode: 'NO_CAPACITY',
      providerName: 'Mersey Homecare Ltd',
    },
  },
  PackageSourced: {
    ...councilSide,
    type: 'PackageSourced',
    payload: {
      ...brokerage,
      providerId: 'PRV-4',
      plannedStartDate: '2025-01-10',
      providerName: 'Wirral Care at Home',
    },
  },
  PackageStarted: {
    ...councilSide,
    type: 'PackageStarted',
    payload: {
      ...brokerage,
      serviceType: 'REABLEMENT_AT_HOME',
      providerId: 'PRV-4',
      providerName: 'Wirral Care at Home',
    },
  },
  ReablementStarted: { ...councilSide, type: 'ReablementStarted', payload: { ...referral, setting: 'HOME' } },
  ReablementEnded: {
    ...councilSide,
    type: 'ReablementEnded',
    payload: { ...referral, outcome: 'NO_ONGOING_SUPPORT' },
  },
  ReferralCancelled: {
    ...councilSide,
    type: 'ReferralCancelled',
    payload: { ...referral, reasonCode: null },
  },
};

const alertFields = {
  spellId,
  orgCode: 'RXN',
  readyAt: at('2025-01-06T08:00:00.000Z'),
  deadlineAt: at('2025-01-08T08:00:00.000Z'),
  pathway: 'P1',
  location: ward,
  delay: null,
} as const;

export const alertSamples: { readonly [T in AlertEvent['type']]: Extract<AlertEvent, { type: T }> } = {
  DischargeDeadlineAtRisk: {
    ...envelope,
    source: hub,
    type: 'DischargeDeadlineAtRisk',
    payload: alertFields,
  },
  DischargeDeadlineBreached: {
    ...envelope,
    source: hub,
    type: 'DischargeDeadlineBreached',
    payload: alertFields,
  },
};

export const auditSamples: { readonly [T in AuditEvent['type']]: Extract<AuditEvent, { type: T }> } = {
  PersonRecordRead: {
    ...envelope,
    source: { ...hub, system: 'homefirst-api' },
    type: 'PersonRecordRead',
    payload: {
      actorId: 'user-42',
      actorRole: 'COUNCIL',
      actorOrgCode: 'E08000012',
      route: 'GET /journeys/{personKey}',
      pseudonymised: false,
    },
  },
  EventsExported: {
    ...envelope,
    source: { ...hub, system: 'homefirst-cli' },
    personKey: null,
    type: 'EventsExported',
    payload: {
      actorId: 'analyst-7',
      recipient: 'liverpool-bi',
      topics: ['homefirst.hospital.events.v1'],
      fromTime: '2025-01-06T00:00:00.000Z',
      toTime: null,
      types: [],
      format: 'parquet',
      pseudonymised: true,
      rows: 1024,
      outName: 'hospital.parquet',
    },
  },
  DeadLetterRedriven: {
    ...envelope,
    source: { ...hub, system: 'homefirst-cli' },
    personKey: null,
    type: 'DeadLetterRedriven',
    payload: {
      actorId: 'analyst-7',
      deadLetterEventId: '1b4e28ba-2fa1-51d2-883f-0016d3cca427',
      outcome: 'ACCEPTED',
      detail: null,
    },
  },
  ReadModelsRebuilt: {
    ...envelope,
    source: { ...hub, system: 'homefirst-projector' },
    personKey: null,
    type: 'ReadModelsRebuilt',
    payload: { actorId: 'analyst-7', fromVersion: 'v1', toVersion: 'v2', projection: 'all', events: 1000000 },
  },
  KafkaAccessChanged: {
    ...envelope,
    source: { ...hub, system: 'homefirst-cli' },
    personKey: null,
    type: 'KafkaAccessChanged',
    payload: {
      actorId: 'admin-1',
      principal: 'council-E08000012',
      change: 'GRANTED',
      topics: ['homefirst.feed.E08000012.v1'],
      groupPrefix: 'council-E08000012',
    },
  },
  SubscriptionChanged: {
    ...envelope,
    source: { ...hub, system: 'homefirst-webhooks' },
    personKey: null,
    type: 'SubscriptionChanged',
    payload: {
      actorId: 'admin-1',
      subscriptionId: 'e08000012-care-hub',
      laCode: 'E08000012',
      change: 'REPLAYED',
      endpointOrigin: 'https://hooks.liverpool.example',
      fromTime: '2026-01-01T00:00:00.000Z',
    },
  },
  PersonRecordsRead: {
    ...envelope,
    source: { ...hub, system: 'homefirst-api' },
    personKey: null,
    type: 'PersonRecordsRead',
    payload: {
      actorId: 'user-42',
      actorRole: 'TRUST',
      actorOrgCode: 'RHF',
      route: 'GET /api/v1/queue',
      pseudonymised: false,
      personKeys: ['k2hXmTq9Q0yJb8oV1wZr3A', 'Zp4sL0aQxV9tR2mN7cB1eQ'],
    },
  },
};

export const rawSamples: { readonly [T in RawEvent['type']]: Extract<RawEvent, { type: T }> } = {
  RawMessageReceived: {
    ...envelope,
    source: trust,
    personKey: null,
    type: 'RawMessageReceived',
    payload: {
      transport: 'MLLP',
      contentType: 'x-application/hl7-v2+er7',
      body: Buffer.from('MSH|^~\\&|PAS|RXN|||20250106093000||ADT^A01|MSG00001|P|2.4\r'),
    },
  },
};

export const deadLetterSamples: {
  readonly [T in DeadLetterEvent['type']]: Extract<DeadLetterEvent, { type: T }>;
} = {
  MessageDeadLettered: {
    ...envelope,
    source: trust,
    personKey: null,
    type: 'MessageDeadLettered',
    payload: {
      stage: 'PARSE',
      errorCode: 'HL7_PARSE',
      reason: 'MSH segment missing',
      retriable: false,
      contentType: 'x-application/hl7-v2+er7',
      input: Buffer.from('garbage'),
      rawEventId: null,
      originalTopic: null,
      originalPartition: null,
      originalOffset: null,
    },
  },
};

const feed = { ...envelope, laCode: 'E08000012', sourceEventId: envelope.eventId } as const;

/** Two feed events (one of each side); the router's tests build the rest from the samples above. */
export const feedSamples: readonly FeedEvent[] = [
  {
    ...feed,
    source: trust,
    type: 'FeedPatientAdmitted',
    payload: {
      nhsNumber,
      spellId,
      ageBandAtAdmission: 'AGE_75_TO_84',
      usualPlaceOfResidence: 'PRIVATE_RESIDENCE',
      admittedSite: ward.site,
      admittedWard: ward.ward,
    },
  },
  {
    ...feed,
    source: council,
    type: 'FeedReferralReceived',
    payload: {
      ...referral,
      routeOfAccess: 'DISCHARGE_FROM_HOSPITAL',
      referringOrgCode: 'RXN',
      pathway: 'P1',
      hospitalSpellId: spellId,
    },
  },
];

/** Every sample, by topic. */
export const sampleEvents: { readonly [T in TopicName]: readonly EventsByTopic[T][] } = {
  'homefirst.hospital.events.v1': Object.values(hospitalSamples),
  'homefirst.council.events.v1': Object.values(councilSamples),
  'homefirst.alerts.v1': Object.values(alertSamples),
  'homefirst.audit.v1': Object.values(auditSamples),
  'homefirst.raw.v1': Object.values(rawSamples),
  'homefirst.deadletter.v1': Object.values(deadLetterSamples),
  'homefirst.feed.{laCode}.v1': feedSamples,
};
