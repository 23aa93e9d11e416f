import {
  councilRecordFormat,
  NHS_NUMBER_POLICY_WITH_TEST_NUMBERS,
  NHS_NUMBER_RULES,
  readNhsNumber,
  type NhsNumberPolicy,
  PLAUSIBLE_YEARS,
  readIsoDate,
  normaliseNhsNumber,
  type LocalDate,
  type Pathway,
} from '@homefirst/schemas';
import type { ValidationIssue } from '@homefirst/runtime';
import { z } from 'zod';
import {
  PATHWAY_OF,
  PLACEMENT_SERVICE_TYPES,
  RECORD_EVENTS,
  RECORD_OUTCOMES,
  RECORD_ROUTES_OF_ACCESS,
  RECORD_SERVICE_TYPES,
  type RecordEvent,
  type RecordOutcome,
  type RecordRouteOfAccess,
  type RecordServiceType,
} from './vocabulary';
import { parseOffsetDateTime } from './date-time';

/**
 * The council record format (its field list, header and code lists are the contract's
 * councilRecordFormat): one row per status change in a council case system (Liquidlogic LAS,
 * Mosaic, CareDirector …). JSON posts use these field names; CSV files use the snake_case header of
 * record-format/council-record-header.csv, or any export a mapping in mappings/ translates.
 * record-format/council-record.schema.json documents the same thing as JSON Schema (a test keeps the
 * two in step).
 *
 * Every message here names the field and what it must be, and never echoes the value: reasons end up
 * in dead letters, error reports and logs, and a shifted CSV column can put an NHS number anywhere.
 */
export interface CouncilRecord {
  /** Unique per source row and version: the idempotency key (with the council code). */
  readonly recordId: string;
  /** ONS code of the local authority, e.g. E08000012 (Liverpool). */
  readonly councilCode: string;
  /** The person's id in the council's case system. */
  readonly laPersonId: string | null;
  /** Normalised: ten digits, modulus-11 valid. */
  readonly nhsNumber: string;
  readonly event: RecordEvent;
  readonly occurredAt: Date;
  readonly pathway: Pathway | null;
  readonly serviceType: RecordServiceType | null;
  readonly hoursPerWeek: number | null;
  readonly providerId: string | null;
  readonly providerName: string | null;
  readonly plannedStartDate: LocalDate | null;
  readonly outcome: RecordOutcome | null;
  readonly hospitalOdsCode: string | null;
  readonly hospitalSpellId: string | null;
  /** The council's referral (case/request) id: the events of one referral belong together. */
  readonly referralId: string;
  /** The brokerage request id; package events without one use the referral id. */
  readonly packageId: string | null;
  readonly scheduledFor: Date | null;
  readonly servicesRequired: boolean | null;
  readonly routeOfAccess: RecordRouteOfAccess | null;
  readonly reasonCode: string | null;
  /** The sending case system as it names itself, e.g. "Liquidlogic LAS". */
  readonly system: string | null;
}

export type RecordField = keyof CouncilRecord;

/** The fields of the record format, in the order of the canonical CSV header (the contract's). */
export const RECORD_FIELDS = councilRecordFormat.FIELDS satisfies readonly RecordField[];

/** Fields every record must have, whatever its event. */
export const REQUIRED_FIELDS: readonly RecordField[] = councilRecordFormat.REQUIRED_FIELDS;

/** Social-care authorities: English unitary (E06), metropolitan (E08), London (E09) and county (E10) councils — not districts (E07), which have no social care —, Welsh (W06), Scottish (S12) and Northern Irish (N09) ones. */
export const COUNCIL_CODE = /^(E06|E08|E09|E10|W06|S12|N09)\d{6}$/;
/** ODS organisation or site code of a trust, e.g. RXN or RXN02. */
const ODS_CODE = /^[A-Z0-9]{3,6}$/;
/** Ids and reason codes: printable, no line breaks; reason codes are codes, never free text (which may hold personal data). */
const ID_TEXT = /^[^\p{Cc}]+$/u;
const REASON_CODE = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,49}$/;
const MAX_FUTURE_MS = 24 * 3600 * 1000;

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0']);

/** Blank cells and nulls are absent values. */
const blank = (value: unknown): unknown => {
  if (value === null) return undefined;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  return value;
};

/** "Home care", "home-care" and "HOME_CARE" are the code home_care. */
const codeWord = (value: unknown): unknown =>
  typeof value === 'string'
    ? value
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_')
    : value;

const requiredMessage = (what: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? 'is required' : what;

const text = (max: number, pattern = ID_TEXT) =>
  z
    .union([z.string(), z.number().int().nonnegative()], {
      error: requiredMessage(`must be text of at most ${max} characters`),
    })
    .transform(String)
    .pipe(
      z
        .string()
        .max(max, { error: `must be at most ${max} characters` })
        .regex(pattern, { error: 'must be printable text without line breaks' }),
    );

const oneOf = <const Values extends readonly [string, ...string[]]>(values: Values) =>
  z.preprocess(codeWord, z.enum(values, { error: requiredMessage(`must be one of ${values.join(', ')}`) }));

/** A transform by `read`, which returns null for a value it cannot read: then `message` is the issue. */
const readOr =
  <In, Out>(read: (value: In) => Out | null, message: string) =>
  (value: In, ctx: z.RefinementCtx): Out => {
    const result = read(value);
    if (result !== null) return result;
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };

const offsetDateTime = z
  .string({ error: requiredMessage('must be an ISO 8601 date-time with offset') })
  .transform(
    readOr(
      parseOffsetDateTime,
      'must be an ISO 8601 date-time with an offset, e.g. 2025-01-06T09:30:00+00:00',
    ),
  );

const localDate = z
  .string({ error: requiredMessage('must be a date YYYY-MM-DD') })
  .refine((value) => readIsoDate(value).ok, {
    error: `must be a real date YYYY-MM-DD in ${PLAUSIBLE_YEARS.first}–${PLAUSIBLE_YEARS.last}`,
  });

const pathway = z.union([z.string(), z.number()], { error: 'must be 0, 1, 2 or 3' }).transform(
  readOr((value: string | number) => {
    const digit = /^[Pp]?([0-3])$/.exec(String(value));
    return digit === null ? null : PATHWAY_OF[Number(digit[1]) as 0 | 1 | 2 | 3];
  }, 'must be 0, 1, 2 or 3 (or P0–P3)'),
);

const hours = z
  .union([z.number(), z.string().regex(/^\d+(\.\d+)?$/)], { error: 'must be a number of hours' })
  .transform(Number)
  .pipe(
    z
      .number()
      .min(0, { error: 'must be from 0 to 168' })
      .max(168, { error: 'must be from 0 to 168 (hours in a week)' }),
  );

const yesNo = z.union([z.boolean(), z.string(), z.number()]).transform((value, ctx) => {
  const word = String(value).trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  ctx.addIssue({ code: 'custom', message: 'must be true or false (yes/no)' });
  return z.NEVER;
});

const nhsNumber = z
  .union([z.string(), z.number().int()], { error: requiredMessage('must be a 10-digit NHS number') })
  .transform(
    readOr(
      (value: string | number) => normaliseNhsNumber(String(value)),
      'must be a valid NHS number (10 digits, modulus-11 check digit)',
    ),
  );

const upperCode = (pattern: RegExp, what: string) =>
  z
    .string({ error: requiredMessage(what) })
    .transform((value) => value.toUpperCase())
    .pipe(z.string().regex(pattern, { error: what }));

const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());
const required = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema);

const recordShape = {
  recordId: required(text(200)),
  councilCode: required(upperCode(COUNCIL_CODE, 'must be an ONS local authority code, e.g. E08000012')),
  laPersonId: optional(text(100)),
  nhsNumber: required(nhsNumber),
  event: required(oneOf(RECORD_EVENTS)),
  occurredAt: required(offsetDateTime),
  pathway: optional(pathway),
  serviceType: optional(oneOf(RECORD_SERVICE_TYPES)),
  hoursPerWeek: optional(hours),
  providerId: optional(text(100)),
  providerName: optional(text(200)),
  plannedStartDate: optional(localDate),
  outcome: optional(oneOf(RECORD_OUTCOMES)),
  hospitalOdsCode: optional(upperCode(ODS_CODE, 'must be an ODS code, e.g. RXN or RXN02')),
  hospitalSpellId: optional(text(100)),
  referralId: required(text(100)),
  packageId: optional(text(100)),
  scheduledFor: optional(offsetDateTime),
  servicesRequired: optional(yesNo),
  routeOfAccess: optional(oneOf(RECORD_ROUTES_OF_ACCESS)),
  reasonCode: optional(text(50, REASON_CODE)),
  system: optional(text(100)),
} satisfies { readonly [F in RecordField]: z.ZodType };

type Parsed = z.output<z.ZodObject<typeof recordShape>>;

/** What each event needs beyond the fields every record has. Pure; `now` bounds event times. */
function eventRules(record: Parsed, now: Date): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const need = (path: RecordField, message: string): void => {
    issues.push({ path, message });
  };
  if (record.occurredAt.getTime() > now.getTime() + MAX_FUTURE_MS) {
    need('occurredAt', 'is more than a day in the future');
  }
  switch (record.event) {
    case 'assessment_scheduled':
      if (record.scheduledFor === undefined && record.plannedStartDate === undefined)
        need('scheduledFor', 'is required for assessment_scheduled (or give plannedStartDate)');
      break;
    case 'assessment_completed':
      if (record.servicesRequired === undefined && record.outcome === undefined)
        need('servicesRequired', 'is required for assessment_completed (or give outcome)');
      break;
    case 'package_requested':
      if (record.serviceType === undefined) need('serviceType', 'is required for package_requested');
      break;
    case 'provider_offered':
    case 'provider_declined':
      if (record.providerId === undefined) need('providerId', `is required for ${record.event}`);
      break;
    case 'package_sourced':
      if (record.providerId === undefined) need('providerId', 'is required for package_sourced');
      if (record.plannedStartDate === undefined) need('plannedStartDate', 'is required for package_sourced');
      break;
    case 'package_started':
      if (record.serviceType === undefined) need('serviceType', 'is required for package_started');
      break;
    case 'placement_started':
      if (record.serviceType === undefined || !PLACEMENT_SERVICE_TYPES.has(record.serviceType))
        need('serviceType', 'must be residential or nursing for placement_started');
      break;
    case 'reablement_ended':
      if (record.outcome === undefined) need('outcome', 'is required for reablement_ended');
      break;
    case 'referral_received':
    case 'reablement_started':
    case 'referral_cancelled':
      break;
    default:
      record.event satisfies never;
  }
  return issues;
}

const recordSchema = z.strictObject(recordShape, {
  error: (issue) =>
    issue.code === 'unrecognized_keys' ? undefined : 'must be a JSON object of record fields',
});

/** The parts of a rejected record that are safe and useful to route its dead letter: never the NHS number itself. */
export interface RecordIdentity {
  readonly recordId: string | null;
  readonly councilCode: string | null;
  /** Normalised, when the NHS number itself was valid (to key the dead letter by personKey). */
  readonly nhsNumber: string | null;
}

export type DecodedRecord =
  | { readonly ok: true; readonly record: CouncilRecord }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[]; readonly identity: RecordIdentity };

/** Record fields by their name without case, `_` or `-`: an unknown key that matches one is a misspelling worth naming. */
const FIELD_BY_LOOSE_NAME = new Map<string, RecordField>(
  RECORD_FIELDS.map((field) => [field.toLowerCase(), field]),
);
const looseName = (key: string): string => key.replace(/[_\s-]/g, '').toLowerCase();

/**
 * The issues of a failed parse. An unknown key is never echoed (a key can be a name or an NHS number
 * as easily as a value): it is named by its place in the record, with the field it resembles if any.
 */
function issuesOf(error: z.ZodError, input: unknown): ValidationIssue[] {
  const keys = typeof input === 'object' && input !== null ? Object.keys(input) : [];
  return error.issues.flatMap((issue): ValidationIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const like = FIELD_BY_LOOSE_NAME.get(looseName(key));
        return {
          path: '(unknown field)',
          message: `key ${keys.indexOf(key) + 1} of the record is not a field of the council record format${like === undefined ? '' : ` (spelt like ${like})`}`,
        };
      });
    }
    return [{ path: issue.path.map(String).join('.') || 'record', message: issue.message }];
  });
}

function identityOf(input: unknown): RecordIdentity {
  const fields = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const pick = <T>(schema: z.ZodType<T>, value: unknown): T | null => {
    const result = schema.safeParse(value);
    return result.success ? result.data : null;
  };
  return {
    recordId: pick(required(text(200)), fields.recordId),
    councilCode: pick(required(upperCode(COUNCIL_CODE, '')), fields.councilCode),
    nhsNumber: pick(required(nhsNumber), fields.nhsNumber),
  };
}

/**
 * Validates one record (already in the record format's field names, values as JSON or CSV text) at the
 * boundary: types, NHS number modulus 11, ISO dates, vocabularies, and what each event needs.
 */
export function decodeCouncilRecord(
  input: unknown,
  now: Date,
  policy: NhsNumberPolicy = NHS_NUMBER_POLICY_WITH_TEST_NUMBERS,
): DecodedRecord {
  const parsed = recordSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, issues: issuesOf(parsed.error, input), identity: identityOf(input) };
  const issues = eventRules(parsed.data, now);
  // The schema takes test numbers (999); a deployment for issued numbers only refuses them here.
  const policyProblem = readNhsNumber(parsed.data.nhsNumber, policy).problem;
  if (policyProblem !== null) issues.push({ path: 'nhsNumber', message: NHS_NUMBER_RULES[policyProblem] });
  if (issues.length > 0) return { ok: false, issues, identity: identityOf(input) };
  return { ok: true, record: withNulls(parsed.data) };
}

/**
 * Every field of the format, in its order: as parsed, or null where the record left it out. The schema
 * validated each value and the required ones are present. Written out field by field rather than built
 * from RECORD_FIELDS: this runs per record, and an object literal of one fixed shape is several times
 * cheaper than Object.fromEntries (a test keeps the order equal to RECORD_FIELDS).
 */
const withNulls = (data: Parsed): CouncilRecord => ({
  recordId: data.recordId,
  councilCode: data.councilCode,
  laPersonId: data.laPersonId ?? null,
  nhsNumber: data.nhsNumber,
  event: data.event,
  occurredAt: data.occurredAt,
  pathway: data.pathway ?? null,
  serviceType: data.serviceType ?? null,
  hoursPerWeek: data.hoursPerWeek ?? null,
  providerId: data.providerId ?? null,
  providerName: data.providerName ?? null,
  plannedStartDate: data.plannedStartDate ?? null,
  outcome: data.outcome ?? null,
  hospitalOdsCode: data.hospitalOdsCode ?? null,
  hospitalSpellId: data.hospitalSpellId ?? null,
  referralId: data.referralId,
  packageId: data.packageId ?? null,
  scheduledFor: data.scheduledFor ?? null,
  servicesRequired: data.servicesRequired ?? null,
  routeOfAccess: data.routeOfAccess ?? null,
  reasonCode: data.reasonCode ?? null,
  system: data.system ?? null,
});

/** Whether the record format accepts this text as the value of one field (e.g. a canonical code). */
export const acceptsValue = (field: RecordField, value: string): boolean =>
  recordShape[field].safeParse(value).success;

/** One line per issue, `field: message` — the reason text of dead letters and error reports. */
export const describeIssues = (issues: readonly ValidationIssue[]): string =>
  issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
