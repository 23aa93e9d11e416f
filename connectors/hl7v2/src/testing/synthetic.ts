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
