import type { DelayAttribution, DelayReason } from '../generated/events';

/**
 * The hub's default attribution of each sitrep delay reason, used when the trust sends a reason without
 * one. Sitreps do not attribute; this follows the old DToC practice and what a discharge hub manager
 * expects (rationale per line). Councils and trusts may disagree locally: the event carries the
 * attribution actually used, so a later change here does not rewrite history.
 */
export const delayAttributionByReason: Readonly<Record<DelayReason, DelayAttribution>> = {
  AWAITING_MEDICAL_DECISION_OR_DISCHARGE_SUMMARY: 'NHS', // ward process
  AWAITING_DIAGNOSTIC_TEST: 'NHS',
  AWAITING_MEDICINES_TO_TAKE_HOME: 'NHS', // pharmacy
  AWAITING_THERAPY_DECISION: 'NHS',
  AWAITING_TRANSPORT: 'NHS', // patient transport is NHS-commissioned
  AWAITING_REFERRAL_TO_TRANSFER_HUB: 'NHS', // the ward has not referred yet
  AWAITING_TRANSFER_HUB_CONFIRMATION: 'BOTH', // the care transfer hub is joint
  AWAITING_EQUIPMENT_OR_ADAPTATIONS: 'BOTH', // community equipment is jointly commissioned (DToC F)
  AWAITING_P1_CARE_AT_HOME: 'BOTH', // reablement/home care (council) or rehab at home (NHS community)
  AWAITING_P1_NEW_PACKAGE: 'SOCIAL_CARE', // home care (DToC E)
  AWAITING_P1_CONTINUING_REHAB: 'NHS', // community therapy
  AWAITING_P2_BED: 'BOTH', // intermediate-care beds are commissioned by both (DToC C/Di)
  AWAITING_P3_CARE_HOME_BED: 'SOCIAL_CARE', // residential/nursing placement (DToC Di/Dii)
  AWAITING_P3_END_OF_LIFE_BED: 'NHS', // fast-track continuing healthcare
  AWAITING_CONTINUING_HEALTHCARE_DECISION: 'NHS',
  PERSON_OR_FAMILY_DISAGREES: 'BOTH', // DToC G, attributed to whoever leads the plan
  HOMELESS_OR_NOWHERE_TO_GO: 'SOCIAL_CARE', // local authority housing duty (DToC I)
  INFECTION_CONTROL: 'NHS',
  AWAITING_REPATRIATION: 'NHS',
  SAFEGUARDING_OR_COURT_OF_PROTECTION: 'BOTH',
  NO_PLAN: 'NHS',
  DECLARED_NCTR_THEN_MET_CRITERIA: 'NHS',
  // The current acute return's reasons (docs/delay-reasons.md): every Hospital process reason is the NHS's.
  AWAITING_MEDICAL_REVIEW_OR_DECISION_TO_DISCHARGE: 'NHS', // ward process
  AWAITING_THERAPY_REVIEW_FOR_SUPPORTED_DISCHARGE: 'NHS',
  AWAITING_DISCHARGE_LETTER: 'NHS', // ward process
  AWAITING_CONFIRMATION_OF_CARE_NEEDS_AND_PATHWAY: 'BOTH', // the care transfer hub is joint
  AWAITING_FUNDING_DECISION: 'BOTH', // continuing healthcare (NHS) or council funding
  P1_HOME_REHAB_ARRANGEMENTS_UNDERWAY: 'BOTH', // as AWAITING_P1_CARE_AT_HOME
  P1_HOME_CARE_ARRANGEMENTS_UNDERWAY: 'SOCIAL_CARE', // home care (DToC E)
  RESTART_OF_EXISTING_CARE_UNDERWAY: 'SOCIAL_CARE', // the person's existing home care
  P2_BED_ARRANGEMENTS_UNDERWAY: 'BOTH', // as AWAITING_P2_BED
  P3_CARE_HOME_ARRANGEMENTS_UNDERWAY: 'SOCIAL_CARE', // as AWAITING_P3_CARE_HOME_BED
  DISCHARGE_DESTINATION_NOT_READY: 'BOTH', // the receiving home or service, either side
  OUT_OF_AREA_DISCHARGE_ARRANGEMENTS_UNDERWAY: 'BOTH', // another area's NHS or council
  FURTHER_ACTION_REQUESTED_BY_PROVIDER: 'BOTH', // the agreed provider, either side's
  P1_HOME_REHAB_NOT_AVAILABLE: 'BOTH', // as AWAITING_P1_CARE_AT_HOME
  P1_HOME_CARE_NOT_AVAILABLE: 'SOCIAL_CARE', // as AWAITING_P1_NEW_PACKAGE
  P2_BED_NOT_AVAILABLE: 'BOTH', // as AWAITING_P2_BED
  P3_CARE_HOME_NOT_AVAILABLE: 'SOCIAL_CARE', // as AWAITING_P3_CARE_HOME_BED
  HOUSING_NOT_AVAILABLE: 'SOCIAL_CARE', // as HOMELESS_OR_NOWHERE_TO_GO
  MENTAL_HEALTH_BED_NOT_AVAILABLE: 'NHS', // mental health inpatient care
  PATIENT_OR_FAMILY_CONCERNS_OVER_READINESS: 'BOTH', // as PERSON_OR_FAMILY_DISAGREES
  PATIENT_OR_FAMILY_CHOICE: 'BOTH', // as PERSON_OR_FAMILY_DISAGREES
  AWAITING_MENTAL_CAPACITY_ASSESSMENT: 'BOTH', // Mental Capacity Act duties of both
  UNKNOWN: 'UNKNOWN',
};

export const delayAttributionOf = (reason: DelayReason): DelayAttribution => delayAttributionByReason[reason];
