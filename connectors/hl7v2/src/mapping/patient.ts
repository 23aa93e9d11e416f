import {
  NHS_NUMBER_POLICY_WITH_TEST_NUMBERS,
  NHS_NUMBER_RULES,
  readNhsNumber,
  type NhsNumberPolicy,
} from '@homefirst/schemas';
import type { Hl7Segment } from '@medplum/core';
import { Hl7ContentError, type Hl7Location } from '../hl7/errors';
import { repetitionCount, valueOf } from '../hl7/message';
import { checkedIdentifier } from './identifier-field';

/** Who a message is about, as the message says: either may be missing (never both, for PID). */
export interface PatientIdentity {
  /** NHS number, validated (modulus 11, issued range, test numbers by policy) and normalised to 10 digits. */
  readonly nhsNumber: string | null;
  /** The trust's local patient id (MRN / PAS number). */
  readonly mrn: string | null;
}

/** OID of the NHS number in England and Wales (HL7 UK). */
const NHS_NUMBER_OID = '2.16.840.1.113883.2.1.4.1';
const NHS_AUTHORITIES = new Set(['NHS', 'NHSNBR', 'NHS NUMBER', NHS_NUMBER_OID]);
/** Type codes feeds use for the NHS number when the assigning authority is NHS (or empty, for NH/NHS). */
const NHS_TYPES_WITH_AUTHORITY = new Set(['', 'NH', 'NHS', 'HN', 'NHSNBR', 'NNGBR']);
const NHS_TYPES_ALONE = new Set(['NH', 'NHS', 'NHSNBR']);
/** Local patient id type codes, most specific first. */
const LOCAL_ID_TYPES = ['MR', 'PI', 'PT', 'PN', 'PAS', 'LR'];

interface Cx {
  readonly id: string;
  readonly authority: string;
  readonly authorityOid: string;
  readonly type: string;
}

function identifiers(segment: Hl7Segment | undefined, field: number): Cx[] {
  const count = repetitionCount(segment, field);
  const list: Cx[] = [];
  const location: Hl7Location = { segment: segment?.name ?? 'PID', field, component: 1 };
  for (let rep = 0; rep < count; rep += 1) {
    const id = checkedIdentifier(valueOf(segment, field, 1, undefined, rep), location, 'identifier');
    if (id === '') continue;
    list.push({
      id,
      authority: valueOf(segment, field, 4, 1, rep).toUpperCase(),
      authorityOid: valueOf(segment, field, 4, 2, rep),
      type: valueOf(segment, field, 5, undefined, rep).toUpperCase(),
    });
  }
  return list;
}

const isNhsNumberIdentifier = (cx: Cx): boolean =>
  NHS_AUTHORITIES.has(cx.authority) || cx.authorityOid === NHS_NUMBER_OID
    ? NHS_TYPES_WITH_AUTHORITY.has(cx.type)
    : cx.authority === '' && NHS_TYPES_ALONE.has(cx.type);

/**
 * Reads an identifier list (PID-3, with PID-2 as the older place for the NHS number, or MRG-1). The NHS
 * number is the repetition whose assigning authority is NHS (type NH, HN, NHS or none) or whose type is NH
 * with no authority; it must be a valid NHS number under the policy (schemas `readNhsNumber`: check digit,
 * issued range, 999 test numbers only when allowed, no Unicode spaces as formatting). The MRN is the
 * first MR, else PI/PT/PN/PAS/LR, else the first other identifier. Every identifier must be printable.
 */
export function readIdentifiers(
  segment: Hl7Segment | undefined,
  field: number,
  alternateField?: number,
  policy: NhsNumberPolicy = NHS_NUMBER_POLICY_WITH_TEST_NUMBERS,
): PatientIdentity {
  const location: Hl7Location = { segment: segment?.name ?? 'PID', field };
  const list = identifiers(segment, field);
  const nhsCandidates = list.filter(isNhsNumberIdentifier);
  if (nhsCandidates.length === 0 && alternateField !== undefined) {
    nhsCandidates.push(...identifiers(segment, alternateField).filter(isNhsNumberIdentifier));
  }
  const numbers = new Set<string>();
  for (const candidate of nhsCandidates) {
    const reading = readNhsNumber(candidate.id, policy);
    if (reading.nhsNumber === null) {
      throw new Hl7ContentError(
        'DATA_TYPE_ERROR',
        location,
        `${location.segment}-${field} carries an NHS number that ${NHS_NUMBER_RULES[reading.problem]}`,
      );
    }
    numbers.add(reading.nhsNumber);
  }
  if (numbers.size > 1) {
    throw new Hl7ContentError(
      'DATA_TYPE_ERROR',
      location,
      `${location.segment}-${field} carries two different NHS numbers`,
    );
  }
  const others = list.filter((cx) => !isNhsNumberIdentifier(cx));
  const local =
    LOCAL_ID_TYPES.map((type) => others.find((cx) => cx.type === type)).find((cx) => cx !== undefined) ??
    others[0];
  return { nhsNumber: [...numbers][0] ?? null, mrn: local?.id ?? null };
}
