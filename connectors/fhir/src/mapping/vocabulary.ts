import {
  type DelayAttribution,
  type DischargeDestination,
  type PatientClass,
  type Pathway,
} from '@homefirst/schemas';

/**
 * Code lists of the FHIR edge: UK Core / HL7 codes the trusts send, and the hub's own CodeSystems for what
 * UK Core cannot say (discharge readiness). Every hub URL lives under https://fhir.homefirst.nhs.uk/.
 */

export const HUB_FHIR_BASE = 'https://fhir.homefirst.nhs.uk';
export const HUB_CODE_SYSTEM = {
  pathway: `${HUB_FHIR_BASE}/CodeSystem/Homefirst-DischargePathway`,
  delayReason: `${HUB_FHIR_BASE}/CodeSystem/Homefirst-DelayReason`,
  criteriaToReside: `${HUB_FHIR_BASE}/CodeSystem/Homefirst-CriteriaToReside`,
  messageEvent: `${HUB_FHIR_BASE}/CodeSystem/Homefirst-MessageEvent`,
  errorCode: `${HUB_FHIR_BASE}/CodeSystem/Homefirst-ErrorCode`,
} as const;

/** HL7 v3 ActCode (Encounter.class) → the hub's kind of stay. */
const CLASS_CODES: Readonly<Record<string, PatientClass>> = {
  IMP: 'INPATIENT',
  ACUTE: 'INPATIENT',
  NONAC: 'INPATIENT',
  SS: 'DAY_CASE',
  EMER: 'EMERGENCY',
  AMB: 'AMBULATORY',
  OBSENC: 'AMBULATORY',
  VR: 'AMBULATORY',
  HH: 'AMBULATORY',
  FLD: 'AMBULATORY',
  PRENC: 'OTHER',
};

export const patientClassOf = (code: string | undefined): PatientClass =>
  code === undefined ? 'UNKNOWN' : (CLASS_CODES[code.trim().toUpperCase()] ?? 'OTHER');

export const PATHWAYS = ['P0', 'P1', 'P2', 'P3'] as const satisfies readonly Pathway[];
export const isPathway = (code: string): code is (typeof PATHWAYS)[number] =>
  (PATHWAYS as readonly string[]).includes(code);

/**
 * The pathway a patient actually left on, from the England discharge destination and the pathway the ward
 * proposed. The destination alone cannot tell P0 from P1 (both go home) or P2 from P3 (both may be a care
 * home bed), so the proposal decides within what the destination allows; where the two disagree the
 * destination wins (it is what happened). A trust can state the pathway outright with the hub's
 * DischargePathway extension, which overrides this table.
 */
export function actualPathwayOf(destination: DischargeDestination, proposed: Pathway | null): Pathway {
  switch (destination) {
    case 'DD19_USUAL_PLACE_OF_RESIDENCE':
    case 'DD29_TEMPORARY_PLACE_OF_RESIDENCE':
      return proposed === 'P1' ? 'P1' : 'P0';
    case 'DD54_NHS_CARE_HOME':
    case 'DD55_CARE_HOME_WITH_NURSING':
    case 'DD56_CARE_HOME_WITHOUT_NURSING':
    case 'DD65_LOCAL_AUTHORITY_RESIDENTIAL':
    case 'DD85_NON_NHS_CARE_HOME':
      return proposed === 'P2' ? 'P2' : 'P3';
    case 'DD51_NHS_OTHER_HOSPITAL_GENERAL_WARD':
      // A community hospital rehab bed is P2; any other transfer to a hospital ward is no D2A pathway.
      return proposed === 'P2' ? 'P2' : 'UNKNOWN';
    case 'DD88_NON_NHS_HOSPICE':
      return 'P3'; // an end-of-life bed (community sitrep: P3 end of life)
    case 'DD37_COURT':
    case 'DD38_PENAL_ESTABLISHMENT_OR_POLICE_STATION':
    case 'DD48_HIGH_SECURITY_PSYCHIATRIC_SCOTLAND':
    case 'DD49_NHS_HIGH_SECURITY_PSYCHIATRIC':
    case 'DD50_NHS_MEDIUM_SECURE':
    case 'DD52_NHS_OTHER_HOSPITAL_MATERNITY_WARD':
    case 'DD53_NHS_OTHER_HOSPITAL_MENTAL_HEALTH_WARD':
    case 'DD66_LOCAL_AUTHORITY_FOSTER_CARE':
    case 'DD79_DIED':
    case 'DD84_NON_NHS_MEDIUM_SECURE':
    case 'DD87_NON_NHS_HOSPITAL':
    case 'DD98_NOT_APPLICABLE':
    case 'DD99_NOT_KNOWN':
      return 'UNKNOWN';
  }
}

// Delay reasons are coded in the hub CodeSystem by their symbol (e.g. P2_BED_NOT_AVAILABLE, AWAITING_P2_BED):
// read with hubDelayReasonOfCode (@homefirst/schemas), which also takes a trust's own codes.

export const DELAY_ATTRIBUTIONS = [
  'NHS',
  'SOCIAL_CARE',
  'BOTH',
] as const satisfies readonly DelayAttribution[];
export const isDelayAttribution = (code: string): code is (typeof DELAY_ATTRIBUTIONS)[number] =>
  (DELAY_ATTRIBUTIONS as readonly string[]).includes(code);

/**
 * What a message says happened (MessageHeader.eventCoding), where the Encounter's state alone cannot tell:
 * a cancelled discharge looks like any in-progress Encounter. HL7 v2 trigger events (table 0003, the codes
 * UK trust interface engines already use) and the hub's own MessageEvent codes are understood; anything
 * else is fine and the state of the Encounter decides.
 */
export type MessageIntent = 'admission-cancelled' | 'discharge-cancelled';
const V2_EVENT_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0003';
const INTENTS: ReadonlyArray<readonly [system: string, code: string, intent: MessageIntent]> = [
  [V2_EVENT_SYSTEM, 'A11', 'admission-cancelled'],
  [V2_EVENT_SYSTEM, 'A13', 'discharge-cancelled'],
  [HUB_CODE_SYSTEM.messageEvent, 'admission-cancelled', 'admission-cancelled'],
  [HUB_CODE_SYSTEM.messageEvent, 'discharge-cancelled', 'discharge-cancelled'],
];
export function intentOf(system: string | undefined, code: string | undefined): MessageIntent | null {
  if (code === undefined) return null;
  const wanted = system === V2_EVENT_SYSTEM ? code.trim().toUpperCase() : code.trim();
  return INTENTS.find(([s, c]) => s === system && c === wanted)?.[2] ?? null;
}
