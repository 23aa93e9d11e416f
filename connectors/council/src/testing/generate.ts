import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { nhsNumberCheckDigit } from '@homefirst/schemas';

/**
 * Synthetic council CSV files in the canonical (homefirst) format, for the benchmark and for tests that
 * need many rows. Each person gets a 999… test NHS number with a valid modulus-11 check digit.
 */
export const CANONICAL_HEADER =
  'record_id,council_code,la_person_id,nhs_number,event,occurred_at,pathway,service_type,hours_per_week,provider_id,provider_name,planned_start_date,outcome,hospital_ods_code,hospital_spell_id,referral_id,package_id,scheduled_for,services_required,route_of_access,reason_code,system';

/**
 * A distinct valid test NHS number for each n below 500,000: 999 + n in six digits, or — when that one's
 * check digit would be 10 — 999 + (n + 500,000), whose check digit then is 2 (the sum moves by 5 × 6).
 */
export function testNhsNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 500_000)
    throw new RangeError('n must be an integer from 0 to 499999');
  for (const body of [n, n + 500_000]) {
    const nine = `999${String(body).padStart(6, '0')}`;
    const check = nhsNumberCheckDigit(nine);
    if (check !== undefined) return `${nine}${check}`;
  }
  throw new RangeError('unreachable: the second candidate always has a valid check digit');
}

const STEPS = [
  (i: number) =>
    `referral_received,2025-01-06T09:${String(i % 60).padStart(2, '0')}:00+00:00,1,,,,,,,REM,V${i},`,
  (i: number) =>
    `package_requested,2025-01-07T10:${String(i % 60).padStart(2, '0')}:00+00:00,,reablement,10.5,,,,,,,`,
  (i: number) =>
    `package_sourced,2025-01-08T11:${String(i % 60).padStart(2, '0')}:00+00:00,,,,1-2094837561,Anfield Reablement Team,2025-01-09,,,,`,
  (i: number) =>
    `reablement_started,2025-01-09T08:${String(i % 60).padStart(2, '0')}:00+00:00,,reablement,,,,,,,,`,
] as const;

/**
 * Row i (1-based) of a synthetic file: people in turn through referral → request → sourced → reablement.
 * `badEvery` > 0 makes every n-th row carry an NHS number that fails modulus 11.
 */
export function syntheticRow(
  i: number,
  options: { readonly badEvery?: number; readonly tag?: string } = {},
): string {
  const person = Math.floor((i - 1) / STEPS.length);
  const step = STEPS[(i - 1) % STEPS.length] ?? STEPS[0];
  const bad = options.badEvery !== undefined && options.badEvery > 0 && i % options.badEvery === 0;
  const nhs = testNhsNumber(person + 1);
  const nhsNumber = bad ? `${nhs.slice(0, 9)}${(Number(nhs[9]) + 1) % 10}` : nhs;
  const tag = options.tag ?? 'SYN';
  return `${tag}-${i},E08000012,P${person},${nhsNumber},${step(i)}REF-${tag}-${person},PKG-${tag}-${person},,,,,`;
}

/** Writes a synthetic file of `rows` data rows with back-pressure (constant memory). */
export async function writeSyntheticCsv(
  file: string,
  rows: number,
  options: { readonly badEvery?: number; readonly tag?: string } = {},
): Promise<void> {
  const out = createWriteStream(file);
  out.write(`${CANONICAL_HEADER}\n`);
  for (let i = 1; i <= rows; i += 1) {
    if (!out.write(`${syntheticRow(i, options)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
