/**
 * The council record format: one row per status change in a council case system (Liquidlogic LAS,
 * Mosaic, CareDirector …), as councils post it (JSON, these field names) or send it as CSV (the
 * snake_case header). Published here, in the contract, so the council connector validates with it and
 * the demo writes it without repeating it. The JSON Schema document a council integrator reads
 * (connectors/council/record-format/council-record.schema.json) is tested against these lists.
 */

/** The fields of the record format, in the order of the canonical CSV header. */
export const FIELDS = [
  'recordId',
  'councilCode',
  'laPersonId',
  'nhsNumber',
  'event',
  'occurredAt',
  'pathway',
  'serviceType',
  'hoursPerWeek',
  'providerId',
  'providerName',
  'plannedStartDate',
  'outcome',
  'hospitalOdsCode',
  'hospitalSpellId',
  'referralId',
  'packageId',
  'scheduledFor',
  'servicesRequired',
  'routeOfAccess',
  'reasonCode',
  'system',
] as const;
export type Field = (typeof FIELDS)[number];

/** Fields every record must have, whatever its event. */
export const REQUIRED_FIELDS = [
  'recordId',
  'councilCode',
  'nhsNumber',
  'event',
  'occurredAt',
  'referralId',
] as const satisfies readonly Field[];

/** The CSV column of a field: its name in snake_case (`occurredAt` → `occurred_at`). */
export const csvColumnOf = (field: Field): string =>
  field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** The canonical CSV header, one column per field in order. */
export const CSV_HEADER: readonly string[] = FIELDS.map(csvColumnOf);

/** Events about one brokerage request (a package), as opposed to the referral as a whole. */
export const PACKAGE_EVENTS = [
  'package_requested',
  'provider_offered',
  'provider_declined',
  'package_sourced',
  'package_started',
  'placement_started',
] as const;

/** The `event` of a record: one status change in the council's case system. */
export const EVENTS = [
  'referral_received',
  'assessment_scheduled',
  'assessment_completed',
  ...PACKAGE_EVENTS,
  'reablement_started',
  'reablement_ended',
  'referral_cancelled',
] as const;
export type Event = (typeof EVENTS)[number];

export const SERVICE_TYPES = [
  'reablement',
  'home_care',
  'residential',
  'nursing',
  'intermediate_care_bed',
  'equipment',
] as const;
export type ServiceTypeCode = (typeof SERVICE_TYPES)[number];

/** Client Level Data reablement / assessment outcomes. */
export const OUTCOMES = [
  'no_ongoing_support',
  'ongoing_low_level_support',
  'long_term_support',
  'admitted_to_hospital',
  'deceased',
  'other',
] as const;
export type OutcomeCode = (typeof OUTCOMES)[number];

export const ROUTES_OF_ACCESS = [
  'discharge_from_hospital',
  'diversion_from_hospital',
  'community_or_other',
  'safeguarding',
  'planned_entry_transition',
  'prison',
  'self_funder',
  'discharge_from_reablement',
  'transfer_from_another_la',
] as const;
export type RouteOfAccessCode = (typeof ROUTES_OF_ACCESS)[number];
