import { isValidNhsNumber } from '@homefirst/schemas';

/** Keys that hold patient identifiers; redacted wherever they appear in a log object (to three levels). */
export const PATIENT_IDENTIFIER_KEYS = [
  'nhsNumber',
  'nhs_number',
  'NHSNumber',
  'name',
  'givenName',
  'familyName',
  'family',
  'given',
  'birthDate',
  'dateOfBirth',
  'dob',
  'address',
  'postcode',
  'postalCode',
  'telecom',
  'phone',
  'mrn',
  'localPatientId',
] as const;

export const REDACTED = '[REDACTED]';
export const NHS_NUMBER_MASK = '[NHS-NUMBER]';

/** pino `redact.paths`: each key at the top level and one or two levels down. */
export const PATIENT_REDACT_PATHS: readonly string[] = PATIENT_IDENTIFIER_KEYS.flatMap((key) => [
  key,
  `*.${key}`,
  `*.*.${key}`,
]);

/** Ten digits, optionally written 3-3-4 with spaces or hyphens, not part of a longer run of digits. */
const NHS_NUMBER_LIKE = /(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)/g;

const digitsOf = (text: string): string => text.replace(/[ -]/g, '');

/** Replaces every NHS number (one passing the modulus-11 check) in free text with `[NHS-NUMBER]`. */
export function maskNhsNumbers(text: string): string {
  return text.replace(NHS_NUMBER_LIKE, (candidate) =>
    isValidNhsNumber(digitsOf(candidate)) ? NHS_NUMBER_MASK : candidate,
  );
}

function containsNhsNumber(text: string): boolean {
  for (const match of text.matchAll(NHS_NUMBER_LIKE)) if (isValidNhsNumber(digitsOf(match[0]))) return true;
  return false;
}

function maskValue(value: unknown): unknown {
  if (typeof value === 'string') return maskNhsNumbers(value);
  if (typeof value === 'number')
    return Number.isInteger(value) && isValidNhsNumber(String(value)) ? NHS_NUMBER_MASK : value;
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
