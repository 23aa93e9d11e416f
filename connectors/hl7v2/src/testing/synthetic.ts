import { testNhsNumbersFrom } from '@homefirst/testing';
import { onTheWire } from './corpus';

const issued: string[] = [];
const unissued = testNhsNumbersFrom();

/** The n-th NHS number in the 999 test range that passes modulus 11 (deterministic, distinct per n). */
export function testNhsNumber(n: number): string {
  while (issued.length <= n) issued.push(unissued.next().value ?? '');
  return issued[n] ?? '';
}

/**
 * A realistic A01 for synthetic person n (the corpus ITK admission with its own NHS number, MRN, spell and
 * MSH-10), for volume tests and the benchmark.
 */
export function syntheticAdmission(n: number, messageId: string): { message: string; nhsNumber: string } {
  const nhsNumber = testNhsNumber(n);
  const message = onTheWire('a01-emergency-admission.hl7')
    .replace('RXN-PAS-000101', messageId)
    .replace('9991234012^^^NHS^NH~RXN1234567', `${nhsNumber}^^^NHS^NH~RXN${String(n).padStart(7, '0')}`)
    .replace('V000123', `V${String(n).padStart(6, '0')}`);
  return { message, nhsNumber };
}

/** An issued-range NHS number (modulus 11 valid, not 999): accepted whatever the policy. */
export const ISSUED_NHS_NUMBER = '4010232137';

/**
 * Three synthetic admissions for the data teams' tests, MSH-10 `${tag}-A`, `-B` and `-C`: A with an issued
 * NHS number (accepted), B and C with 999 test numbers (refused unless the policy accepts test numbers).
 */
export function acceptedAndRefusedAdmissions(tag: string): string[] {
  const a = syntheticAdmission(1, `${tag}-A`).message.replace(
    /999\d{7}\^\^\^NHS/,
    `${ISSUED_NHS_NUMBER}^^^NHS`,
  );
  return [a, syntheticAdmission(2, `${tag}-B`).message, syntheticAdmission(3, `${tag}-C`).message];
}
