import {
  councilRecordFormat,
  type CouncilEventType,
  type Pathway,
  type ReablementOutcome,
  type RouteOfAccess,
  type ServiceType,
} from '@homefirst/schemas';

/**
 * The canonical code values of the council record format (snake_case words, as a council system
 * would put them in a CSV cell; the lists are the contract's councilRecordFormat) and what each one
 * becomes in the event contract. A per-council
 * mapping (mappings/*.json) translates an export's own codes into these.
 */

/**
 * Codes whose contract symbol is the code upper-cased (`long_term_support` → `LONG_TERM_SUPPORT`); the
 * contract's record-format test checks every such symbol exists.
 */
const codeToSymbol = <Code extends string, Symbol extends string>(
  codes: readonly Code[],
): { readonly [C in Code]: Symbol } =>
  Object.fromEntries(codes.map((code) => [code, code.toUpperCase()])) as { readonly [C in Code]: Symbol };

export const RECORD_EVENTS = councilRecordFormat.EVENTS;
export type RecordEvent = councilRecordFormat.Event;

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
export const PACKAGE_EVENTS: ReadonlySet<RecordEvent> = new Set(councilRecordFormat.PACKAGE_EVENTS);

export const RECORD_SERVICE_TYPES = councilRecordFormat.SERVICE_TYPES;
export type RecordServiceType = councilRecordFormat.ServiceTypeCode;

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

export const RECORD_OUTCOMES = councilRecordFormat.OUTCOMES;
export type RecordOutcome = councilRecordFormat.OutcomeCode;

export const OUTCOME_OF = codeToSymbol<RecordOutcome, ReablementOutcome>(RECORD_OUTCOMES);

export const RECORD_ROUTES_OF_ACCESS = councilRecordFormat.ROUTES_OF_ACCESS;
export type RecordRouteOfAccess = councilRecordFormat.RouteOfAccessCode;

export const ROUTE_OF_ACCESS_OF = codeToSymbol<RecordRouteOfAccess, RouteOfAccess>(RECORD_ROUTES_OF_ACCESS);

/** Pathway 0–3 as the record carries it, and the contract's symbol. */
export const PATHWAY_OF: { readonly [P in 0 | 1 | 2 | 3]: Pathway } = { 0: 'P0', 1: 'P1', 2: 'P2', 3: 'P3' };
