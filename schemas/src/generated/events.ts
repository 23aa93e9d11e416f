// GENERATED from the Avro schemas by schemas/src/codegen — do not edit.
// Regenerate: npm run generate -w @homefirst/schemas
import type { LocalDate } from '../avro/logical-types';

/** How the fact reached the hub. HUB marks facts the hub derived itself (alerts, audit). */
export type SourceChannel = 'FHIR' | 'HL7V2' | 'COUNCIL_API' | 'COUNCIL_CSV' | 'HUB' | 'UNKNOWN';

/** Where a fact came from. */
export interface Source {
  /** Transport and format the message arrived in. */
  readonly channel: SourceChannel;
  /** Sending application as it names itself (e.g. MSH-3, MessageHeader.source.name, a council system name). */
  readonly system: string;
  /** ODS code of the sending NHS organisation, or the ONS code of the local authority (e.g. E08000012). */
  readonly orgCode: string;
  /** Id of the source message (HL7 MSH-10, FHIR Bundle.id, CSV file name + row); null when the source has none. */
  readonly messageId: string | null;
}

/** What a data-quality flag says. CLOCK_SKEW: two times of one source message are in the wrong order by less than the configured tolerance (clocks of different systems differ; the times are kept as sent). LEAP_SECOND: a time was written as a leap second (…:60) and is carried as the millisecond before it. STEP_OUT_OF_ORDER: a step of a council referral or package dated before a step it follows (e.g. a package started before it was requested), as back-dated case records often are. DERIVED_VALUE (v3): a payload field the source did not give, filled by a documented rule of the connector (e.g. a council route of access taken from the hospital named, a package id from the referral id); fields name the payload field and the source fields it came from. */
export type DataQualityCode =
  'CLOCK_SKEW' | 'LEAP_SECOND' | 'STEP_OUT_OF_ORDER' | 'DERIVED_VALUE' | 'UNKNOWN';

/** Something about the source data a consumer may want to know: accepted, but not quite as the rules say. */
export interface DataQualityFlag {
  /** What kind of flag. */
  readonly code: DataQualityCode;
  /** The source fields concerned (e.g. PV1-45, PV1-44; Encounter.period.end), most specific first. */
  readonly fields: readonly string[];
  /** One sentence for people: the rule and by how much (e.g. seconds); never a patient-identifying value. */
  readonly detail: string;
}

/** Envelope fields every topic has. */
export interface EventEnvelope {
  /** Unique id of this event. A UUID v5 derived from the source message (channel, org code, message id, event type, part) when the source has an id, so resends and replays dedupe; otherwise a random UUID. */
  readonly eventId: string;
  /** Event time: when it happened in the world (as the source says). */
  readonly occurredAt: Date;
  /** When the hub recorded the event. */
  readonly recordedAt: Date;
  /** Where the fact came from. */
  readonly source: Source;
  /** Id tying together everything caused by one inbound message or request (logs, raw record, events). */
  readonly correlationId: string;
}

/** Event type: the name of the payload record. Unknown is never written; an older reader sees it for a type added later. */
export type HospitalEventType =
  | 'PatientAdmitted'
  | 'PatientTransferred'
  | 'DischargeReadyDeclared'
  | 'DischargeReadinessWithdrawn'
  | 'ExpectedDischargeDateSet'
  | 'PatientDischarged'
  | 'AdmissionCancelled'
  | 'DischargeCancelled'
  | 'LeaveOfAbsenceStarted'
  | 'LeaveOfAbsenceEnded'
  | 'PatientDied'
  | 'PatientsMerged'
  | 'Unknown';

/** Where a patient is in hospital (HL7 PV1-3 / FHIR Encounter.location). Any part may be unknown. */
export interface Location {
  /** ODS site code or the trust's site name. */
  readonly site: string | null;
  /** Ward code as the trust sends it. */
  readonly ward: string | null;
  /** Room or bay. */
  readonly room: string | null;
  /** Bed. */
  readonly bed: string | null;
}

/** Kind of hospital stay (HL7 PV1-2 / FHIR Encounter.class). */
export type PatientClass = 'INPATIENT' | 'DAY_CASE' | 'EMERGENCY' | 'AMBULATORY' | 'OTHER' | 'UNKNOWN';

/** Age in whole years at the admission time (UK calendar date of admission), banded: 0-17, 18-64, 65-74, 75-84, 85 and over. Computed by the connector from the date of birth, which is never carried. */
export type AgeBand =
  'AGE_0_TO_17' | 'AGE_18_TO_64' | 'AGE_65_TO_74' | 'AGE_75_TO_84' | 'AGE_85_AND_OVER' | 'UNKNOWN';

/** Usual place of residence at admission, from the NHS source of admission code: PRIVATE_RESIDENCE (19, includes no fixed abode), TEMPORARY_RESIDENCE (29), CARE_HOME (54 NHS-run, 65 local authority residential, 85 non-NHS), PENAL_ESTABLISHMENT (37 court, 39, 40 penal establishment, 42 police station), OTHER (66 foster care, 79 born in hospital). UNKNOWN when the code does not say where the person lives (transfers from another hospital or a hospice, 98, 99, unlisted codes). */
export type UsualPlaceOfResidence =
  'PRIVATE_RESIDENCE' | 'TEMPORARY_RESIDENCE' | 'CARE_HOME' | 'PENAL_ESTABLISHMENT' | 'OTHER' | 'UNKNOWN';

/** A patient was admitted (HL7 A01, FHIR Encounter in-progress). occurredAt = admission time. */
export interface PatientAdmitted {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** Hospital provider spell id: HL7 PV1-19 visit number or FHIR Encounter.id. */
  readonly spellId: string;
  /** Where the patient was admitted to. */
  readonly location: Location;
  /** Kind of stay. */
  readonly patientClass: PatientClass;
  /** NHS Data Dictionary admission method code as sent (11-13 elective, 21-28 emergency, ...). */
  readonly admissionMethodCode: string | null;
  /** Age band at admission, computed by the connector from the date of birth (HL7 PID-7, FHIR Patient.birthDate) and the admission time; null when the source gives no usable date of birth. Added in v3. */
  readonly ageBandAtAdmission?: AgeBand | null;
  /** Usual place of residence at admission, from the source of admission (HL7 PV1-14, FHIR Encounter.hospitalization.admitSource); null when the source gives none. Added in v3. */
  readonly usualPlaceOfResidence?: UsualPlaceOfResidence | null;
  /** NHS Data Dictionary source of admission code as sent (19 usual place of residence, 54 NHS-run care home, ...); null when not given. Added in v3. */
  readonly admissionSourceCode?: string | null;
}

/** A patient moved bed, ward or site within the trust (HL7 A02). occurredAt = transfer time. */
export interface PatientTransferred {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** Hospital provider spell id: HL7 PV1-19 visit number or FHIR Encounter.id. */
  readonly spellId: string;
  /** Previous location when known. */
  readonly from: Location | null;
  /** New location. */
  readonly to: Location;
}

/** Discharge to Assess pathway (DHSC hospital discharge guidance, Annex B): P0 home with no new support; P1 home with new support (Home First); P2 short-term bed-based intermediate care; P3 care home placement. UNKNOWN when not yet decided. */
export type Pathway = 'P0' | 'P1' | 'P2' | 'P3' | 'UNKNOWN';

/** Why a patient who is ready for discharge is still in hospital. First the NHS England acute discharge sitrep reasons until 26 May 2024 (Table 5) with the community sitrep additions, then the reasons of the current acute return (from 27 May 2024) that Table 5 had no symbol for; the current return groups them in families (Hospital process, Care transfer hub process, Interface process, Capacity by pathway, Wellbeing concerns). Family, current reason of each older symbol and default attribution: delayFamilyOf, currentDelayReasonOf and delayAttributionOf in @homefirst/schemas (docs/delay-reasons.md). Readers that meet a symbol they do not know read UNKNOWN. */
export type DelayReason =
  | 'AWAITING_MEDICAL_DECISION_OR_DISCHARGE_SUMMARY'
  | 'AWAITING_DIAGNOSTIC_TEST'
  | 'AWAITING_MEDICINES_TO_TAKE_HOME'
  | 'AWAITING_THERAPY_DECISION'
  | 'AWAITING_TRANSPORT'
  | 'AWAITING_REFERRAL_TO_TRANSFER_HUB'
  | 'AWAITING_TRANSFER_HUB_CONFIRMATION'
  | 'AWAITING_EQUIPMENT_OR_ADAPTATIONS'
  | 'AWAITING_P1_CARE_AT_HOME'
  | 'AWAITING_P1_NEW_PACKAGE'
  | 'AWAITING_P1_CONTINUING_REHAB'
  | 'AWAITING_P2_BED'
  | 'AWAITING_P3_CARE_HOME_BED'
  | 'AWAITING_P3_END_OF_LIFE_BED'
  | 'AWAITING_CONTINUING_HEALTHCARE_DECISION'
  | 'PERSON_OR_FAMILY_DISAGREES'
  | 'HOMELESS_OR_NOWHERE_TO_GO'
  | 'INFECTION_CONTROL'
  | 'AWAITING_REPATRIATION'
  | 'SAFEGUARDING_OR_COURT_OF_PROTECTION'
  | 'NO_PLAN'
  | 'DECLARED_NCTR_THEN_MET_CRITERIA'
  | 'AWAITING_MEDICAL_REVIEW_OR_DECISION_TO_DISCHARGE'
  | 'AWAITING_THERAPY_REVIEW_FOR_SUPPORTED_DISCHARGE'
  | 'AWAITING_DISCHARGE_LETTER'
  | 'AWAITING_CONFIRMATION_OF_CARE_NEEDS_AND_PATHWAY'
  | 'AWAITING_FUNDING_DECISION'
  | 'P1_HOME_REHAB_ARRANGEMENTS_UNDERWAY'
  | 'P1_HOME_CARE_ARRANGEMENTS_UNDERWAY'
  | 'RESTART_OF_EXISTING_CARE_UNDERWAY'
  | 'P2_BED_ARRANGEMENTS_UNDERWAY'
  | 'P3_CARE_HOME_ARRANGEMENTS_UNDERWAY'
  | 'DISCHARGE_DESTINATION_NOT_READY'
  | 'OUT_OF_AREA_DISCHARGE_ARRANGEMENTS_UNDERWAY'
  | 'FURTHER_ACTION_REQUESTED_BY_PROVIDER'
  | 'P1_HOME_REHAB_NOT_AVAILABLE'
  | 'P1_HOME_CARE_NOT_AVAILABLE'
  | 'P2_BED_NOT_AVAILABLE'
  | 'P3_CARE_HOME_NOT_AVAILABLE'
  | 'HOUSING_NOT_AVAILABLE'
  | 'MENTAL_HEALTH_BED_NOT_AVAILABLE'
  | 'PATIENT_OR_FAMILY_CONCERNS_OVER_READINESS'
  | 'PATIENT_OR_FAMILY_CHOICE'
  | 'AWAITING_MENTAL_CAPACITY_ASSESSMENT'
  | 'UNKNOWN';

/** Which side of the system a delay is attributed to. */
export type DelayAttribution = 'NHS' | 'SOCIAL_CARE' | 'BOTH' | 'UNKNOWN';

/** A delay reason with its attribution. */
export interface DischargeDelay {
  /** Sitrep delay reason. */
  readonly reason: DelayReason;
  /** NHS, social care or both: as sent by the trust, else the hub default for the reason (delayAttributionOf in @homefirst/schemas). */
  readonly attribution: DelayAttribution;
}

/** The patient no longer meets the criteria to reside (NCTR). occurredAt = when the trust recorded it. Starts the 48-hour clock. */
export interface DischargeReadyDeclared {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** Hospital provider spell id: HL7 PV1-19 visit number or FHIR Encounter.id. */
  readonly spellId: string;
  /** Discharge Ready Date (DRD): the day the patient stopped meeting the criteria to reside. */
  readonly dischargeReadyDate: LocalDate;
  /** Time NCTR was declared, when known; the 48-hour clock starts here, else at the DRD. */
  readonly dischargeReadyAt: Date | null;
  /** Pathway the patient is expected to leave on. */
  readonly proposedPathway: Pathway;
  /** Delay reason, when the trust gives one. */
  readonly delay: DischargeDelay | null;
}

/** A criterion to reside (NHS Data Dictionary codes 01-12) the patient meets again. */
export type CriterionToReside =
  | 'CTR01_CRITICAL_CARE'
  | 'CTR02_OXYGEN_THERAPY'
  | 'CTR03_INTRAVENOUS_FLUIDS'
  | 'CTR04_NEWS_ABOVE_3'
  | 'CTR05_REDUCED_CONSCIOUSNESS'
  | 'CTR06_ACUTE_FUNCTIONAL_IMPAIRMENT'
  | 'CTR07_LAST_HOURS_OF_LIFE'
  | 'CTR08_INTRAVENOUS_MEDICATION'
  | 'CTR09_LOWER_LIMB_SURGERY_WITHIN_48H'
  | 'CTR10_THORAX_ABDOMEN_PELVIS_SURGERY_WITHIN_72H'
  | 'CTR11_INVASIVE_PROCEDURE_WITHIN_24H'
  | 'CTR12_OTHER_OR_NOT_RECORDED';

/** The patient meets the criteria to reside again; a later DischargeReadyDeclared restarts the DRD. */
export interface DischargeReadinessWithdrawn {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** Hospital provider spell id: HL7 PV1-19 visit number or FHIR Encounter.id. */
  readonly spellId: string;
  /** The criterion met again, when known. */
  readonly criterion: CriterionToReside | null;
}

/** The expected discharge date was set or changed (HL7 PV2-9, FHIR Encounter.period.end planned). */
export interface ExpectedDischargeDateSet {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** Hospital provider spell id: HL7 PV1-19 visit number or FHIR Encounter.id. */
  readonly spellId: string;
  /** Expected discharge date. */
  readonly expectedDischargeDate: LocalDate;
}

/** Where the patient went on discharge: England discharge destination code (NHS Data Dictionary), e.g. DD19 usual place of residence, DD79 died. */
export type DischargeDestination =
  | 'DD19_USUAL_PLACE_OF_RESIDENCE'
  | 'DD29_TEMPORARY_PLACE_OF_RESIDENCE'
  | 'DD37_COURT'
  | 'DD38_PENAL_ESTABLISHMENT_OR_POLICE_STATION'
  | 'DD48_HIGH_SECURITY_PSYCHIATRIC_SCOTLAND'
  | 'DD49_NHS_HIGH_SECURITY_PSYCHIATRIC'
  | 'DD50_NHS_MEDIUM_SECURE'
  | 'DD51_NHS_OTHER_HOSPITAL_GENERAL_WARD'
  | 'DD52_NHS_OTHER_HOSPITAL_MATERNITY_WARD'
  | 'DD53_NHS_OTHER_HOSPITAL_MENTAL_HEALTH_WARD'
  | 'DD54_NHS_CARE_HOME'
  | 'DD55_CARE_HOME_WITH_NURSING'
  | 'DD56_CARE_HOME_WITHOUT_NURSING'
  | 'DD65_LOCAL_AUTHORITY_RESIDENTIAL'
  | 'DD66_LOCAL_AUTHORITY_FOSTER_CARE'
  | 'DD79_DIED'
  | 'DD84_NON_NHS_MEDIUM_SECURE'
  | 'DD85_NON_NHS_CARE_HOME'
  | 'DD87_NON_NHS_HOSPITAL'
  | 'DD88_NON_NHS_HOSPICE'
  | 'DD98_NOT_APPLICABLE'
  | 'DD99_NOT_KNOWN';

/** The patient left hospital (HL7 A03, FHIR Encounter finished). occurredAt = discharge time. */
export interface PatientDischarged {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** Hospital provider spell id: HL7 PV1-19 visit number or FHIR Encounter.id. */
  readonly spellId: string;
  /** England discharge destination code. */
  readonly destination: DischargeDestination;
  /** Pathway the patient actually left on. */
  readonly actualPathway: Pathway;
  /** NHS Data Dictionary discharge method code as sent (1 clinical advice, 4 died, ...). */
  readonly dischargeMethodCode: string | null;
}

/** An admission was recorded in error and cancelled (HL7 A11). */
export interface AdmissionCancelled {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** Hospital provider spell id: HL7 PV1-19 visit number or FHIR Encounter.id. */
  readonly spellId: string;
}

/** A discharge was cancelled; the patient is still in hospital (HL7 A13). */
export interface DischargeCancelled {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** Hospital provider spell id: HL7 PV1-19 visit number or FHIR Encounter.id. */
  readonly spellId: string;
}

/** The patient went on leave of absence (HL7 A21, FHIR Encounter onleave). */
export interface LeaveOfAbsenceStarted {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** Hospital provider spell id: HL7 PV1-19 visit number or FHIR Encounter.id. */
  readonly spellId: string;
  /** When the patient is expected back. */
  readonly expectedReturnAt: Date | null;
}

/** The patient returned from leave of absence (HL7 A22). */
export interface LeaveOfAbsenceEnded {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** Hospital provider spell id: HL7 PV1-19 visit number or FHIR Encounter.id. */
  readonly spellId: string;
}

/** The patient died in hospital. occurredAt = time of death. */
export interface PatientDied {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** Spell the patient died in, when known. */
  readonly spellId: string | null;
}

/** Two patient records were merged (HL7 A40). The envelope personKey is the surviving person; events under retiredPersonKey now belong to them. */
export interface PatientsMerged {
  /** NHS number of the surviving record. */
  readonly nhsNumber: string;
  /** Local patient id of the retired record (HL7 MRG-1). */
  readonly retiredPatientId: string;
  /** NHS number of the retired record, when it had a different one. */
  readonly retiredNhsNumber: string | null;
  /** personKey of the retired record, when its NHS number differed. */
  readonly retiredPersonKey: string | null;
}

/** Envelope fields of topic homefirst.hospital.events.v1. An event on the hospital stream. */
export interface HospitalEventEnvelope extends EventEnvelope {
  /** Pseudonymous person id: HMAC-SHA256 of the NHS number, see schemas/README.md. Also the Kafka message key. */
  readonly personKey: string;
  /** Data-quality flags of the source message the event came from (see DataQualityFlag); null when there are none. Added in v2; absent from events written before. */
  readonly dataQuality?: readonly DataQualityFlag[] | null;
}

/** PatientAdmitted on homefirst.hospital.events.v1. */
export interface PatientAdmittedEvent extends HospitalEventEnvelope {
  /** Event type. */
  readonly type: 'PatientAdmitted';
  /** The event itself: the record named by `type`. */
  readonly payload: PatientAdmitted;
}

/** PatientTransferred on homefirst.hospital.events.v1. */
export interface PatientTransferredEvent extends HospitalEventEnvelope {
  /** Event type. */
  readonly type: 'PatientTransferred';
  /** The event itself: the record named by `type`. */
  readonly payload: PatientTransferred;
}

/** DischargeReadyDeclared on homefirst.hospital.events.v1. */
export interface DischargeReadyDeclaredEvent extends HospitalEventEnvelope {
  /** Event type. */
  readonly type: 'DischargeReadyDeclared';
  /** The event itself: the record named by `type`. */
  readonly payload: DischargeReadyDeclared;
}

/** DischargeReadinessWithdrawn on homefirst.hospital.events.v1. */
export interface DischargeReadinessWithdrawnEvent extends HospitalEventEnvelope {
  /** Event type. */
  readonly type: 'DischargeReadinessWithdrawn';
  /** The event itself: the record named by `type`. */
  readonly payload: DischargeReadinessWithdrawn;
}

/** ExpectedDischargeDateSet on homefirst.hospital.events.v1. */
export interface ExpectedDischargeDateSetEvent extends HospitalEventEnvelope {
  /** Event type. */
  readonly type: 'ExpectedDischargeDateSet';
  /** The event itself: the record named by `type`. */
  readonly payload: ExpectedDischargeDateSet;
}

/** PatientDischarged on homefirst.hospital.events.v1. */
export interface PatientDischargedEvent extends HospitalEventEnvelope {
  /** Event type. */
  readonly type: 'PatientDischarged';
  /** The event itself: the record named by `type`. */
  readonly payload: PatientDischarged;
}

/** AdmissionCancelled on homefirst.hospital.events.v1. */
export interface AdmissionCancelledEvent extends HospitalEventEnvelope {
  /** Event type. */
  readonly type: 'AdmissionCancelled';
  /** The event itself: the record named by `type`. */
  readonly payload: AdmissionCancelled;
}

/** DischargeCancelled on homefirst.hospital.events.v1. */
export interface DischargeCancelledEvent extends HospitalEventEnvelope {
  /** Event type. */
  readonly type: 'DischargeCancelled';
  /** The event itself: the record named by `type`. */
  readonly payload: DischargeCancelled;
}

/** LeaveOfAbsenceStarted on homefirst.hospital.events.v1. */
export interface LeaveOfAbsenceStartedEvent extends HospitalEventEnvelope {
  /** Event type. */
  readonly type: 'LeaveOfAbsenceStarted';
  /** The event itself: the record named by `type`. */
  readonly payload: LeaveOfAbsenceStarted;
}

/** LeaveOfAbsenceEnded on homefirst.hospital.events.v1. */
export interface LeaveOfAbsenceEndedEvent extends HospitalEventEnvelope {
  /** Event type. */
  readonly type: 'LeaveOfAbsenceEnded';
  /** The event itself: the record named by `type`. */
  readonly payload: LeaveOfAbsenceEnded;
}

/** PatientDied on homefirst.hospital.events.v1. */
export interface PatientDiedEvent extends HospitalEventEnvelope {
  /** Event type. */
  readonly type: 'PatientDied';
  /** The event itself: the record named by `type`. */
  readonly payload: PatientDied;
}

/** PatientsMerged on homefirst.hospital.events.v1. */
export interface PatientsMergedEvent extends HospitalEventEnvelope {
  /** Event type. */
  readonly type: 'PatientsMerged';
  /** The event itself: the record named by `type`. */
  readonly payload: PatientsMerged;
}

/** Any event on homefirst.hospital.events.v1; switch on `type`. (HospitalEventType also has the never-written symbol Unknown.) */
export type HospitalEvent =
  | PatientAdmittedEvent
  | PatientTransferredEvent
  | DischargeReadyDeclaredEvent
  | DischargeReadinessWithdrawnEvent
  | ExpectedDischargeDateSetEvent
  | PatientDischargedEvent
  | AdmissionCancelledEvent
  | DischargeCancelledEvent
  | LeaveOfAbsenceStartedEvent
  | LeaveOfAbsenceEndedEvent
  | PatientDiedEvent
  | PatientsMergedEvent;

/** Event type: the name of the payload record. Unknown is never written; an older reader sees it for a type added later. */
export type CouncilEventType =
  | 'ReferralReceived'
  | 'AssessmentScheduled'
  | 'AssessmentCompleted'
  | 'PackageRequested'
  | 'ProviderOffered'
  | 'ProviderDeclined'
  | 'PackageSourced'
  | 'PackageStarted'
  | 'ReablementStarted'
  | 'ReablementEnded'
  | 'ReferralCancelled'
  | 'Unknown';

/** How the person came to the council: the Client Level Data route of access (planned entry (transition), discharge from hospital, diversion from hospital services, community / other route, prison, self-funder, discharge from reablement, transfer from another local authority), plus SAFEGUARDING (hub v1). The CLD values other than the first four symbols were added in v3. */
export type RouteOfAccess =
  | 'DISCHARGE_FROM_HOSPITAL'
  | 'DIVERSION_FROM_HOSPITAL'
  | 'COMMUNITY_OR_OTHER'
  | 'SAFEGUARDING'
  | 'PLANNED_ENTRY_TRANSITION'
  | 'PRISON'
  | 'SELF_FUNDER'
  | 'DISCHARGE_FROM_REABLEMENT'
  | 'TRANSFER_FROM_ANOTHER_LA'
  | 'UNKNOWN';

/** The council received a referral (CLD Request). occurredAt = when received. */
export interface ReferralReceived {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** The council's reference for the referral (case/request id in its case system). */
  readonly referralId: string;
  /** Route of access. */
  readonly routeOfAccess: RouteOfAccess;
  /** ODS code of the referring trust, for hospital discharges. */
  readonly referringOrgCode: string | null;
  /** Discharge pathway requested by the hospital, UNKNOWN for other routes. */
  readonly pathway: Pathway;
  /** The hospital spell (HL7 PV1-19 visit number, FHIR Encounter.id) the referral names, as the council's record gives it; matches the hospital events' spellId when the trust's reference was copied exactly. Added in v3. */
  readonly hospitalSpellId?: string | null;
  /** The person's id in the council's case system (CLD LA_Person_Unique_Identifier), as sent, when the record has it. A local identifier: pseudonymised exports drop it and logs never show it. Added in v3. */
  readonly councilPersonId?: string | null;
}

/** A Care Act / reablement assessment was booked. */
export interface AssessmentScheduled {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** The council's reference for the referral (case/request id in its case system). */
  readonly referralId: string;
  /** When the assessment will take place. */
  readonly scheduledFor: Date;
  /** The person's id in the council's case system (CLD LA_Person_Unique_Identifier), as sent, when the record has it. A local identifier: pseudonymised exports drop it and logs never show it. Added in v3. */
  readonly councilPersonId?: string | null;
}

/** An assessment was completed (CLD Assessment). occurredAt = completion time. */
export interface AssessmentCompleted {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** The council's reference for the referral (case/request id in its case system). */
  readonly referralId: string;
  /** Whether the assessment found needs the council will arrange services for. */
  readonly servicesRequired: boolean;
  /** The person's id in the council's case system (CLD LA_Person_Unique_Identifier), as sent, when the record has it. A local identifier: pseudonymised exports drop it and logs never show it. Added in v3. */
  readonly councilPersonId?: string | null;
}

/** Kind of care arranged (Client Level Data service type, simplified). */
export type ServiceType =
  | 'REABLEMENT_AT_HOME'
  | 'REABLEMENT_BED'
  | 'HOME_CARE'
  | 'RESIDENTIAL_CARE'
  | 'NURSING_CARE'
  | 'EQUIPMENT_OR_ADAPTATIONS'
  | 'OTHER'
  | 'UNKNOWN';

/** A service request went to brokerage. */
export interface PackageRequested {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** The council's reference for the referral (case/request id in its case system). */
  readonly referralId: string;
  /** The council's reference for the service request sent to brokerage. */
  readonly packageId: string;
  /** Kind of care requested. */
  readonly serviceType: ServiceType;
  /** Home-care hours per week requested, when applicable. */
  readonly hoursPerWeek: number | null;
  /** The person's id in the council's case system (CLD LA_Person_Unique_Identifier), as sent, when the record has it. A local identifier: pseudonymised exports drop it and logs never show it. Added in v3. */
  readonly councilPersonId?: string | null;
}

/** Brokerage offered the requirement to a provider. */
export interface ProviderOffered {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** The council's reference for the referral (case/request id in its case system). */
  readonly referralId: string;
  /** The council's reference for the service request sent to brokerage. */
  readonly packageId: string;
  /** Provider id in the council's framework / dynamic purchasing system. */
  readonly providerId: string;
  /** The provider's name as the council's record gives it, when it does (an organisation, not a person). Added in v3. */
  readonly providerName?: string | null;
  /** The person's id in the council's case system (CLD LA_Person_Unique_Identifier), as sent, when the record has it. A local identifier: pseudonymised exports drop it and logs never show it. Added in v3. */
  readonly councilPersonId?: string | null;
}

/** A provider declined the requirement. */
export interface ProviderDeclined {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** The council's reference for the referral (case/request id in its case system). */
  readonly referralId: string;
  /** The council's reference for the service request sent to brokerage. */
  readonly packageId: string;
  /** Provider id. */
  readonly providerId: string;
  /** Council's decline reason code, when given (no free text: it may hold personal data). */
  readonly reasonCode: string | null;
  /** The provider's name as the council's record gives it, when it does (an organisation, not a person). Added in v3. */
  readonly providerName?: string | null;
  /** The person's id in the council's case system (CLD LA_Person_Unique_Identifier), as sent, when the record has it. A local identifier: pseudonymised exports drop it and logs never show it. Added in v3. */
  readonly councilPersonId?: string | null;
}

/** A provider accepted the requirement and a start date was confirmed. */
export interface PackageSourced {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** The council's reference for the referral (case/request id in its case system). */
  readonly referralId: string;
  /** The council's reference for the service request sent to brokerage. */
  readonly packageId: string;
  /** Provider id. */
  readonly providerId: string;
  /** Confirmed start date. */
  readonly plannedStartDate: LocalDate;
  /** The provider's name as the council's record gives it, when it does (an organisation, not a person). Added in v3. */
  readonly providerName?: string | null;
  /** The person's id in the council's case system (CLD LA_Person_Unique_Identifier), as sent, when the record has it. A local identifier: pseudonymised exports drop it and logs never show it. Added in v3. */
  readonly councilPersonId?: string | null;
}

/** A home-care package or care-home placement started (CLD Service). occurredAt = start. */
export interface PackageStarted {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** The council's reference for the referral (case/request id in its case system). */
  readonly referralId: string;
  /** The council's reference for the service request sent to brokerage. */
  readonly packageId: string;
  /** Kind of care that started; RESIDENTIAL_CARE / NURSING_CARE for placements. */
  readonly serviceType: ServiceType;
  /** Provider id. */
  readonly providerId: string | null;
  /** The provider's name as the council's record gives it, when it does (an organisation, not a person). Added in v3. */
  readonly providerName?: string | null;
  /** The person's id in the council's case system (CLD LA_Person_Unique_Identifier), as sent, when the record has it. A local identifier: pseudonymised exports drop it and logs never show it. Added in v3. */
  readonly councilPersonId?: string | null;
}

/** Where reablement happens: at home (P1) or in a bed-based service (P2). */
export type ReablementSetting = 'HOME' | 'BED_BASED' | 'UNKNOWN';

/** A period of reablement started (usually up to 6 weeks). */
export interface ReablementStarted {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** The council's reference for the referral (case/request id in its case system). */
  readonly referralId: string;
  /** At home or bed-based. */
  readonly setting: ReablementSetting;
  /** The person's id in the council's case system (CLD LA_Person_Unique_Identifier), as sent, when the record has it. A local identifier: pseudonymised exports drop it and logs never show it. Added in v3. */
  readonly councilPersonId?: string | null;
}

/** Outcome of a period of reablement (short-term support to maximise independence), Client Level Data vocabulary. */
export type ReablementOutcome =
  | 'NO_ONGOING_SUPPORT'
  | 'ONGOING_LOW_LEVEL_SUPPORT'
  | 'LONG_TERM_SUPPORT'
  | 'ADMITTED_TO_HOSPITAL'
  | 'DECEASED'
  | 'OTHER'
  | 'UNKNOWN';

/** A period of reablement ended. */
export interface ReablementEnded {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** The council's reference for the referral (case/request id in its case system). */
  readonly referralId: string;
  /** Outcome (CLD). */
  readonly outcome: ReablementOutcome;
  /** The person's id in the council's case system (CLD LA_Person_Unique_Identifier), as sent, when the record has it. A local identifier: pseudonymised exports drop it and logs never show it. Added in v3. */
  readonly councilPersonId?: string | null;
}

/** The referral was cancelled or closed without a service. */
export interface ReferralCancelled {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** The council's reference for the referral (case/request id in its case system). */
  readonly referralId: string;
  /** Council's reason code, when given. */
  readonly reasonCode: string | null;
  /** The person's id in the council's case system (CLD LA_Person_Unique_Identifier), as sent, when the record has it. A local identifier: pseudonymised exports drop it and logs never show it. Added in v3. */
  readonly councilPersonId?: string | null;
}

/** Envelope fields of topic homefirst.council.events.v1. An event on the council stream. */
export interface CouncilEventEnvelope extends EventEnvelope {
  /** Pseudonymous person id: HMAC-SHA256 of the NHS number, see schemas/README.md. Also the Kafka message key. */
  readonly personKey: string;
  /** Data-quality flags of the source message the event came from (see DataQualityFlag); null when there are none. Added in v2; absent from events written before. */
  readonly dataQuality?: readonly DataQualityFlag[] | null;
}

/** ReferralReceived on homefirst.council.events.v1. */
export interface ReferralReceivedEvent extends CouncilEventEnvelope {
  /** Event type. */
  readonly type: 'ReferralReceived';
  /** The event itself: the record named by `type`. */
  readonly payload: ReferralReceived;
}

/** AssessmentScheduled on homefirst.council.events.v1. */
export interface AssessmentScheduledEvent extends CouncilEventEnvelope {
  /** Event type. */
  readonly type: 'AssessmentScheduled';
  /** The event itself: the record named by `type`. */
  readonly payload: AssessmentScheduled;
}

/** AssessmentCompleted on homefirst.council.events.v1. */
export interface AssessmentCompletedEvent extends CouncilEventEnvelope {
  /** Event type. */
  readonly type: 'AssessmentCompleted';
  /** The event itself: the record named by `type`. */
  readonly payload: AssessmentCompleted;
}

/** PackageRequested on homefirst.council.events.v1. */
export interface PackageRequestedEvent extends CouncilEventEnvelope {
  /** Event type. */
  readonly type: 'PackageRequested';
  /** The event itself: the record named by `type`. */
  readonly payload: PackageRequested;
}

/** ProviderOffered on homefirst.council.events.v1. */
export interface ProviderOfferedEvent extends CouncilEventEnvelope {
  /** Event type. */
  readonly type: 'ProviderOffered';
  /** The event itself: the record named by `type`. */
  readonly payload: ProviderOffered;
}

/** ProviderDeclined on homefirst.council.events.v1. */
export interface ProviderDeclinedEvent extends CouncilEventEnvelope {
  /** Event type. */
  readonly type: 'ProviderDeclined';
  /** The event itself: the record named by `type`. */
  readonly payload: ProviderDeclined;
}

/** PackageSourced on homefirst.council.events.v1. */
export interface PackageSourcedEvent extends CouncilEventEnvelope {
  /** Event type. */
  readonly type: 'PackageSourced';
  /** The event itself: the record named by `type`. */
  readonly payload: PackageSourced;
}

/** PackageStarted on homefirst.council.events.v1. */
export interface PackageStartedEvent extends CouncilEventEnvelope {
  /** Event type. */
  readonly type: 'PackageStarted';
  /** The event itself: the record named by `type`. */
  readonly payload: PackageStarted;
}

/** ReablementStarted on homefirst.council.events.v1. */
export interface ReablementStartedEvent extends CouncilEventEnvelope {
  /** Event type. */
  readonly type: 'ReablementStarted';
  /** The event itself: the record named by `type`. */
  readonly payload: ReablementStarted;
}

/** ReablementEnded on homefirst.council.events.v1. */
export interface ReablementEndedEvent extends CouncilEventEnvelope {
  /** Event type. */
  readonly type: 'ReablementEnded';
  /** The event itself: the record named by `type`. */
  readonly payload: ReablementEnded;
}

/** ReferralCancelled on homefirst.council.events.v1. */
export interface ReferralCancelledEvent extends CouncilEventEnvelope {
  /** Event type. */
  readonly type: 'ReferralCancelled';
  /** The event itself: the record named by `type`. */
  readonly payload: ReferralCancelled;
}

/** Any event on homefirst.council.events.v1; switch on `type`. (CouncilEventType also has the never-written symbol Unknown.) */
export type CouncilEvent =
  | ReferralReceivedEvent
  | AssessmentScheduledEvent
  | AssessmentCompletedEvent
  | PackageRequestedEvent
  | ProviderOfferedEvent
  | ProviderDeclinedEvent
  | PackageSourcedEvent
  | PackageStartedEvent
  | ReablementStartedEvent
  | ReablementEndedEvent
  | ReferralCancelledEvent;

/** Event type: the name of the payload record. Unknown is never written; an older reader sees it for a type added later. */
export type AlertEventType = 'DischargeDeadlineAtRisk' | 'DischargeDeadlineBreached' | 'Unknown';

/** A person ready for discharge is close to 48 hours without leaving. occurredAt = when the hub raised it. */
export interface DischargeDeadlineAtRisk {
  /** Hospital provider spell the readiness episode belongs to. */
  readonly spellId: string;
  /** ODS code of the trust. */
  readonly orgCode: string;
  /** Start of the 48-hour clock (NCTR time, else the start of the DRD). */
  readonly readyAt: Date;
  /** readyAt + 48 hours. */
  readonly deadlineAt: Date;
  /** Proposed pathway at the time of the alert. */
  readonly pathway: Pathway;
  /** Last known location in hospital. */
  readonly location: Location | null;
  /** Last known delay reason. */
  readonly delay: DischargeDelay | null;
}

/** A person ready for discharge has waited more than 48 hours. occurredAt = the deadline. */
export interface DischargeDeadlineBreached {
  /** Hospital provider spell the readiness episode belongs to. */
  readonly spellId: string;
  /** ODS code of the trust. */
  readonly orgCode: string;
  /** Start of the 48-hour clock (NCTR time, else the start of the DRD). */
  readonly readyAt: Date;
  /** readyAt + 48 hours. */
  readonly deadlineAt: Date;
  /** Proposed pathway at the time of the alert. */
  readonly pathway: Pathway;
  /** Last known location in hospital. */
  readonly location: Location | null;
  /** Last known delay reason. */
  readonly delay: DischargeDelay | null;
}

/** Envelope fields of topic homefirst.alerts.v1. A 48-hour alert. */
export interface AlertEventEnvelope extends EventEnvelope {
  /** Pseudonymous person id: HMAC-SHA256 of the NHS number, see schemas/README.md. Also the Kafka message key. */
  readonly personKey: string;
}

/** DischargeDeadlineAtRisk on homefirst.alerts.v1. */
export interface DischargeDeadlineAtRiskEvent extends AlertEventEnvelope {
  /** Event type. */
  readonly type: 'DischargeDeadlineAtRisk';
  /** The event itself: the record named by `type`. */
  readonly payload: DischargeDeadlineAtRisk;
}

/** DischargeDeadlineBreached on homefirst.alerts.v1. */
export interface DischargeDeadlineBreachedEvent extends AlertEventEnvelope {
  /** Event type. */
  readonly type: 'DischargeDeadlineBreached';
  /** The event itself: the record named by `type`. */
  readonly payload: DischargeDeadlineBreached;
}

/** Any event on homefirst.alerts.v1; switch on `type`. (AlertEventType also has the never-written symbol Unknown.) */
export type AlertEvent = DischargeDeadlineAtRiskEvent | DischargeDeadlineBreachedEvent;

/** Event type: the name of the payload record. Unknown is never written; an older reader sees it for a type added later. */
export type AuditEventType =
  | 'PersonRecordRead'
  | 'EventsExported'
  | 'DeadLetterRedriven'
  | 'ReadModelsRebuilt'
  | 'KafkaAccessChanged'
  | 'SubscriptionChanged'
  | 'PersonRecordsRead'
  | 'Unknown';

/** Role of the bearer token that made the call. */
export type ActorRole = 'TRUST' | 'COUNCIL' | 'ANALYST' | 'ADMIN' | 'UNKNOWN';

/** Someone read a person-level record. occurredAt = time of the request. */
export interface PersonRecordRead {
  /** Subject of the bearer token. */
  readonly actorId: string;
  /** Role of the token. */
  readonly actorRole: ActorRole;
  /** Organisation scope of the token (ODS or LA code). */
  readonly actorOrgCode: string;
  /** API route template read, e.g. GET /journeys/{personKey}. */
  readonly route: string;
  /** Whether the response withheld the NHS number. */
  readonly pseudonymised: boolean;
}

/** Someone exported events from the hub (`homefirst export events`). occurredAt = when the export finished. */
export interface EventsExported {
  /** Who ran the command: --actor, else HOMEFIRST_ACTOR, else the operating-system user. */
  readonly actorId: string;
  /** Who the extract is for (--recipient), when named. */
  readonly recipient: string | null;
  /** Topics read (full names). */
  readonly topics: readonly string[];
  /** Lower bound of the time filter (ISO 8601), when given. */
  readonly fromTime: string | null;
  /** Upper bound of the time filter (ISO 8601), when given. */
  readonly toTime: string | null;
  /** Event types kept; empty = every type. */
  readonly types: readonly string[];
  /** Output format: ndjson, csv or parquet. */
  readonly format: string;
  /** Whether identifiers and free text were removed. */
  readonly pseudonymised: boolean;
  /** Rows written (one per event id). */
  readonly rows: number;
  /** File name written (the name only, not the folder). */
  readonly outName: string;
}

/** Someone sent a dead letter through the live pipeline again (`homefirst deadletters redrive`). occurredAt = when it was answered. */
export interface DeadLetterRedriven {
  /** Who ran the command: --actor, else HOMEFIRST_ACTOR, else the operating-system user. */
  readonly actorId: string;
  /** eventId of the dead letter redriven. */
  readonly deadLetterEventId: string;
  /** What the pipeline answered: ACCEPTED, REFUSED or FAILED. */
  readonly outcome: string;
  /** The error code of a new refusal or failure (no patient data). */
  readonly detail: string | null;
}

/** Someone rebuilt the read models from the topics (`homefirst replay rebuild`). occurredAt = when the new version went live. */
export interface ReadModelsRebuilt {
  /** Who ran the command: --actor, else HOMEFIRST_ACTOR, else the operating-system user. */
  readonly actorId: string;
  /** The version that was live before, when there was one. */
  readonly fromVersion: string | null;
  /** The version made live. */
  readonly toVersion: string;
  /** What was rebuilt (all, or one projection). */
  readonly projection: string;
  /** Events read by the rebuild. */
  readonly events: number;
}

/** Someone granted or revoked a Kafka principal's access (`homefirst councils add | remove`). occurredAt = when the broker applied it. */
export interface KafkaAccessChanged {
  /** Who ran the command: --actor, else HOMEFIRST_ACTOR, else the operating-system user. */
  readonly actorId: string;
  /** The SCRAM user granted or revoked, e.g. council-E08000012. */
  readonly principal: string;
  /** GRANTED (user, ACLs and feed topic created or refreshed) or REVOKED (ACLs and user deleted). */
  readonly change: string;
  /** Topics the principal may read after a grant, or could read before a revoke. */
  readonly topics: readonly string[];
  /** The consumer-group prefix it may use (after a grant) or could use (before a revoke). */
  readonly groupPrefix: string;
}

/** Someone added, paused, resumed, replayed or removed a webhook subscription (`homefirst subscriptions …`). occurredAt = when the change was written. */
export interface SubscriptionChanged {
  /** Who ran the command: --actor, else HOMEFIRST_ACTOR, else the operating-system user. */
  readonly actorId: string;
  /** The subscription changed. */
  readonly subscriptionId: string;
  /** ONS code of the council whose feed it delivers. */
  readonly laCode: string;
  /** ADDED, PAUSED, RESUMED, REPLAYED or REMOVED. */
  readonly change: string;
  /** Scheme, host and port of the endpoint (never its path or query, which may hold tokens). */
  readonly endpointOrigin: string;
  /** Where a replay restarted delivery (ISO 8601), for REPLAYED. */
  readonly fromTime: string | null;
}

/** Someone read a page of person-level records (a list route: the queue, the 48-hour tracker). One record per response, naming every person the page showed; personKey is null. occurredAt = time of the request. */
export interface PersonRecordsRead {
  /** Subject of the token or session. */
  readonly actorId: string;
  /** Role of the token or session. */
  readonly actorRole: ActorRole;
  /** Organisation scope of the token (ODS or LA code). */
  readonly actorOrgCode: string;
  /** API route template read, e.g. GET /api/v1/queue. */
  readonly route: string;
  /** Whether the response withheld the NHS number. */
  readonly pseudonymised: boolean;
  /** The personKey of every person on the page, in the order shown. */
  readonly personKeys: readonly string[];
}

/** Envelope fields of topic homefirst.audit.v1. An audit record. */
export interface AuditEventEnvelope extends EventEnvelope {
  /** Pseudonymous person id, when already known at this stage; null otherwise. */
  readonly personKey: string | null;
}

/** PersonRecordRead on homefirst.audit.v1. */
export interface PersonRecordReadEvent extends AuditEventEnvelope {
  /** Event type. */
  readonly type: 'PersonRecordRead';
  /** The event itself: the record named by `type`. */
  readonly payload: PersonRecordRead;
}

/** EventsExported on homefirst.audit.v1. */
export interface EventsExportedEvent extends AuditEventEnvelope {
  /** Event type. */
  readonly type: 'EventsExported';
  /** The event itself: the record named by `type`. */
  readonly payload: EventsExported;
}

/** DeadLetterRedriven on homefirst.audit.v1. */
export interface DeadLetterRedrivenEvent extends AuditEventEnvelope {
  /** Event type. */
  readonly type: 'DeadLetterRedriven';
  /** The event itself: the record named by `type`. */
  readonly payload: DeadLetterRedriven;
}

/** ReadModelsRebuilt on homefirst.audit.v1. */
export interface ReadModelsRebuiltEvent extends AuditEventEnvelope {
  /** Event type. */
  readonly type: 'ReadModelsRebuilt';
  /** The event itself: the record named by `type`. */
  readonly payload: ReadModelsRebuilt;
}

/** KafkaAccessChanged on homefirst.audit.v1. */
export interface KafkaAccessChangedEvent extends AuditEventEnvelope {
  /** Event type. */
  readonly type: 'KafkaAccessChanged';
  /** The event itself: the record named by `type`. */
  readonly payload: KafkaAccessChanged;
}

/** SubscriptionChanged on homefirst.audit.v1. */
export interface SubscriptionChangedEvent extends AuditEventEnvelope {
  /** Event type. */
  readonly type: 'SubscriptionChanged';
  /** The event itself: the record named by `type`. */
  readonly payload: SubscriptionChanged;
}

/** PersonRecordsRead on homefirst.audit.v1. */
export interface PersonRecordsReadEvent extends AuditEventEnvelope {
  /** Event type. */
  readonly type: 'PersonRecordsRead';
  /** The event itself: the record named by `type`. */
  readonly payload: PersonRecordsRead;
}

/** Any event on homefirst.audit.v1; switch on `type`. (AuditEventType also has the never-written symbol Unknown.) */
export type AuditEvent =
  | PersonRecordReadEvent
  | EventsExportedEvent
  | DeadLetterRedrivenEvent
  | ReadModelsRebuiltEvent
  | KafkaAccessChangedEvent
  | SubscriptionChangedEvent
  | PersonRecordsReadEvent;

/** Event type: the name of the payload record. Unknown is never written; an older reader sees it for a type added later. */
export type RawEventType = 'RawMessageReceived' | 'Unknown';

/** How the bytes arrived. */
export type Transport = 'HTTP' | 'MLLP' | 'FILE' | 'POLL' | 'UNKNOWN';

/** A source message arrived. occurredAt = time received. */
export interface RawMessageReceived {
  /** How the bytes arrived. */
  readonly transport: Transport;
  /** Media type, e.g. application/fhir+json, x-application/hl7-v2+er7, text/csv. */
  readonly contentType: string;
  /** The message bytes, unchanged. */
  readonly body: Buffer;
}

/** Envelope fields of topic homefirst.raw.v1. A raw inbound message. */
export interface RawEventEnvelope extends EventEnvelope {
  /** Pseudonymous person id, when already known at this stage; null otherwise. */
  readonly personKey: string | null;
}

/** RawMessageReceived on homefirst.raw.v1. */
export interface RawMessageReceivedEvent extends RawEventEnvelope {
  /** Event type. */
  readonly type: 'RawMessageReceived';
  /** The event itself: the record named by `type`. */
  readonly payload: RawMessageReceived;
}

/** Any event on homefirst.raw.v1; switch on `type`. (RawEventType also has the never-written symbol Unknown.) */
export type RawEvent = RawMessageReceivedEvent;

/** Event type: the name of the payload record. Unknown is never written; an older reader sees it for a type added later. */
export type DeadLetterEventType = 'MessageDeadLettered' | 'Unknown';

/** Where processing failed. */
export type FailedStage = 'PARSE' | 'VALIDATE' | 'MAP' | 'PUBLISH' | 'PROJECT' | 'UNKNOWN';

/** An input was set aside. occurredAt = time of the failure. */
export interface MessageDeadLettered {
  /** Where processing failed. */
  readonly stage: FailedStage;
  /** Stable machine-readable error code. */
  readonly errorCode: string;
  /** Human-readable reason (no patient identifiers). */
  readonly reason: string;
  /** Whether resubmitting the same input later may succeed. */
  readonly retriable: boolean;
  /** Media type of input. */
  readonly contentType: string;
  /** The input that failed, unchanged. */
  readonly input: Buffer;
  /** eventId of the matching homefirst.raw record, when there is one. */
  readonly rawEventId: string | null;
  /** Topic the input was read from, for failures while projecting. */
  readonly originalTopic: string | null;
  /** Partition the input was read from. */
  readonly originalPartition: number | null;
  /** Offset the input was read from. */
  readonly originalOffset: number | null;
}

/** Envelope fields of topic homefirst.deadletter.v1. A dead letter. */
export interface DeadLetterEventEnvelope extends EventEnvelope {
  /** Pseudonymous person id, when already known at this stage; null otherwise. */
  readonly personKey: string | null;
}

/** MessageDeadLettered on homefirst.deadletter.v1. */
export interface MessageDeadLetteredEvent extends DeadLetterEventEnvelope {
  /** Event type. */
  readonly type: 'MessageDeadLettered';
  /** The event itself: the record named by `type`. */
  readonly payload: MessageDeadLettered;
}

/** Any event on homefirst.deadletter.v1; switch on `type`. (DeadLetterEventType also has the never-written symbol Unknown.) */
export type DeadLetterEvent = MessageDeadLetteredEvent;

/** Event type: the name of the payload record. Unknown is never written; an older reader sees it for a type added later. */
export type FeedEventType =
  | 'FeedPatientAdmitted'
  | 'FeedPatientTransferred'
  | 'FeedDischargeReadyDeclared'
  | 'FeedDischargeReadinessWithdrawn'
  | 'FeedExpectedDischargeDateSet'
  | 'FeedPatientDischarged'
  | 'FeedAdmissionCancelled'
  | 'FeedDischargeCancelled'
  | 'FeedLeaveOfAbsenceStarted'
  | 'FeedLeaveOfAbsenceEnded'
  | 'FeedPatientDied'
  | 'FeedReferralReceived'
  | 'FeedAssessmentScheduled'
  | 'FeedAssessmentCompleted'
  | 'FeedPackageRequested'
  | 'FeedProviderOffered'
  | 'FeedProviderDeclined'
  | 'FeedPackageSourced'
  | 'FeedPackageStarted'
  | 'FeedReablementStarted'
  | 'FeedReablementEnded'
  | 'FeedReferralCancelled'
  | 'Unknown';

/** Hospital: A patient was admitted (HL7 A01, FHIR Encounter in-progress). occurredAt = admission time. (Minimised for councils; see the feed topic's description.) */
export interface FeedPatientAdmitted {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** Hospital provider spell id: HL7 PV1-19 visit number or FHIR Encounter.id. */
  readonly spellId: string;
  /** Age band at admission, computed by the connector from the date of birth (HL7 PID-7, FHIR Patient.birthDate) and the admission time; null when the source gives no usable date of birth. Added in v3. */
  readonly ageBandAtAdmission?: AgeBand | null;
  /** Usual place of residence at admission, from the source of admission (HL7 PV1-14, FHIR Encounter.hospitalization.admitSource); null when the source gives none. Added in v3. */
  readonly usualPlaceOfResidence?: UsualPlaceOfResidence | null;
  /** Hospital site (ODS site code or the trust's site name), when known. */
  readonly admittedSite: string | null;
  /** Ward as the trust names it, when known. */
  readonly admittedWard: string | null;
}

/** Hospital: A patient moved bed, ward or site within the trust (HL7 A02). occurredAt = transfer time. (Minimised for councils; see the feed topic's description.) */
export interface FeedPatientTransferred {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** Hospital provider spell id: HL7 PV1-19 visit number or FHIR Encounter.id. */
  readonly spellId: string;
  /** Hospital site (ODS site code or the trust's site name), when known. */
  readonly toSite: string | null;
  /** Ward as the trust names it, when known. */
  readonly toWard: string | null;
}

/** Hospital: The patient no longer meets the criteria to reside (NCTR). occurredAt = when the trust recorded it. Starts the 48-hour clock. (Minimised for councils; see the feed topic's description.) */
export interface FeedDischargeReadyDeclared {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** Hospital provider spell id: HL7 PV1-19 visit number or FHIR Encounter.id. */
  readonly spellId: string;
  /** Discharge Ready Date (DRD): the day the patient stopped meeting the criteria to reside. */
  readonly dischargeReadyDate: LocalDate;
  /** Time NCTR was declared, when known; the 48-hour clock starts here, else at the DRD. */
  readonly dischargeReadyAt: Date | null;
  /** Pathway the patient is expected to leave on. */
  readonly proposedPathway: Pathway;
  /** Delay reason, when the trust gives one. */
  readonly delay: DischargeDelay | null;
}

/** Hospital: The patient meets the criteria to reside again; a later DischargeReadyDeclared restarts the DRD. (Minimised for councils; see the feed topic's description.) */
export interface FeedDischargeReadinessWithdrawn {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** Hospital provider spell id: HL7 PV1-19 visit number or FHIR Encounter.id. */
  readonly spellId: string;
}

/** Hospital: The expected discharge date was set or changed (HL7 PV2-9, FHIR Encounter.period.end planned). (Minimised for councils; see the feed topic's description.) */
export interface FeedExpectedDischargeDateSet {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** Hospital provider spell id: HL7 PV1-19 visit number or FHIR Encounter.id. */
  readonly spellId: string;
  /** Expected discharge date. */
  readonly expectedDischargeDate: LocalDate;
}

/** Hospital: The patient left hospital (HL7 A03, FHIR Encounter finished). occurredAt = discharge time. (Minimised for councils; see the feed topic's description.) */
export interface FeedPatientDischarged {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** Hospital provider spell id: HL7 PV1-19 visit number or FHIR Encounter.id. */
  readonly spellId: string;
  /** England discharge destination code. */
  readonly destination: DischargeDestination;
  /** Pathway the patient actually left on. */
  readonly actualPathway: Pathway;
}

/** Hospital: An admission was recorded in error and cancelled (HL7 A11). (Minimised for councils; see the feed topic's description.) */
export interface FeedAdmissionCancelled {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** Hospital provider spell id: HL7 PV1-19 visit number or FHIR Encounter.id. */
  readonly spellId: string;
}

/** Hospital: A discharge was cancelled; the patient is still in hospital (HL7 A13). (Minimised for councils; see the feed topic's description.) */
export interface FeedDischargeCancelled {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** Hospital provider spell id: HL7 PV1-19 visit number or FHIR Encounter.id. */
  readonly spellId: string;
}

/** Hospital: The patient went on leave of absence (HL7 A21, FHIR Encounter onleave). (Minimised for councils; see the feed topic's description.) */
export interface FeedLeaveOfAbsenceStarted {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** Hospital provider spell id: HL7 PV1-19 visit number or FHIR Encounter.id. */
  readonly spellId: string;
  /** When the patient is expected back. */
  readonly expectedReturnAt: Date | null;
}

/** Hospital: The patient returned from leave of absence (HL7 A22). (Minimised for councils; see the feed topic's description.) */
export interface FeedLeaveOfAbsenceEnded {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** Hospital provider spell id: HL7 PV1-19 visit number or FHIR Encounter.id. */
  readonly spellId: string;
}

/** Hospital: The patient died in hospital. occurredAt = time of death. (Minimised for councils; see the feed topic's description.) */
export interface FeedPatientDied {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** Spell the patient died in, when known. */
  readonly spellId: string | null;
}

/** Council: The council received a referral (CLD Request). occurredAt = when received. (The council's own record.) */
export interface FeedReferralReceived {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** The council's reference for the referral (case/request id in its case system). */
  readonly referralId: string;
  /** Route of access. */
  readonly routeOfAccess: RouteOfAccess;
  /** ODS code of the referring trust, for hospital discharges. */
  readonly referringOrgCode: string | null;
  /** Discharge pathway requested by the hospital, UNKNOWN for other routes. */
  readonly pathway: Pathway;
  /** The hospital spell (HL7 PV1-19 visit number, FHIR Encounter.id) the referral names, as the council's record gives it; matches the hospital events' spellId when the trust's reference was copied exactly. Added in v3. */
  readonly hospitalSpellId?: string | null;
  /** The person's id in the council's case system (CLD LA_Person_Unique_Identifier), as sent, when the record has it. A local identifier: pseudonymised exports drop it and logs never show it. Added in v3. */
  readonly councilPersonId?: string | null;
}

/** Council: A Care Act / reablement assessment was booked. (The council's own record.) */
export interface FeedAssessmentScheduled {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** The council's reference for the referral (case/request id in its case system). */
  readonly referralId: string;
  /** When the assessment will take place. */
  readonly scheduledFor: Date;
  /** The person's id in the council's case system (CLD LA_Person_Unique_Identifier), as sent, when the record has it. A local identifier: pseudonymised exports drop it and logs never show it. Added in v3. */
  readonly councilPersonId?: string | null;
}

/** Council: An assessment was completed (CLD Assessment). occurredAt = completion time. (The council's own record.) */
export interface FeedAssessmentCompleted {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** The council's reference for the referral (case/request id in its case system). */
  readonly referralId: string;
  /** Whether the assessment found needs the council will arrange services for. */
  readonly servicesRequired: boolean;
  /** The person's id in the council's case system (CLD LA_Person_Unique_Identifier), as sent, when the record has it. A local identifier: pseudonymised exports drop it and logs never show it. Added in v3. */
  readonly councilPersonId?: string | null;
}

/** Council: A service request went to brokerage. (The council's own record.) */
export interface FeedPackageRequested {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** The council's reference for the referral (case/request id in its case system). */
  readonly referralId: string;
  /** The council's reference for the service request sent to brokerage. */
  readonly packageId: string;
  /** Kind of care requested. */
  readonly serviceType: ServiceType;
  /** Home-care hours per week requested, when applicable. */
  readonly hoursPerWeek: number | null;
  /** The person's id in the council's case system (CLD LA_Person_Unique_Identifier), as sent, when the record has it. A local identifier: pseudonymised exports drop it and logs never show it. Added in v3. */
  readonly councilPersonId?: string | null;
}

/** Council: Brokerage offered the requirement to a provider. (The council's own record.) */
export interface FeedProviderOffered {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** The council's reference for the referral (case/request id in its case system). */
  readonly referralId: string;
  /** The council's reference for the service request sent to brokerage. */
  readonly packageId: string;
  /** Provider id in the council's framework / dynamic purchasing system. */
  readonly providerId: string;
  /** The provider's name as the council's record gives it, when it does (an organisation, not a person). Added in v3. */
  readonly providerName?: string | null;
  /** The person's id in the council's case system (CLD LA_Person_Unique_Identifier), as sent, when the record has it. A local identifier: pseudonymised exports drop it and logs never show it. Added in v3. */
  readonly councilPersonId?: string | null;
}

/** Council: A provider declined the requirement. (The council's own record.) */
export interface FeedProviderDeclined {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** The council's reference for the referral (case/request id in its case system). */
  readonly referralId: string;
  /** The council's reference for the service request sent to brokerage. */
  readonly packageId: string;
  /** Provider id. */
  readonly providerId: string;
  /** Council's decline reason code, when given (no free text: it may hold personal data). */
  readonly reasonCode: string | null;
  /** The provider's name as the council's record gives it, when it does (an organisation, not a person). Added in v3. */
  readonly providerName?: string | null;
  /** The person's id in the council's case system (CLD LA_Person_Unique_Identifier), as sent, when the record has it. A local identifier: pseudonymised exports drop it and logs never show it. Added in v3. */
  readonly councilPersonId?: string | null;
}

/** Council: A provider accepted the requirement and a start date was confirmed. (The council's own record.) */
export interface FeedPackageSourced {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** The council's reference for the referral (case/request id in its case system). */
  readonly referralId: string;
  /** The council's reference for the service request sent to brokerage. */
  readonly packageId: string;
  /** Provider id. */
  readonly providerId: string;
  /** Confirmed start date. */
  readonly plannedStartDate: LocalDate;
  /** The provider's name as the council's record gives it, when it does (an organisation, not a person). Added in v3. */
  readonly providerName?: string | null;
  /** The person's id in the council's case system (CLD LA_Person_Unique_Identifier), as sent, when the record has it. A local identifier: pseudonymised exports drop it and logs never show it. Added in v3. */
  readonly councilPersonId?: string | null;
}

/** Council: A home-care package or care-home placement started (CLD Service). occurredAt = start. (The council's own record.) */
export interface FeedPackageStarted {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** The council's reference for the referral (case/request id in its case system). */
  readonly referralId: string;
  /** The council's reference for the service request sent to brokerage. */
  readonly packageId: string;
  /** Kind of care that started; RESIDENTIAL_CARE / NURSING_CARE for placements. */
  readonly serviceType: ServiceType;
  /** Provider id. */
  readonly providerId: string | null;
  /** The provider's name as the council's record gives it, when it does (an organisation, not a person). Added in v3. */
  readonly providerName?: string | null;
  /** The person's id in the council's case system (CLD LA_Person_Unique_Identifier), as sent, when the record has it. A local identifier: pseudonymised exports drop it and logs never show it. Added in v3. */
  readonly councilPersonId?: string | null;
}

/** Council: A period of reablement started (usually up to 6 weeks). (The council's own record.) */
export interface FeedReablementStarted {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** The council's reference for the referral (case/request id in its case system). */
  readonly referralId: string;
  /** At home or bed-based. */
  readonly setting: ReablementSetting;
  /** The person's id in the council's case system (CLD LA_Person_Unique_Identifier), as sent, when the record has it. A local identifier: pseudonymised exports drop it and logs never show it. Added in v3. */
  readonly councilPersonId?: string | null;
}

/** Council: A period of reablement ended. (The council's own record.) */
export interface FeedReablementEnded {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** The council's reference for the referral (case/request id in its case system). */
  readonly referralId: string;
  /** Outcome (CLD). */
  readonly outcome: ReablementOutcome;
  /** The person's id in the council's case system (CLD LA_Person_Unique_Identifier), as sent, when the record has it. A local identifier: pseudonymised exports drop it and logs never show it. Added in v3. */
  readonly councilPersonId?: string | null;
}

/** Council: The referral was cancelled or closed without a service. (The council's own record.) */
export interface FeedReferralCancelled {
  /** NHS number, 10 digits, modulus-11 valid. Dropped by pseudonymised exports. */
  readonly nhsNumber: string;
  /** The council's reference for the referral (case/request id in its case system). */
  readonly referralId: string;
  /** Council's reason code, when given. */
  readonly reasonCode: string | null;
  /** The person's id in the council's case system (CLD LA_Person_Unique_Identifier), as sent, when the record has it. A local identifier: pseudonymised exports drop it and logs never show it. Added in v3. */
  readonly councilPersonId?: string | null;
}

/** Envelope fields of topic homefirst.feed.{laCode}.v1. An event of a person referred to the council, on that council's feed. eventId is a UUID v5 of the source event's id and the LA code (the same source event on two councils' feeds has two ids; a replay gives the same ones). source is the source event's (the trust's ODS code for hospital facts, the council's LA code for its own). */
export interface FeedEventEnvelope extends EventEnvelope {
  /** Pseudonymous person id: HMAC-SHA256 of the NHS number, see schemas/README.md. Also the Kafka message key. */
  readonly personKey: string;
  /** ONS code of the local authority whose feed this is (e.g. E08000012). */
  readonly laCode: string;
  /** eventId of the hospital or council event this feed event was routed from (for support queries to the hub). */
  readonly sourceEventId: string;
}

/** FeedPatientAdmitted on homefirst.feed.{laCode}.v1. */
export interface FeedPatientAdmittedEvent extends FeedEventEnvelope {
  /** Event type. */
  readonly type: 'FeedPatientAdmitted';
  /** The event itself: the record named by `type`. */
  readonly payload: FeedPatientAdmitted;
}

/** FeedPatientTransferred on homefirst.feed.{laCode}.v1. */
export interface FeedPatientTransferredEvent extends FeedEventEnvelope {
  /** Event type. */
  readonly type: 'FeedPatientTransferred';
  /** The event itself: the record named by `type`. */
  readonly payload: FeedPatientTransferred;
}

/** FeedDischargeReadyDeclared on homefirst.feed.{laCode}.v1. */
export interface FeedDischargeReadyDeclaredEvent extends FeedEventEnvelope {
  /** Event type. */
  readonly type: 'FeedDischargeReadyDeclared';
  /** The event itself: the record named by `type`. */
  readonly payload: FeedDischargeReadyDeclared;
}

/** FeedDischargeReadinessWithdrawn on homefirst.feed.{laCode}.v1. */
export interface FeedDischargeReadinessWithdrawnEvent extends FeedEventEnvelope {
  /** Event type. */
  readonly type: 'FeedDischargeReadinessWithdrawn';
  /** The event itself: the record named by `type`. */
  readonly payload: FeedDischargeReadinessWithdrawn;
}

/** FeedExpectedDischargeDateSet on homefirst.feed.{laCode}.v1. */
export interface FeedExpectedDischargeDateSetEvent extends FeedEventEnvelope {
  /** Event type. */
  readonly type: 'FeedExpectedDischargeDateSet';
  /** The event itself: the record named by `type`. */
  readonly payload: FeedExpectedDischargeDateSet;
}

/** FeedPatientDischarged on homefirst.feed.{laCode}.v1. */
export interface FeedPatientDischargedEvent extends FeedEventEnvelope {
  /** Event type. */
  readonly type: 'FeedPatientDischarged';
  /** The event itself: the record named by `type`. */
  readonly payload: FeedPatientDischarged;
}

/** FeedAdmissionCancelled on homefirst.feed.{laCode}.v1. */
export interface FeedAdmissionCancelledEvent extends FeedEventEnvelope {
  /** Event type. */
  readonly type: 'FeedAdmissionCancelled';
  /** The event itself: the record named by `type`. */
  readonly payload: FeedAdmissionCancelled;
}

/** FeedDischargeCancelled on homefirst.feed.{laCode}.v1. */
export interface FeedDischargeCancelledEvent extends FeedEventEnvelope {
  /** Event type. */
  readonly type: 'FeedDischargeCancelled';
  /** The event itself: the record named by `type`. */
  readonly payload: FeedDischargeCancelled;
}

/** FeedLeaveOfAbsenceStarted on homefirst.feed.{laCode}.v1. */
export interface FeedLeaveOfAbsenceStartedEvent extends FeedEventEnvelope {
  /** Event type. */
  readonly type: 'FeedLeaveOfAbsenceStarted';
  /** The event itself: the record named by `type`. */
  readonly payload: FeedLeaveOfAbsenceStarted;
}

/** FeedLeaveOfAbsenceEnded on homefirst.feed.{laCode}.v1. */
export interface FeedLeaveOfAbsenceEndedEvent extends FeedEventEnvelope {
  /** Event type. */
  readonly type: 'FeedLeaveOfAbsenceEnded';
  /** The event itself: the record named by `type`. */
  readonly payload: FeedLeaveOfAbsenceEnded;
}

/** FeedPatientDied on homefirst.feed.{laCode}.v1. */
export interface FeedPatientDiedEvent extends FeedEventEnvelope {
  /** Event type. */
  readonly type: 'FeedPatientDied';
  /** The event itself: the record named by `type`. */
  readonly payload: FeedPatientDied;
}

/** FeedReferralReceived on homefirst.feed.{laCode}.v1. */
export interface FeedReferralReceivedEvent extends FeedEventEnvelope {
  /** Event type. */
  readonly type: 'FeedReferralReceived';
  /** The event itself: the record named by `type`. */
  readonly payload: FeedReferralReceived;
}

/** FeedAssessmentScheduled on homefirst.feed.{laCode}.v1. */
export interface FeedAssessmentScheduledEvent extends FeedEventEnvelope {
  /** Event type. */
  readonly type: 'FeedAssessmentScheduled';
  /** The event itself: the record named by `type`. */
  readonly payload: FeedAssessmentScheduled;
}

/** FeedAssessmentCompleted on homefirst.feed.{laCode}.v1. */
export interface FeedAssessmentCompletedEvent extends FeedEventEnvelope {
  /** Event type. */
  readonly type: 'FeedAssessmentCompleted';
  /** The event itself: the record named by `type`. */
  readonly payload: FeedAssessmentCompleted;
}

/** FeedPackageRequested on homefirst.feed.{laCode}.v1. */
export interface FeedPackageRequestedEvent extends FeedEventEnvelope {
  /** Event type. */
  readonly type: 'FeedPackageRequested';
  /** The event itself: the record named by `type`. */
  readonly payload: FeedPackageRequested;
}

/** FeedProviderOffered on homefirst.feed.{laCode}.v1. */
export interface FeedProviderOfferedEvent extends FeedEventEnvelope {
  /** Event type. */
  readonly type: 'FeedProviderOffered';
  /** The event itself: the record named by `type`. */
  readonly payload: FeedProviderOffered;
}

/** FeedProviderDeclined on homefirst.feed.{laCode}.v1. */
export interface FeedProviderDeclinedEvent extends FeedEventEnvelope {
  /** Event type. */
  readonly type: 'FeedProviderDeclined';
  /** The event itself: the record named by `type`. */
  readonly payload: FeedProviderDeclined;
}

/** FeedPackageSourced on homefirst.feed.{laCode}.v1. */
export interface FeedPackageSourcedEvent extends FeedEventEnvelope {
  /** Event type. */
  readonly type: 'FeedPackageSourced';
  /** The event itself: the record named by `type`. */
  readonly payload: FeedPackageSourced;
}

/** FeedPackageStarted on homefirst.feed.{laCode}.v1. */
export interface FeedPackageStartedEvent extends FeedEventEnvelope {
  /** Event type. */
  readonly type: 'FeedPackageStarted';
  /** The event itself: the record named by `type`. */
  readonly payload: FeedPackageStarted;
}

/** FeedReablementStarted on homefirst.feed.{laCode}.v1. */
export interface FeedReablementStartedEvent extends FeedEventEnvelope {
  /** Event type. */
  readonly type: 'FeedReablementStarted';
  /** The event itself: the record named by `type`. */
  readonly payload: FeedReablementStarted;
}

/** FeedReablementEnded on homefirst.feed.{laCode}.v1. */
export interface FeedReablementEndedEvent extends FeedEventEnvelope {
  /** Event type. */
  readonly type: 'FeedReablementEnded';
  /** The event itself: the record named by `type`. */
  readonly payload: FeedReablementEnded;
}

/** FeedReferralCancelled on homefirst.feed.{laCode}.v1. */
export interface FeedReferralCancelledEvent extends FeedEventEnvelope {
  /** Event type. */
  readonly type: 'FeedReferralCancelled';
  /** The event itself: the record named by `type`. */
  readonly payload: FeedReferralCancelled;
}

/** Any event on homefirst.feed.{laCode}.v1; switch on `type`. (FeedEventType also has the never-written symbol Unknown.) */
export type FeedEvent =
  | FeedPatientAdmittedEvent
  | FeedPatientTransferredEvent
  | FeedDischargeReadyDeclaredEvent
  | FeedDischargeReadinessWithdrawnEvent
  | FeedExpectedDischargeDateSetEvent
  | FeedPatientDischargedEvent
  | FeedAdmissionCancelledEvent
  | FeedDischargeCancelledEvent
  | FeedLeaveOfAbsenceStartedEvent
  | FeedLeaveOfAbsenceEndedEvent
  | FeedPatientDiedEvent
  | FeedReferralReceivedEvent
  | FeedAssessmentScheduledEvent
  | FeedAssessmentCompletedEvent
  | FeedPackageRequestedEvent
  | FeedProviderOfferedEvent
  | FeedProviderDeclinedEvent
  | FeedPackageSourcedEvent
  | FeedPackageStartedEvent
  | FeedReablementStartedEvent
  | FeedReablementEndedEvent
  | FeedReferralCancelledEvent;

/** The value type of each topic of the catalogue, by topic name. */
export interface EventsByTopic {
  readonly 'homefirst.hospital.events.v1': HospitalEvent;
  readonly 'homefirst.council.events.v1': CouncilEvent;
  readonly 'homefirst.alerts.v1': AlertEvent;
  readonly 'homefirst.audit.v1': AuditEvent;
  readonly 'homefirst.raw.v1': RawEvent;
  readonly 'homefirst.deadletter.v1': DeadLetterEvent;
  readonly 'homefirst.feed.{laCode}.v1': FeedEvent;
}

export type TopicName = keyof EventsByTopic;

/** Any event of any topic. */
export type HomefirstEvent = EventsByTopic[TopicName];
