/**
 * What every identifier an edge accepts must be (message ids, visit numbers, local patient ids, ODS and
 * LA codes, record ids…): printable text of bounded length. Identifiers become Kafka keys, Redis keys,
 * event ids and ACK fields, so a control character (a NUL, an escape sequence, an MLLP frame byte), an
 * invisible format character (zero-width space, a bidi override that makes an id read backwards, a
 * byte-order mark), a line or paragraph separator or a lone surrogate never reaches one: the edge rejects
 * the value with the field's name and this rule, and never echoes it.
 */

/** Cc controls (C0, DEL, C1), Cf format characters, Zl/Zp separators, Cs lone surrogates. */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

/** Longer than any identifier a source system issues (HL7 v2.5 ST of MSH-10 is 199), short enough for a key. */
export const MAX_IDENTIFIER_LENGTH = 256;

export type IdentifierProblem = 'CONTROL_CHARACTER' | 'TOO_LONG';

/** The rule, for error texts (names the rule, never the value). */
export const IDENTIFIER_RULES: Readonly<Record<IdentifierProblem, string>> = {
  CONTROL_CHARACTER: 'contains a control or invisible formatting character',
  TOO_LONG: `is longer than ${MAX_IDENTIFIER_LENGTH} characters`,
};

/** What is wrong with an identifier's text, or null when nothing is. An empty value is the caller's concern. */
export function identifierProblem(
  value: string,
  maxLength: number = MAX_IDENTIFIER_LENGTH,
): IdentifierProblem | null {
  if (value.length > maxLength) return 'TOO_LONG';
  if (NOT_PRINTABLE.test(value)) return 'CONTROL_CHARACTER';
  return null;
}
