import { IDENTIFIER_RULES, identifierProblem } from '@homefirst/schemas';
import { Hl7ContentError, formatLocation, type Hl7Location } from '../hl7/errors';

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
