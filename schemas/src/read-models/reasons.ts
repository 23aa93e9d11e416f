import type { DelayReason } from '../generated/events';

/**
 * Why a ready person is still in hospital. The trust's own reason when it gave one; otherwise derived
 * from the council's brokerage state (design.md): no referral → AWAITING_REFERRAL_TO_TRANSFER_HUB;
 * referral but nothing arranged yet → AWAITING_ASSESSMENT; package requested, not sourced → the
 * pathway's wait (P1 care at home, P2 bed, P3 care-home bed); sourced, not started → AWAITING_PACKAGE_START.
 * The two hub-only reasons map onto a sitrep reason by pathway (sitrepReasonOf) for Table 5 counts.
 */
export type QueueReason = DelayReason | 'AWAITING_ASSESSMENT' | 'AWAITING_PACKAGE_START';

/** Sitrep Table 5 order (NHS England acute discharge sitrep, then the community additions). */
export const SITREP_REASONS: readonly DelayReason[] = [
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
  'UNKNOWN',
];
