import { avroNamespace, field, optional } from './builders';

/** Types shared by more than one topic. Vocabulary from /work/shared/domain.md (see schemas/README.md). */
export const COMMON = 'uk.homefirst.common';
const common = avroNamespace(COMMON);

/** Every person-level event carries it; pseudonymised exports drop it. */
export const nhsNumber = field(
  'nhsNumber',
  'string',
  'NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports.',
);

export const sourceChannel = common.vocabulary(
  'SourceChannel',
  'How the fact reached the hub. HUB marks facts the hub derived itself (alerts, audit).',
  ['FHIR', 'HL7V2', 'COUNCIL_API', 'COUNCIL_CSV', 'HUB'],
);

export const source = common.record('Source', 'Where a fact came from.', [
  field('channel', sourceChannel, 'Transport and format the message arrived in.'),
  field(
    'system',
    'string',
    'Sending application as it names itself (e.g. MSH-3, MessageHeader.source.name, a council system name).',
  ),
  field(
    'orgCode',
    'string',
    'ODS code of the sending NHS organisation, or the ONS code of the local authority (e.g. E08000012).',
  ),
  optional(
    'messageId',
    'string',
    'Id of the source message (HL7 MSH-10, FHIR Bundle.id, CSV file name + row); null when the source has none.',
  ),
]);

export const dataQualityCode = common.vocabulary(
  'DataQualityCode',
  'What a data-quality flag says. CLOCK_SKEW: two times of one source message are in the wrong order by less than the configured tolerance (clocks of different systems differ; the times are kept as sent). LEAP_SECOND: a time was written as a leap second (…:60) and is carried as the millisecond before it. STEP_OUT_OF_ORDER: a step of a council referral or package dated before a step it follows (e.g. a package started before it was requested), as back-dated case records often are. DERIVED_VALUE (v3): a payload field the source did not give, filled by a documented rule of the connector (e.g. a council route of access taken from the hospital named, a package id from the referral id); fields name the payload field and the source fields it came from.',
  ['CLOCK_SKEW', 'LEAP_SECOND', 'STEP_OUT_OF_ORDER', 'DERIVED_VALUE'],
);

export const dataQualityFlag = common.record(
  'DataQualityFlag',
  'Something about the source data a consumer may want to know: accepted, but not quite as the rules say.',
  [
    field('code', dataQualityCode, 'What kind of flag.'),
    field(
      'fields',
      { type: 'array', items: 'string' },
      'The source fields concerned (e.g. PV1-45, PV1-44; Encounter.period.end), most specific first.',
    ),
    field(
      'detail',
      'string',
      'One sentence for people: the rule and by how much (e.g. seconds); never a patient-identifying value.',
    ),
  ],
);

export const pathway = common.vocabulary(
  'Pathway',
  'Discharge to Assess pathway (DHSC hospital discharge guidance, Annex B): P0 home with no new support; P1 home with new support (Home First); P2 short-term bed-based intermediate care; P3 care home placement. UNKNOWN when not yet decided.',
  ['P0', 'P1', 'P2', 'P3'],
);

export const location = common.record(
  'Location',
  'Where a patient is in hospital (HL7 PV1-3 / FHIR Encounter.location). Any part may be unknown.',
  [
    optional('site', 'string', "ODS site code or the trust's site name."),
    optional('ward', 'string', 'Ward code as the trust sends it.'),
    optional('room', 'string', 'Room or bay.'),
    optional('bed', 'string', 'Bed.'),
  ],
);

export const delayReason = common.vocabulary(
  'DelayReason',
  'Why a patient who is ready for discharge is still in hospital. First the NHS England acute discharge sitrep reasons until 26 May 2024 (Table 5) with the community sitrep additions, then the reasons of the current acute return (from 27 May 2024) that Table 5 had no symbol for; the current return groups them in families (Hospital process, Care transfer hub process, Interface process, Capacity by pathway, Wellbeing concerns). Family, current reason of each older symbol and default attribution: delayFamilyOf, currentDelayReasonOf and delayAttributionOf in @homefirst/schemas (docs/delay-reasons.md). Readers that meet a symbol they do not know read UNKNOWN.',
  [
    'AWAITING_MEDICAL_DECISION_OR_DISCHARGE_SUMMARY',
    'AWAITING_DIAGNOSTIC_TEST',
    'AWAITING_MEDICINES_TO_TAKE_HOME',
    'AWAITING_THERAPY_DECISION',
    'AWAITING_TRANSPORT',
    'AWAITING_REFERRAL_TO_TRANSFER_HUB',
    'AWAITING_TRANSFER_HUB_CONFIRMATION',
    'AWAITING_EQUIPMENT_OR_ADAPTATIONS',
    'AWAITING_P1_CARE_AT_HOME',
    'AWAITING_P1_NEW_PACKAGE',
    'AWAITING_P1_CONTINUING_REHAB',
    'AWAITING_P2_BED',
    'AWAITING_P3_CARE_HOME_BED',
    'AWAITING_P3_END_OF_LIFE_BED',
    'AWAITING_CONTINUING_HEALTHCARE_DECISION',
    'PERSON_OR_FAMILY_DISAGREES',
    'HOMELESS_OR_NOWHERE_TO_GO',
    'INFECTION_CONTROL',
    'AWAITING_REPATRIATION',
    'SAFEGUARDING_OR_COURT_OF_PROTECTION',
    'NO_PLAN',
    'DECLARED_NCTR_THEN_MET_CRITERIA',
    // The current acute return (27 May 2024) — docs/delay-reasons.md; added after Table 5's, never reordered.
    'AWAITING_MEDICAL_REVIEW_OR_DECISION_TO_DISCHARGE',
    'AWAITING_THERAPY_REVIEW_FOR_SUPPORTED_DISCHARGE',
    'AWAITING_DISCHARGE_LETTER',
    'AWAITING_CONFIRMATION_OF_CARE_NEEDS_AND_PATHWAY',
    'AWAITING_FUNDING_DECISION',
    'P1_HOME_REHAB_ARRANGEMENTS_UNDERWAY',
    'P1_HOME_CARE_ARRANGEMENTS_UNDERWAY',
    'RESTART_OF_EXISTING_CARE_UNDERWAY',
    'P2_BED_ARRANGEMENTS_UNDERWAY',
    'P3_CARE_HOME_ARRANGEMENTS_UNDERWAY',
    'DISCHARGE_DESTINATION_NOT_READY',
    'OUT_OF_AREA_DISCHARGE_ARRANGEMENTS_UNDERWAY',
    'FURTHER_ACTION_REQUESTED_BY_PROVIDER',
    'P1_HOME_REHAB_NOT_AVAILABLE',
    'P1_HOME_CARE_NOT_AVAILABLE',
    'P2_BED_NOT_AVAILABLE',
    'P3_CARE_HOME_NOT_AVAILABLE',
    'HOUSING_NOT_AVAILABLE',
    'MENTAL_HEALTH_BED_NOT_AVAILABLE',
    'PATIENT_OR_FAMILY_CONCERNS_OVER_READINESS',
    'PATIENT_OR_FAMILY_CHOICE',
    'AWAITING_MENTAL_CAPACITY_ASSESSMENT',
  ],
);

export const delayAttribution = common.vocabulary(
  'DelayAttribution',
  'Which side of the system a delay is attributed to.',
  ['NHS', 'SOCIAL_CARE', 'BOTH'],
);

export const dischargeDelay = common.record('DischargeDelay', 'A delay reason with its attribution.', [
  field('reason', delayReason, 'Sitrep delay reason.'),
  field(
    'attribution',
    delayAttribution,
    'NHS, social care or both: as sent by the trust, else the hub default for the reason (delayAttributionOf in @homefirst/schemas).',
  ),
]);
