import { readIsoDate, readIsoDateTime } from '@homefirst/schemas';
import { z } from 'zod';

/**
 * The subset of FHIR R4 the connector reads, validated with zod at the boundary. Elements the hub does not
 * use are ignored (stripped), never rejected: a trust's full UK Core resource is welcome. The shapes follow
 * the `fhir4` types of @types/fhir; only what the mapping needs is declared.
 */

/**
 * Lengths the hub accepts, checked before any pattern or lookup sees the value, so no input string can make
 * work grow with its size (issue 12). FHIR caps only `id` (64); the others are generous for real feeds: a
 * URL rarely passes 2,000 characters, an identifier (NHS number, MRN, spell number) is a few dozen.
 */
export const LIMITS = {
  /** FHIR `id` (R4 datatype): 1–64 of A-Z a-z 0-9 - . */
  id: 64,
  /** `Reference.reference`, `Bundle.entry.fullUrl`, `request.url` and other URLs or URIs. */
  reference: 2048,
  /** `Identifier.value` (NHS number, local patient id, spell number…) and `meta.versionId`. */
  identifierValue: 256,
  /** Names and codes the hub keys or labels by (`code`, `MessageHeader.source.name`…). */
  code: 256,
} as const;

/** A string of at most `max` characters; the message names the rule, never the value. */
const bounded = (max: number, what: string) =>
  z.string().max(max, { error: `must be at most ${max} characters (${what})` });
const uri = () => bounded(LIMITS.reference, "the hub's limit for a reference or URL");
const shortText = () => bounded(LIMITS.code, "the hub's limit for a code or name");

/** FHIR `id`: 1–64 of A-Z a-z 0-9 - . */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
/** Anchored and bounded: a long value fails at its 65th character. */
export const fhirId = z
  .string()
  .regex(FHIR_ID, { error: 'must be a FHIR id (1-64 letters, digits, "-" or ".")' });

/** A full date (YYYY-MM-DD). */
export const FHIR_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** A full date and time with a zone, as FHIR requires whenever a time is given. */
export const FHIR_DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))$/;

/** The contract's calendar check (a real day and time, a plausible year, second 60 only as a leap second). */
const calendarProblem = (reading: { ok: true } | { ok: false; problem: string }): string | undefined =>
  reading.ok ? undefined : `is not a real calendar date or time: it ${reading.problem}`;

/**
 * FHIR `dateTime` as far as the hub needs it: a full date, or a full date-time with a zone. Partial dates
 * ("2025", "2025-01") are valid FHIR but say nothing the hub can put on a clock, so they are refused here.
 */
export const dateTime = z.string().superRefine((text, ctx) => {
  const problem = FHIR_DATE.test(text)
    ? calendarProblem(readIsoDate(text))
    : FHIR_DATE_TIME.test(text)
      ? calendarProblem(readIsoDateTime(text))
      : 'must be a FHIR dateTime with at least a full date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ss+00:00)';
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});
/** Text the pattern admits (else `form`) that the contract's calendar `read`s as a real day or instant. */
const calendarText = (
  pattern: RegExp,
  form: string,
  read: (text: string) => { ok: true } | { ok: false; problem: string },
) =>
  z
    .string()
    .regex(pattern, { error: form })
    .superRefine((text, ctx) => {
      const problem = calendarProblem(read(text));
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    });
export const date = calendarText(FHIR_DATE, 'must be a FHIR date (YYYY-MM-DD)', readIsoDate);
export const instant = calendarText(
  FHIR_DATE_TIME,
  'must be a FHIR instant (YYYY-MM-DDThh:mm:ss with a zone)',
  readIsoDateTime,
);

export const coding = z.object({
  system: uri().optional(),
  code: shortText().optional(),
  display: z.string().optional(),
});
export type Coding = z.infer<typeof coding>;

export const codeableConcept = z.object({
  coding: z.array(coding).optional(),
  text: z.string().optional(),
});
export type CodeableConcept = z.infer<typeof codeableConcept>;

export const identifier = z.object({
  system: uri().optional(),
  value: bounded(LIMITS.identifierValue, "the hub's limit for an identifier").optional(),
  type: codeableConcept.optional(),
});
export type Identifier = z.infer<typeof identifier>;

/** R4 Reference: note `identifier` is a single Identifier (0..1), not a list. */
export const reference = z.object({
  reference: uri().optional(),
  type: uri().optional(),
  identifier: identifier.optional(),
  display: z.string().optional(),
});
export type Reference = z.infer<typeof reference>;

export const period = z.object({ start: dateTime.optional(), end: dateTime.optional() });
export type Period = z.infer<typeof period>;

export const meta = z.object({
  versionId: bounded(LIMITS.identifierValue, "the hub's limit for a version id").optional(),
  lastUpdated: instant.optional(),
  source: uri().optional(),
});

/** Extension, recursive (complex extensions nest). Only the value types the hub reads are declared. */
export interface Extension {
  readonly url: string;
  readonly extension?: readonly Extension[] | undefined;
  readonly valueCode?: string | undefined;
  readonly valueString?: string | undefined;
  readonly valueBoolean?: boolean | undefined;
  readonly valueDate?: string | undefined;
  readonly valueDateTime?: string | undefined;
  readonly valueCoding?: Coding | undefined;
  readonly valueCodeableConcept?: CodeableConcept | undefined;
}
export const extension: z.ZodType<Extension> = z.object({
  url: uri().min(1, { error: 'must be the extension URL' }),
  get extension() {
    return z.array(extension).optional();
  },
  valueCode: shortText().optional(),
  valueString: z.string().optional(),
  valueBoolean: z.boolean().optional(),
  valueDate: date.optional(),
  valueDateTime: dateTime.optional(),
  valueCoding: coding.optional(),
  valueCodeableConcept: codeableConcept.optional(),
});

/** Any resource, before we know its type: the discriminator only, everything else kept for the typed parse. */
export const anyResource = z.looseObject({
  resourceType: z
    .string({ error: 'must name the resourceType' })
    .max(LIMITS.id, { error: `must be a FHIR resource type name (at most ${LIMITS.id} characters)` }),
});

/** What every resource we read starts with (FHIR's Resource): its type and its logical id. */
const resourceOf = <T extends string>(resourceType: T) => ({
  resourceType: z.literal(resourceType),
  id: fhirId.optional(),
});

/** R4 Patient.link.type codes that merge two records (`refer` and `seealso` link records that stay apart). */
export const MERGE_LINK_TYPES = ['replaced-by', 'replaces'] as const;
export type MergeLinkType = (typeof MERGE_LINK_TYPES)[number];

export const patientLink = z.object({
  /** Required by FHIR; optional here so a Patient read only for its identifiers is not refused for it. */
  other: reference.optional(),
  /** Any code is read (replaced-by | replaces | refer | seealso); only the merge codes mean something. */
  type: shortText(),
});
export type PatientLink = z.infer<typeof patientLink>;

export const patient = z.object({
  ...resourceOf('Patient'),
  meta: meta.optional(),
  identifier: z.array(identifier).optional(),
  active: z.boolean().optional(),
  link: z.array(patientLink).optional(),
  /**
   * Read only to band the age at admission (contract v3). A value the hub cannot use is dropped, never a
   * reason to refuse the Patient, and never quoted: the hub does not need it.
   */
  birthDate: z.string().max(10).optional().catch(undefined),
});
export type Patient = z.infer<typeof patient>;

export const location = z.object({
  ...resourceOf('Location'),
  identifier: z.array(identifier).optional(),
  name: z.string().optional(),
  physicalType: codeableConcept.optional(),
});
export type Location = z.infer<typeof location>;

export const ENCOUNTER_STATUSES = [
  'planned',
  'arrived',
  'triaged',
  'in-progress',
  'onleave',
  'finished',
  'cancelled',
  'entered-in-error',
  'unknown',
] as const;
export type EncounterStatus = (typeof ENCOUNTER_STATUSES)[number];

export const encounterLocation = z.object({
  location: reference,
  status: z.enum(['planned', 'active', 'reserved', 'completed']).optional(),
  physicalType: codeableConcept.optional(),
  period: period.optional(),
});
export type EncounterLocation = z.infer<typeof encounterLocation>;

export const encounter = z.object({
  ...resourceOf('Encounter'),
  meta: meta.optional(),
  extension: z.array(extension).optional(),
  identifier: z.array(identifier).optional(),
  status: z.enum(ENCOUNTER_STATUSES),
  /** R4: a single Coding (v3 ActCode: IMP, ACUTE, NONAC, EMER, AMB, SS, …). */
  class: coding,
  subject: reference.optional(),
  period: period.optional(),
  hospitalization: z
    .object({
      extension: z.array(extension).optional(),
      admitSource: codeableConcept.optional(),
      dischargeDisposition: codeableConcept.optional(),
    })
    .optional(),
  location: z.array(encounterLocation).optional(),
  serviceProvider: reference.optional(),
  contained: z.array(anyResource).optional(),
});
export type Encounter = z.infer<typeof encounter>;

export const messageHeader = z.object({
  ...resourceOf('MessageHeader'),
  eventCoding: coding.optional(),
  eventUri: uri().optional(),
  source: z.object({
    name: shortText().optional(),
    software: shortText().optional(),
    endpoint: z.string({ error: 'is required (MessageHeader.source.endpoint)' }).max(LIMITS.reference, {
      error: `must be at most ${LIMITS.reference} characters (the hub's limit for a URL)`,
    }),
  }),
  sender: reference.optional(),
  focus: z.array(reference).optional(),
});
export type MessageHeader = z.infer<typeof messageHeader>;

export const BUNDLE_TYPES = [
  'document',
  'message',
  'transaction',
  'transaction-response',
  'batch',
  'batch-response',
  'history',
  'searchset',
  'collection',
] as const;

export const bundleEntry = z.object({
  fullUrl: uri().optional(),
  resource: anyResource.optional(),
  request: z
    .object({
      method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH']),
      url: uri(),
    })
    .optional(),
});
export type BundleEntry = z.infer<typeof bundleEntry>;

export const bundle = z.object({
  ...resourceOf('Bundle'),
  meta: meta.optional(),
  identifier: identifier.optional(),
  type: z.enum(BUNDLE_TYPES),
  timestamp: instant.optional(),
  link: z.array(z.object({ relation: z.string(), url: z.string() })).optional(),
  entry: z.array(bundleEntry).optional(),
});
export type Bundle = z.infer<typeof bundle>;

/** Identifier systems the hub recognises (NHS England). */
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const ODS_ORGANIZATION_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const ODS_SITE_SYSTEM = 'https://fhir.nhs.uk/Id/ods-site-code';
/** HL7 v2 table 0203 identifier types, as FHIR codes them: `MR` is a medical record number. */
export const IDENTIFIER_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0203';
