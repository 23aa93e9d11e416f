import { onTheWire } from './corpus';

const issued: string[] = [];
let next = 999_000_000;

/** The n-th NHS number in the 999 test range that passes modulus 11 (deterministic, distinct per n). */
export function testNhsNumber(n: number): string {
  while (issued.length <= n) {
    const nine = String(next);
    next += 1;
    let sum = 0;
    for (let i = 0; i < 9; i += 1) sum += Number(nine[i]) * (10 - i);
    const check = (11 - (sum % 11)) % 11;
    if (check !== 10) issued.push(`${nine}${check}`);
  }
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
