import { NHS_NUMBER_RULES, readNhsNumber, type NhsNumberPolicy } from '@homefirst/schemas';
import { issue, type FhirIssue } from '../errors';

/**
 * An `identifier.value` in the NHS number system, read under the deployment's policy: the bare ten digits,
 * or the issue at `<path>.value` naming the rule it breaks (never the number).
 */
export function readNhsIdentifier(
  value: string,
  path: string,
  policy: NhsNumberPolicy | undefined,
): { readonly nhsNumber: string } | { readonly issue: FhirIssue } {
  const reading = readNhsNumber(value, policy);
  return reading.nhsNumber === null
    ? {
        issue: issue(
          `${path}.value`,
          `is not a valid NHS number: it ${NHS_NUMBER_RULES[reading.problem]}`,
          'value',
        ),
      }
    : { nhsNumber: reading.nhsNumber };
}
