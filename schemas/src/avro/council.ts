import { nhsNumber, pathway } from './common';
import { avroNamespace, eventsWith, field, localDate, optional, timestampMillis } from './builders';
import type { AvroField, AvroRecord } from './schema-types';

/**
 * Council stream: the care-brokerage lifecycle (referral → assessment → package request → provider
 * offers → sourced → started) and reablement. occurredAt is the time the thing happened.
 */
export const COUNCIL = 'uk.homefirst.council';
const council = avroNamespace(COUNCIL);

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
const councilPersonId = optional(
  'councilPersonId',
  'string',
  "The person's id in the council's case system (CLD LA_Person_Unique_Identifier), as sent, when the record has it. A local identifier: pseudonymised exports drop it and logs never show it. Added in v3.",
);
/** Appends the fields every council event ends with (added in v3) to an event builder. */
const endingWithPersonId =
  (build: (name: string, doc: string, ...own: AvroField[]) => AvroRecord) =>
  (name: string, doc: string, ...own: AvroField[]): AvroRecord =>
    build(name, doc, ...own, councilPersonId);
/** An event of one referral: the NHS number and referral id, the event's own fields, the council's person id. */
const referralEvent = endingWithPersonId(eventsWith(council.record, nhsNumber, referralId));
/** An event of one care package in brokerage: the referral's fields and the package id first. */
const packageEvent = endingWithPersonId(eventsWith(council.record, nhsNumber, referralId, packageId));
const providerName = optional(
  'providerName',
  'string',
  "The provider's name as the council's record gives it, when it does (an organisation, not a person). Added in v3.",
);

export const routeOfAccess = council.vocabulary(
  'RouteOfAccess',
  'How the person came to the council: the Client Level Data route of access (planned entry (transition), discharge from hospital, diversion from hospital services, community / other route, prison, self-funder, discharge from reablement, transfer from another local authority), plus SAFEGUARDING (hub v1). The CLD values other than the first four symbols were added in v3.',
  [
    'DISCHARGE_FROM_HOSPITAL',
    'DIVERSION_FROM_HOSPITAL',
    'COMMUNITY_OR_OTHER',
    'SAFEGUARDING',
    'PLANNED_ENTRY_TRANSITION',
    'PRISON',
    'SELF_FUNDER',
    'DISCHARGE_FROM_REABLEMENT',
    'TRANSFER_FROM_ANOTHER_LA',
  ],
);

export const serviceType = council.vocabulary(
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
  ],
);

export const reablementSetting = council.vocabulary(
  'ReablementSetting',
  'Where reablement happens: at home (P1) or in a bed-based service (P2).',
  ['HOME', 'BED_BASED'],
);

export const reablementOutcome = council.vocabulary(
  'ReablementOutcome',
  'Outcome of a period of reablement (short-term support to maximise independence), Client Level Data vocabulary.',
  [
    'NO_ONGOING_SUPPORT',
    'ONGOING_LOW_LEVEL_SUPPORT',
    'LONG_TERM_SUPPORT',
    'ADMITTED_TO_HOSPITAL',
    'DECEASED',
    'OTHER',
  ],
);

export const referralReceived = referralEvent(
  'ReferralReceived',
  'The council received a referral (CLD Request). occurredAt = when received.',
  field('routeOfAccess', routeOfAccess, 'Route of access.'),
  optional('referringOrgCode', 'string', 'ODS code of the referring trust, for hospital discharges.'),
  field('pathway', pathway, 'Discharge pathway requested by the hospital, UNKNOWN for other routes.'),
  optional(
    'hospitalSpellId',
    'string',
    "The hospital spell (HL7 PV1-19 visit number, FHIR Encounter.id) the referral names, as the council's record gives it; matches the hospital events' spellId when the trust's reference was copied exactly. Added in v3.",
  ),
);

export const assessmentScheduled = referralEvent(
  'AssessmentScheduled',
  'A Care Act / reablement assessment was booked.',
  field('scheduledFor', timestampMillis, 'When the assessment will take place.'),
);

export const assessmentCompleted = referralEvent(
  'AssessmentCompleted',
  'An assessment was completed (CLD Assessment). occurredAt = completion time.',
  field(
    'servicesRequired',
    'boolean',
    'Whether the assessment found needs the council will arrange services for.',
  ),
);

export const packageRequested = packageEvent(
  'PackageRequested',
  'A service request went to brokerage.',
  field('serviceType', serviceType, 'Kind of care requested.'),
  optional('hoursPerWeek', 'double', 'Home-care hours per week requested, when applicable.'),
);

export const providerOffered = packageEvent(
  'ProviderOffered',
  'Brokerage offered the requirement to a provider.',
  field('providerId', 'string', "Provider id in the council's framework / dynamic purchasing system."),
  providerName,
);

export const providerDeclined = packageEvent(
  'ProviderDeclined',
  'A provider declined the requirement.',
  field('providerId', 'string', 'Provider id.'),
  optional(
    'reasonCode',
    'string',
    "Council's decline reason code, when given (no free text: it may hold personal data).",
  ),
  providerName,
);

export const packageSourced = packageEvent(
  'PackageSourced',
  'A provider accepted the requirement and a start date was confirmed.',
  field('providerId', 'string', 'Provider id.'),
  field('plannedStartDate', localDate, 'Confirmed start date.'),
  providerName,
);

export const packageStarted = packageEvent(
  'PackageStarted',
  'A home-care package or care-home placement started (CLD Service). occurredAt = start.',
  field(
    'serviceType',
    serviceType,
    'Kind of care that started; RESIDENTIAL_CARE / NURSING_CARE for placements.',
  ),
  optional('providerId', 'string', 'Provider id.'),
  providerName,
);

export const reablementStarted = referralEvent(
  'ReablementStarted',
  'A period of reablement started (usually up to 6 weeks).',
  field('setting', reablementSetting, 'At home or bed-based.'),
);

export const reablementEnded = referralEvent(
  'ReablementEnded',
  'A period of reablement ended.',
  field('outcome', reablementOutcome, 'Outcome (CLD).'),
);

export const referralCancelled = referralEvent(
  'ReferralCancelled',
  'The referral was cancelled or closed without a service.',
  optional('reasonCode', 'string', "Council's reason code, when given."),
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
