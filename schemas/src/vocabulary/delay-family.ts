import type { DelayReason, Pathway } from '../generated/events';

/**
 * The delay-reason families of NHS England's acute discharge situation report as collected from 27 May 2024
 * (it replaced the Excel "Table 5" of 18 reasons): reasons are reported for people with a length of stay of
 * 7+ and 14+ days, each reason named "<family> – <reason>", e.g. "Capacity – Bed-based rehabilitation,
 * reablement or recovery services not yet available (Pathway 2)".
 * Sources: https://www.england.nhs.uk/statistics/statistical-work-areas/discharge-delays/ (acute discharge
 * sitrep collection and its monthly long-format CSV, metric groups "Delay reason LOS 7+" and "LOS 14+");
 * the technical specification itself was not reachable from here, so the list below is the nearest faithful
 * version built from the published metric names found — docs/delay-reasons.md says which are verbatim.
 */
export const DELAY_FAMILIES = [
  'HOSPITAL_PROCESS',
  'CARE_TRANSFER_HUB_PROCESS',
  'INTERFACE_PROCESS',
  'CAPACITY',
  'WELLBEING_CONCERNS',
] as const;
export type DelayFamily = (typeof DELAY_FAMILIES)[number];
/** A code the hub cannot place in a family (UNKNOWN). */
export type DelayFamilyOrUnknown = DelayFamily | 'UNKNOWN';

/** A reason of the current acute return, as the hub codes it. */
export interface CurrentDelayReason {
  readonly code: DelayReason;
  readonly family: DelayFamily;
  /** The pathway the reason is about (Capacity and Interface reasons name one); null otherwise. */
  readonly pathway: Exclude<Pathway, 'UNKNOWN'> | null;
  /** The reason's wording in the return (after "<family> – "). */
  readonly label: string;
  /**
   * True when the wording is as published (a metric name of the monthly CSV); false when the hub inferred it
   * from a fragment of a published name (docs/delay-reasons.md, "Sources").
   */
  readonly verbatim: boolean;
}

const reason = (
  code: DelayReason,
  family: DelayFamily,
  label: string,
  verbatim: boolean,
  pathway: CurrentDelayReason['pathway'] = null,
): CurrentDelayReason => ({ code, family, pathway, label, verbatim });

/** The current return's reasons in the hub's codes, family by family (the order of every count the hub serves). */
export const CURRENT_DELAY_REASONS: readonly CurrentDelayReason[] = [
  reason(
    'AWAITING_MEDICAL_REVIEW_OR_DECISION_TO_DISCHARGE',
    'HOSPITAL_PROCESS',
    'Awaiting medical review or formal decision to discharge',
    false,
  ),
  reason(
    'AWAITING_THERAPY_REVIEW_FOR_SUPPORTED_DISCHARGE',
    'HOSPITAL_PROCESS',
    'Awaiting therapy review of need for supported discharge',
    true,
  ),
  reason('AWAITING_MEDICINES_TO_TAKE_HOME', 'HOSPITAL_PROCESS', 'Awaiting medicines to take home', false),
  reason('AWAITING_DISCHARGE_LETTER', 'HOSPITAL_PROCESS', 'Awaiting discharge letter', false),
  reason(
    'AWAITING_REFERRAL_TO_TRANSFER_HUB',
    'HOSPITAL_PROCESS',
    'Awaiting referral to care transfer hub',
    false,
  ),
  reason('AWAITING_TRANSPORT', 'HOSPITAL_PROCESS', 'Awaiting patient transport', false),
  reason(
    'AWAITING_CONFIRMATION_OF_CARE_NEEDS_AND_PATHWAY',
    'CARE_TRANSFER_HUB_PROCESS',
    'Waiting for confirmation of immediate care needs and pathway',
    true,
  ),
  reason(
    'AWAITING_FUNDING_DECISION',
    'CARE_TRANSFER_HUB_PROCESS',
    'Awaiting funding eligibility decision (including fast track CHC)',
    false,
  ),
  reason(
    'P1_HOME_REHAB_ARRANGEMENTS_UNDERWAY',
    'INTERFACE_PROCESS',
    'Home based rehabilitation, reablement or recovery service arrangements still underway (Pathway 1)',
    true,
    'P1',
  ),
  reason(
    'P1_HOME_CARE_ARRANGEMENTS_UNDERWAY',
    'INTERFACE_PROCESS',
    'Home based social care arrangements still underway (Pathway 1)',
    false,
    'P1',
  ),
  reason(
    'RESTART_OF_EXISTING_CARE_UNDERWAY',
    'INTERFACE_PROCESS',
    'Restart of existing social care arrangements still underway (Pathway 0)',
    false,
    'P0',
  ),
  reason(
    'P2_BED_ARRANGEMENTS_UNDERWAY',
    'INTERFACE_PROCESS',
    'Bed-based rehabilitation, reablement or recovery service arrangements still underway (Pathway 2)',
    true,
    'P2',
  ),
  reason(
    'P3_CARE_HOME_ARRANGEMENTS_UNDERWAY',
    'INTERFACE_PROCESS',
    'Residential or nursing home care arrangements still underway (Pathway 3)',
    true,
    'P3',
  ),
  reason(
    'AWAITING_EQUIPMENT_OR_ADAPTATIONS',
    'INTERFACE_PROCESS',
    'Equipment or housing adaptations arrangements still underway',
    false,
  ),
  reason('DISCHARGE_DESTINATION_NOT_READY', 'INTERFACE_PROCESS', 'Discharge destination readiness', false),
  reason(
    'OUT_OF_AREA_DISCHARGE_ARRANGEMENTS_UNDERWAY',
    'INTERFACE_PROCESS',
    'Out of area discharge arrangements still underway',
    false,
  ),
  reason(
    'FURTHER_ACTION_REQUESTED_BY_PROVIDER',
    'INTERFACE_PROCESS',
    'Further action requested by agreed provider',
    false,
  ),
  reason(
    'P1_HOME_REHAB_NOT_AVAILABLE',
    'CAPACITY',
    'Home-based rehabilitation, reablement or recovery services not yet available (Pathway 1)',
    true,
    'P1',
  ),
  reason(
    'P1_HOME_CARE_NOT_AVAILABLE',
    'CAPACITY',
    'Home based social care not yet available (Pathway 1)',
    false,
    'P1',
  ),
  reason(
    'P2_BED_NOT_AVAILABLE',
    'CAPACITY',
    'Bed-based rehabilitation, reablement or recovery services not yet available (Pathway 2)',
    true,
    'P2',
  ),
  reason(
    'P3_CARE_HOME_NOT_AVAILABLE',
    'CAPACITY',
    'Residential or nursing home care not yet available (Pathway 3)',
    true,
    'P3',
  ),
  reason(
    'HOUSING_NOT_AVAILABLE',
    'CAPACITY',
    'Housing provision not yet available (including homeless)',
    false,
  ),
  reason(
    'MENTAL_HEALTH_BED_NOT_AVAILABLE',
    'CAPACITY',
    'Mental health admitted patient care not yet available',
    false,
  ),
  reason(
    'PATIENT_OR_FAMILY_CONCERNS_OVER_READINESS',
    'WELLBEING_CONCERNS',
    'Patient/family/carer concerns over discharge readiness',
    true,
  ),
  reason('PATIENT_OR_FAMILY_CHOICE', 'WELLBEING_CONCERNS', 'Patient/family/carer choice', false),
  reason(
    'AWAITING_MENTAL_CAPACITY_ASSESSMENT',
    'WELLBEING_CONCERNS',
    'Awaiting mental capacity assessment or best-interests decision',
    false,
  ),
  reason(
    'SAFEGUARDING_OR_COURT_OF_PROTECTION',
    'WELLBEING_CONCERNS',
    'Safeguarding concern or Court of Protection',
    false,
  ),
];

/**
 * The default current reason of each Table 5 / community sitrep code that the current return does not name
 * itself (docs/delay-reasons.md has the table and why). Old feeds keep working: their codes are counted
 * under these. A deployment may override any line (HOMEFIRST_TABLE5_REASON_MAP in the API).
 */
export const TABLE5_TO_CURRENT: Readonly<Partial<Record<DelayReason, DelayReason>>> = {
  AWAITING_MEDICAL_DECISION_OR_DISCHARGE_SUMMARY: 'AWAITING_MEDICAL_REVIEW_OR_DECISION_TO_DISCHARGE',
  AWAITING_DIAGNOSTIC_TEST: 'AWAITING_MEDICAL_REVIEW_OR_DECISION_TO_DISCHARGE',
  AWAITING_THERAPY_DECISION: 'AWAITING_THERAPY_REVIEW_FOR_SUPPORTED_DISCHARGE',
  AWAITING_TRANSFER_HUB_CONFIRMATION: 'AWAITING_CONFIRMATION_OF_CARE_NEEDS_AND_PATHWAY',
  AWAITING_P1_CARE_AT_HOME: 'P1_HOME_REHAB_NOT_AVAILABLE',
  AWAITING_P1_NEW_PACKAGE: 'P1_HOME_CARE_NOT_AVAILABLE',
  AWAITING_P1_CONTINUING_REHAB: 'P1_HOME_REHAB_NOT_AVAILABLE',
  AWAITING_P2_BED: 'P2_BED_NOT_AVAILABLE',
  AWAITING_P3_CARE_HOME_BED: 'P3_CARE_HOME_NOT_AVAILABLE',
  AWAITING_P3_END_OF_LIFE_BED: 'P3_CARE_HOME_NOT_AVAILABLE',
  AWAITING_CONTINUING_HEALTHCARE_DECISION: 'AWAITING_FUNDING_DECISION',
  PERSON_OR_FAMILY_DISAGREES: 'PATIENT_OR_FAMILY_CHOICE',
  HOMELESS_OR_NOWHERE_TO_GO: 'HOUSING_NOT_AVAILABLE',
  INFECTION_CONTROL: 'DISCHARGE_DESTINATION_NOT_READY',
  AWAITING_REPATRIATION: 'OUT_OF_AREA_DISCHARGE_ARRANGEMENTS_UNDERWAY',
  NO_PLAN: 'AWAITING_CONFIRMATION_OF_CARE_NEEDS_AND_PATHWAY',
  DECLARED_NCTR_THEN_MET_CRITERIA: 'AWAITING_MEDICAL_REVIEW_OR_DECISION_TO_DISCHARGE',
};

const CURRENT_BY_CODE: ReadonlyMap<DelayReason, CurrentDelayReason> = new Map(
  CURRENT_DELAY_REASONS.map((current) => [current.code, current]),
);

/** The current return's reason of a hub code, or undefined when the code is not one (an older code, UNKNOWN). */
export const currentDelayReason = (code: DelayReason): CurrentDelayReason | undefined =>
  CURRENT_BY_CODE.get(code);

export const isCurrentDelayReason = (code: string): code is DelayReason =>
  CURRENT_BY_CODE.has(code as DelayReason);

/**
 * The current reason a code counts under: itself when it is one; else the deployment's override, else the
 * default table (TABLE5_TO_CURRENT); UNKNOWN stays UNKNOWN.
 */
export const currentDelayReasonOf = (
  code: DelayReason,
  overrides: ReadonlyMap<DelayReason, DelayReason> = new Map(),
): DelayReason => {
  if (CURRENT_BY_CODE.has(code)) return code;
  return overrides.get(code) ?? TABLE5_TO_CURRENT[code] ?? 'UNKNOWN';
};

/** The family a code counts under (through its current reason); UNKNOWN for UNKNOWN. */
export const delayFamilyOf = (
  code: DelayReason,
  overrides: ReadonlyMap<DelayReason, DelayReason> = new Map(),
): DelayFamilyOrUnknown => currentDelayReason(currentDelayReasonOf(code, overrides))?.family ?? 'UNKNOWN';

/** The Hospital process family's codes, and the older codes that count under it by default: the internal delays. */
export const hospitalProcessCodes = (): DelayReason[] =>
  (Object.keys(TABLE5_TO_CURRENT) as DelayReason[])
    .concat(CURRENT_DELAY_REASONS.map((current) => current.code))
    .filter((code) => delayFamilyOf(code) === 'HOSPITAL_PROCESS');

/**
 * Parses `OLD=CURRENT,…` (HOMEFIRST_TABLE5_REASON_MAP): each OLD must be a hub code that is not a current
 * reason, each CURRENT a current reason. Returns the map, or the problems (each naming the bad entry).
 */
export function parseTable5ReasonMap(
  text: string,
  knownCodes: readonly string[],
): { map: Map<DelayReason, DelayReason>; problems: string[] } {
  const map = new Map<DelayReason, DelayReason>();
  const problems: string[] = [];
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const [from = '', to = '', ...rest] = entry.split('=').map((part) => part.trim().toUpperCase());
    if (rest.length > 0 || !knownCodes.includes(from) || isCurrentDelayReason(from) || from === 'UNKNOWN')
      problems.push(`${entry}: the left side must be a Table 5 or community sitrep code of the hub`);
    else if (!isCurrentDelayReason(to))
      problems.push(`${entry}: the right side must be a reason of the current acute return`);
    else map.set(from as DelayReason, to);
  }
  return { map, problems };
}
