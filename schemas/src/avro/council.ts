import { pathway } from './common';
import { field, localDate, optional, record, timestampMillis, vocabulary } from './builders';

/**
 * Council stream: the care-brokerage lifecycle (referral → assessment → package request → provider
 * offers → sourced → started) and reablement. occurredAt is the time the thing happened.
 */
export const COUNCIL = 'uk.homefirst.council';

const nhsNumber = field(
  'nhsNumber',
  'string',
  'NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports.',
);
const referralId = field(
  'referralId',
  'string',
  "The council's reference for the referral (case/request id in its case system).",
);
const packageId = field(
  'packageId',
  'string',
  "The council's reference for the service request sent to brokerage.",
);

export const routeOfAccess = vocabulary(
  COUNCIL,
  'RouteOfAccess',
  'How the person came to the council (Client Level Data route of access, simplified).',
  ['DISCHARGE_FROM_HOSPITAL', 'DIVERSION_FROM_HOSPITAL', 'COMMUNITY_OR_OTHER', 'SAFEGUARDING', 'UNKNOWN'],
  'UNKNOWN',
);

export const serviceType = vocabulary(
  COUNCIL,
  'ServiceType',
  'Kind of care arranged (Client Level Data service type, simplified).',
  [
    'REABLEMENT_AT_HOME',
    'REABLEMENT_BED',
    'HOME_CARE',
    'RESIDENTIAL_CARE',
    'NURSING_CARE',
    'EQUIPMENT_OR_ADAPTATIONS',
    'OTHER',
    'UNKNOWN',
  ],
  'UNKNOWN',
);

export const reablementSetting = vocabulary(
  COUNCIL,
  'ReablementSetting',
  'Where reablement happens: at home (P1) or in a bed-based service (P2).',
  ['HOME', 'BED_BASED', 'UNKNOWN'],
  'UNKNOWN',
);

export const reablementOutcome = vocabulary(
  COUNCIL,
  'ReablementOutcome',
  'Outcome of a period of reablement (short-term support to maximise independence), Client Level Data vocabulary.',
  [
    'NO_ONGOING_SUPPORT',
    'ONGOING_LOW_LEVEL_SUPPORT',
    'LONG_TERM_SUPPORT',
    'ADMITTED_TO_HOSPITAL',
    'DECEASED',
    'OTHER',
    'UNKNOWN',
  ],
  'UNKNOWN',
);

export const referralReceived = record(
  COUNCIL,
  'ReferralReceived',
  'The council received a referral (CLD Request). occurredAt = when received.',
  [
    nhsNumber,
    referralId,
    field('routeOfAccess', routeOfAccess, 'Route of access.'),
    optional('referringOrgCode', 'string', 'ODS code of the referring trust, for hospital discharges.'),
    field('pathway', pathway, 'Discharge pathway requested by the hospital, UNKNOWN for other routes.'),
  ],
);

export const assessmentScheduled = record(
  COUNCIL,
  'AssessmentScheduled',
  'A Care Act / reablement assessment was booked.',
  [nhsNumber, referralId, field('scheduledFor', timestampMillis, 'When the assessment will take place.')],
);

export const assessmentCompleted = record(
  COUNCIL,
  'AssessmentCompleted',
  'An assessment was completed (CLD Assessment). occurredAt = completion time.',
  [
    nhsNumber,
    referralId,
    field(
      'servicesRequired',
      'boolean',
      'Whether the assessment found needs the council will arrange services for.',
    ),
  ],
);

export const packageRequested = record(COUNCIL, 'PackageRequested', 'A service request went to brokerage.', [
  nhsNumber,
  referralId,
  packageId,
  field('serviceType', serviceType, 'Kind of care requested.'),
  optional('hoursPerWeek', 'double', 'Home-care hours per week requested, when applicable.'),
]);

export const providerOffered = record(
  COUNCIL,
  'ProviderOffered',
  'Brokerage offered the requirement to a provider.',
  [
    nhsNumber,
    referralId,
    packageId,
    field('providerId', 'string', "Provider id in the council's framework / dynamic purchasing system."),
  ],
);

export const providerDeclined = record(COUNCIL, 'ProviderDeclined', 'A provider declined the requirement.', [
  nhsNumber,
  referralId,
  packageId,
  field('providerId', 'string', 'Provider id.'),
  optional(
    'reasonCode',
    'string',
    "Council's decline reason code, when given (no free text: it may hold personal data).",
  ),
]);

export const packageSourced = record(
  COUNCIL,
  'PackageSourced',
  'A provider accepted the requirement and a start date was confirmed.',
  [
    nhsNumber,
    referralId,
    packageId,
    field('providerId', 'string', 'Provider id.'),
    field('plannedStartDate', localDate, 'Confirmed start date.'),
  ],
);

export const packageStarted = record(
  COUNCIL,
  'PackageStarted',
  'A home-care package or care-home placement started (CLD Service). occurredAt = start.',
  [
    nhsNumber,
    referralId,
    packageId,
    field(
      'serviceType',
      serviceType,
      'Kind of care that started; RESIDENTIAL_CARE / NURSING_CARE for placements.',
    ),
    optional('providerId', 'string', 'Provider id.'),
  ],
);

export const reablementStarted = record(
  COUNCIL,
  'ReablementStarted',
  'A period of reablement started (usually up to 6 weeks).',
  [nhsNumber, referralId, field('setting', reablementSetting, 'At home or bed-based.')],
);

export const reablementEnded = record(COUNCIL, 'ReablementEnded', 'A period of reablement ended.', [
  nhsNumber,
  referralId,
  field('outcome', reablementOutcome, 'Outcome (CLD).'),
]);

export const referralCancelled = record(
  COUNCIL,
  'ReferralCancelled',
  'The referral was cancelled or closed without a service.',
  [nhsNumber, referralId, optional('reasonCode', 'string', "Council's reason code, when given.")],
);

export const councilEvents = [
  referralReceived,
  assessmentScheduled,
  assessmentCompleted,
  packageRequested,
  providerOffered,
  providerDeclined,
  packageSourced,
  packageStarted,
  reablementStarted,
  reablementEnded,
  referralCancelled,
] as const;
