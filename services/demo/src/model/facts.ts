import type {
  CriterionToReside,
  DelayReason,
  LocalDate,
  Location,
  Pathway,
  PatientClass,
  ReablementOutcome,
  ReablementSetting,
  RouteOfAccess,
  ServiceType,
} from '@homefirst/schemas';
import type { Person } from './people';

/**
 * What happened in the synthetic city, in the domain's words (domain.md): the simulation's output and the
 * renderers' input. Facts are what the trust's and the council's systems would record; the renderers
 * turn each into the message those systems would send (HL7 v2 ADT, FHIR, council record).
 */

/** The hospital's view of a stay at the moment of a fact: what an ADT message carries alongside it. */
export interface SpellSnapshot {
  /** Hospital provider spell id: the visit number (HL7 PV1-19) and FHIR Encounter id. */
  readonly spellId: string;
  readonly admittedAt: Date;
  readonly patientClass: PatientClass;
  /** NHS Data Dictionary admission method (21 A&E, 11 waiting list, ...). */
  readonly admissionMethodCode: string;
  /** Where the patient is now (HL7 PV1-3). */
  readonly location: Location;
  /** Every place of the stay so far, oldest first, the current one last (FHIR Encounter.location). */
  readonly locations: readonly { readonly location: Location; readonly since: Date }[];
  readonly expectedDischargeDate: LocalDate | null;
  /** The current readiness episode, when declared. */
  readonly readiness: {
    readonly status: 'DECLARED' | 'WITHDRAWN';
    readonly dischargeReadyDate: LocalDate;
    readonly dischargeReadyAt: Date;
    readonly proposedPathway: Pathway;
    readonly delayReason: DelayReason | null;
    /** The criterion met again, when withdrawn. */
    readonly criterion: CriterionToReside | null;
  } | null;
}

interface FactBase {
  /**
   * Unique and stable for a seed and start: the journey id and the fact's number in it. The renderers
   * derive message ids (MSH-10, Bundle.id, council record id) from it.
   */
  readonly id: string;
  /** When it happened (event time). */
  readonly at: Date;
  readonly person: Person;
  /**
   * The journey this fact belongs to: one hospital stay and whatever the council arranged after it.
   * A readmission starts a new journey.
   */
  readonly journeyId: string;
}

interface HospitalFactBase extends FactBase {
  readonly side: 'hospital';
  readonly spell: SpellSnapshot;
}

export interface AdmittedFact extends HospitalFactBase {
  readonly kind: 'Admitted';
  /** The spell this is a readmission after, when it is one. */
  readonly readmissionOf: string | null;
}

export interface TransferredFact extends HospitalFactBase {
  readonly kind: 'Transferred';
  readonly from: Location;
}

export interface ExpectedDischargeDateSetFact extends HospitalFactBase {
  readonly kind: 'ExpectedDischargeDateSet';
  readonly expectedDischargeDate: LocalDate;
}

export interface ReadyDeclaredFact extends HospitalFactBase {
  readonly kind: 'ReadyDeclared';
  readonly dischargeReadyDate: LocalDate;
  readonly dischargeReadyAt: Date;
  readonly proposedPathway: Pathway;
  readonly delayReason: DelayReason | null;
}

export interface ReadinessWithdrawnFact extends HospitalFactBase {
  readonly kind: 'ReadinessWithdrawn';
  readonly criterion: CriterionToReside;
}

export interface DischargedFact extends HospitalFactBase {
  readonly kind: 'Discharged';
  /** England discharge destination code, two digits ('19' usual residence, '79' died, ...). */
  readonly destinationCode: string;
  /** NHS Data Dictionary discharge method ('1' clinical advice, '4' died). */
  readonly dischargeMethodCode: string;
  /** UNKNOWN for deaths. */
  readonly actualPathway: Pathway;
  /** Where the person went, as text (a care home or unit name), when not home. */
  readonly destinationName: string | null;
  /** Died in hospital: the discharge is the death (destination 79, method 4). */
  readonly died: boolean;
}

export interface AdmissionCancelledFact extends HospitalFactBase {
  readonly kind: 'AdmissionCancelled';
}

export type HospitalFact =
  | AdmittedFact
  | TransferredFact
  | ExpectedDischargeDateSetFact
  | ReadyDeclaredFact
  | ReadinessWithdrawnFact
  | DischargedFact
  | AdmissionCancelledFact;

interface CouncilFactBase extends FactBase {
  readonly side: 'council';
  readonly referralId: string;
}

export interface ReferralReceivedFact extends CouncilFactBase {
  readonly kind: 'ReferralReceived';
  readonly routeOfAccess: RouteOfAccess;
  readonly referringOrgCode: string;
  readonly pathway: Pathway;
}

export interface AssessmentScheduledFact extends CouncilFactBase {
  readonly kind: 'AssessmentScheduled';
  readonly scheduledFor: Date;
}

export interface AssessmentCompletedFact extends CouncilFactBase {
  readonly kind: 'AssessmentCompleted';
  readonly servicesRequired: boolean;
}

export interface PackageRequestedFact extends CouncilFactBase {
  readonly kind: 'PackageRequested';
  readonly packageId: string;
  readonly serviceType: ServiceType;
  readonly hoursPerWeek: number | null;
}

export interface ProviderOfferedFact extends CouncilFactBase {
  readonly kind: 'ProviderOffered';
  readonly packageId: string;
  readonly providerId: string;
}

export interface ProviderDeclinedFact extends CouncilFactBase {
  readonly kind: 'ProviderDeclined';
  readonly packageId: string;
  readonly providerId: string;
  readonly reasonCode: string;
}

export interface PackageSourcedFact extends CouncilFactBase {
  readonly kind: 'PackageSourced';
  readonly packageId: string;
  readonly providerId: string;
  readonly plannedStartDate: LocalDate;
}

export interface PackageStartedFact extends CouncilFactBase {
  readonly kind: 'PackageStarted';
  readonly packageId: string;
  readonly serviceType: ServiceType;
  readonly providerId: string;
}

export interface ReablementStartedFact extends CouncilFactBase {
  readonly kind: 'ReablementStarted';
  readonly setting: ReablementSetting;
  readonly packageId: string;
}

export interface ReablementEndedFact extends CouncilFactBase {
  readonly kind: 'ReablementEnded';
  readonly setting: ReablementSetting;
  readonly packageId: string;
  readonly outcome: ReablementOutcome;
}

export interface ReferralCancelledFact extends CouncilFactBase {
  readonly kind: 'ReferralCancelled';
  readonly reasonCode: string;
}

export type CouncilFact =
  | ReferralReceivedFact
  | AssessmentScheduledFact
  | AssessmentCompletedFact
  | PackageRequestedFact
  | ProviderOfferedFact
  | ProviderDeclinedFact
  | PackageSourcedFact
  | PackageStartedFact
  | ReablementStartedFact
  | ReablementEndedFact
  | ReferralCancelledFact;

export type Fact = HospitalFact | CouncilFact;
export type FactKind = Fact['kind'];
