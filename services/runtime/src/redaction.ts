import { isWellFormedNhsNumber } from '@homefirst/schemas';

/**
 * Keys that hold patient data; redacted wherever they appear in a log object (to three levels). Names and
 * free text cannot be recognised in a string the way an NHS number can, so they are caught by the key
 * that carries them: identifiers, names, dates of birth and death, contact details, free text
 * (notes, comments, narrative, OperationOutcome diagnostics) and raw message bodies (HL7, FHIR, CSV rows).
 */
export const PATIENT_IDENTIFIER_KEYS = [
  // identifiers
  'nhsNumber',
  'nhs_number',
  'NHSNumber',
  'retiredNhsNumber',
  'mrn',
  'localPatientId',
  'patientId',
  'retiredPatientId',
  'councilPersonId',
  'laPersonId',
  'la_person_id',
  // names
  'name',
  'names',
  'givenName',
  'familyName',
  'family',
  'given',
  'surname',
  'forename',
  'forenames',
  'firstName',
  'lastName',
  'middleName',
  'fullName',
  'patientName',
  'maidenName',
  'mothersMaidenName',
  // dates of birth and death
  'birthDate',
  'dateOfBirth',
  'dob',
  'deceasedDateTime',
  'dateOfDeath',
  // contact details
  'address',
  'addressLine',
  'postcode',
  'postalCode',
  'telecom',
  'phone',
  'telephone',
  'mobile',
  'email',
  'contact',
  'nextOfKin',
  // free text
  'text',
  'note',
  'notes',
  'comment',
  'comments',
  'freeText',
  'narrative',
  'description',
  'diagnostics',
  // raw message bodies
  'body',
  'rawBody',
  'raw',
  'rawMessage',
  'hl7',
  'payload',
  'record',
  'row',
  'csv',
] as const;

export const REDACTED = '[REDACTED]';
export const NHS_NUMBER_MASK = '[NHS-NUMBER]';

const PATIENT_KEYS: ReadonlySet<string> = new Set(PATIENT_IDENTIFIER_KEYS);

/** Deeper than any log object the hub writes; anything below is replaced rather than walked. */
const MAX_DEPTH = 16;

const isPlainObject = (value: object): value is Record<string, unknown> => {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/**
 * A log object with every patient-data key's value replaced by `[REDACTED]`, at any depth, through
 * arrays and plain objects (errors, buffers and other class instances are left to their serializers and
 * the NHS-number mask). Copies only what it changes; the caller's object is never modified.
 *
 * Walked by hand rather than with pino's `redact.paths`: paths need a wildcard per level and key, and
 * sixty keys at four levels made every log line about six times slower.
 */
export function redactPatientKeys<T>(value: T, depth = 0): T {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) return REDACTED as T;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, index) => {
      const redacted = redactPatientKeys(item, depth + 1);
      if (redacted !== item) (copy ??= [...(value as unknown[])])[index] = redacted;
    });
    return (copy ?? value) as T;
  }
  if (!isPlainObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, inner] of Object.entries(value)) {
    const redacted = PATIENT_KEYS.has(key) ? REDACTED : redactPatientKeys(inner, depth + 1);
    if (redacted !== inner) (copy ??= { ...value })[key] = redacted;
  }
  return (copy ?? value) as T;
}

/**
 * Ten digits, optionally written 3-3-4 with a separator — a space of any kind (no-break and thin spaces
 * included: the hub refuses them as formatting, but a log must not leak a number written with them), a
 * zero-width character or a hyphen — not part of a longer run of digits.
 */
const NHS_NUMBER_LIKE = /(?<!\d)\d{3}[\s\u200B-\u200D\u2060-]?\d{3}[\s\u200B-\u200D\u2060-]?\d{4}(?!\d)/g;

const digitsOf = (text: string): string => text.replace(/\D/g, '');

/**
 * Replaces every NHS number in free text with `[NHS-NUMBER]`: any ten digits passing the modulus-11
 * check, whatever their range (a number the hub refuses as unissued is still masked).
 */
export function maskNhsNumbers(text: string): string {
  return text.replace(NHS_NUMBER_LIKE, (candidate) =>
    isWellFormedNhsNumber(digitsOf(candidate)) ? NHS_NUMBER_MASK : candidate,
  );
}

function containsNhsNumber(text: string): boolean {
  for (const match of text.matchAll(NHS_NUMBER_LIKE))
    if (isWellFormedNhsNumber(digitsOf(match[0]))) return true;
  return false;
}

function maskValue(value: unknown): unknown {
  if (typeof value === 'string') return maskNhsNumbers(value);
  if (typeof value === 'number')
    return Number.isInteger(value) && isWellFormedNhsNumber(String(value)) ? NHS_NUMBER_MASK : value;
  if (Array.isArray(value)) return value.map(maskValue);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [maskNhsNumbers(key), maskValue(inner)]),
    );
  }
  return value;
}

/**
 * The safety net behind the key-based redaction: masks NHS numbers anywhere in a finished JSON log
 * line — message, string fields at any depth, error messages and stacks, bindings, numeric fields.
 * Lines without a candidate pass through untouched (the common, cheap case).
 */
export function maskLogLine(line: string): string {
  if (!containsNhsNumber(line)) return line;
  const newline = line.endsWith('\n') ? '\n' : '';
  try {
    return JSON.stringify(maskValue(JSON.parse(line))) + newline;
  } catch {
    // Not one JSON document: still never let the number through.
    return maskNhsNumbers(line);
  }
}
