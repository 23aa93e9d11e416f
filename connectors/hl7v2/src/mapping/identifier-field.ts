import { IDENTIFIER_RULES, identifierProblem } from '@homefirst/schemas';
import { Hl7ContentError, formatLocation, type Hl7Location } from '../hl7/errors';

/**
 * An identifier as sent, for a log line, a dead letter's source or the feed checker's report: itself when
 * printable and bounded, else null — a rejected MSH-10 or MSH-3 is not repeated (it could carry a terminal
 * escape sequence or a whole message).
 */
export const printableIdentifier = (value: string): string | null =>
  identifierProblem(value) === null ? value : null;

/**
 * An identifier read from a message (message control id, sending application and facility, visit number,
 * patient identifiers, location codes), returned as it is when its text is printable and bounded (schemas
 * `identifierProblem`); otherwise an AE naming the field and the rule — never the value.
 */
export function checkedIdentifier(value: string, location: Hl7Location, what: string): string {
  const problem = identifierProblem(value);
  if (problem === null) return value;
  throw new Hl7ContentError(
    'DATA_TYPE_ERROR',
    location,
    `${formatLocation(location)} (${what}) ${IDENTIFIER_RULES[problem]}`,
  );
}
