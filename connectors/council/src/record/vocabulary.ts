import type {
  CouncilEventType,
  Pathway,
  ReablementOutcome,
  RouteOfAccess,
  ServiceType,
} from '@homefirst/schemas';

/**
 * The canonical code values of the council record format (snake_case words, as a council system
 * would put them in a CSV cell) and what each one becomes in the event contract. A per-council
 * mapping (mappings/*.json) translates an export's own codes into these.
 */

/** The `event` of a record: one status change in the council's case system. */
export const RECORD_EVENTS = [
  'referral_received',
  'assessment_scheduled',
  'assessment_completed',
  'package_requested',
  'provider_offered',
  'provider_declined',
  'package_sourced',
  'package_started',
  'placement_started',
  'reablement_started',
  'reablement_ended',
  'referral_cancelled',
] as const;
export type RecordEvent = (typeof RECORD_EVENTS)[number];

/** Which council event type each record event becomes (placement started is a PackageStarted of a care-home bed). */
export const EVENT_TYPE_OF: { readonly [E in RecordEvent]: Exclude<CouncilEventType, 'Unknown'> } = {
  referral_received: 'ReferralReceived',
  assessment_scheduled: 'AssessmentScheduled',
  assessment_completed: 'AssessmentCompleted',
  package_requested: 'PackageRequested',
  provider_offered: 'ProviderOffered',
  provider_declined: 'ProviderDeclined',
  package_sourced: 'PackageSourced',
  package_started: 'PackageStarted',
  placement_started: 'PackageStarted',
  reablement_started: 'ReablementStarted',
  reablement_ended: 'ReablementEnded',
  referral_cancelled: 'ReferralCancelled',
};

/** Events about one brokerage request (a package), as opposed to the referral as a whole. */
export const PACKAGE_EVENTS: ReadonlySet<RecordEvent> = new Set([
  'package_requested',
  'provider_offered',
  'provider_declined',
  'package_sourced',
  'package_started',
  'placement_started',
]);

export const RECORD_SERVICE_TYPES = [
  'reablement',
  'home_care',
  'residential',
  'nursing',
  'intermediate_care_bed',
  'equipment',
] as const;
export type RecordServiceType = (typeof RECORD_SERVICE_TYPES)[number];

export const SERVICE_TYPE_OF: { readonly [S in RecordServiceType]: ServiceType } = {
  reablement: 'REABLEMENT_AT_HOME',
  home_care: 'HOME_CARE',
  residential: 'RESIDENTIAL_CARE',
  nursing: 'NURSING_CARE',
  intermediate_care_bed: 'REABLEMENT_BED',
  equipment: 'EQUIPMENT_OR_ADAPTATIONS',
};

/** Service types a placement (care-home bed) can have. */
export const PLACEMENT_SERVICE_TYPES: ReadonlySet<RecordServiceType> = new Set(['residential', 'nursing']);

/** Client Level Data reablement / assessment outcomes. */
export const RECORD_OUTCOMES = [
  'no_ongoing_support',
  'ongoing_low_level_support',
  'long_term_support',
  'admitted_to_hospital',
  'deceased',
  'other',
] as const;
export type RecordOutcome = (typeof RECORD_OUTCOMES)[number];

export const OUTCOME_OF: { readonly [O in RecordOutcome]: ReablementOutcome } = {
  no_ongoing_support: 'NO_ONGOING_SUPPORT',
  ongoing_low_level_support: 'ONGOING_LOW_LEVEL_SUPPORT',
  long_term_support: 'LONG_TERM_SUPPORT',
  admitted_to_hospital: 'ADMITTED_TO_HOSPITAL',
  deceased: 'DECEASED',
  other: 'OTHER',
};

export const RECORD_ROUTES_OF_ACCESS = [
  'discharge_from_hospital',
  'diversion_from_hospital',
  'community_or_other',
  'safeguarding',
] as const;
export type RecordRouteOfAccess = (typeof RECORD_ROUTES_OF_ACCESS)[number];

export const ROUTE_OF_ACCESS_OF: { readonly [R in RecordRouteOfAccess]: RouteOfAccess } = {
  discharge_from_hospital: 'DISCHARGE_FROM_HOSPITAL',
  diversion_from_hospital: 'DIVERSION_FROM_HOSPITAL',
  community_or_other: 'COMMUNITY_OR_OTHER',
  safeguarding: 'SAFEGUARDING',
};

/** Pathway 0–3 as the record carries it, and the contract's symbol. */
export const PATHWAY_OF: { readonly [P in 0 | 1 | 2 | 3]: Pathway } = { 0: 'P0', 1: 'P1', 2: 'P2', 3: 'P3' };
