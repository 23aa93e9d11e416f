import {
  readDischargeDestinationCode,
  type DischargeDestination,
  type LocalDate,
  type Location,
  type PatientClass,
} from '@homefirst/schemas';
import type { Hl7Segment } from '@medplum/core';
import { dataTypeError } from '../hl7/errors';
import { type Hl7Document, valueOf } from '../hl7/message';
import { optionalDateTime } from './date-time-field';
import { checkedIdentifier } from './identifier-field';
import type { MappingSettings } from './settings';

/** The patient visit (PV1, PV2) as the hub reads it; every part may be missing until a trigger needs it. */
export interface Visit {
  /** A PV1 segment is present. */
  readonly present: boolean;
  /** PV1-19 visit number (CX.1): the hospital provider spell id. */
  readonly spellId: string | null;
  /** PV1-3 assigned location (ward^room^bed^site); null when empty. */
  readonly location: Location | null;
  /** PV1-6 prior location (transfers). */
  readonly priorLocation: Location | null;
  /** PV1-2 patient class. */
  readonly patientClass: PatientClass;
  /**
   * PV1-4 admission type: UK feeds (ITK) send the NHS Data Dictionary admission method code here. Only a
   * code of that list is kept; anything else (HL7 table 0007 letters, local codes) is not known: null.
   */
  readonly admissionMethodCode: string | null;
  /** PV1-44 admit date/time. */
  readonly admittedAt: Date | null;
  /** PV1-45 discharge date/time. */
  readonly dischargedAt: Date | null;
  /**
   * England discharge destination (see `dischargeDestinationOf`): null when the message names none, and
   * DD99_NOT_KNOWN for a well-formed national code the hub does not list.
   */
  readonly dischargeDestination: DischargeDestination | null;
  /** NHS discharge method code (1 clinical advice … 4 died): a one-digit PV1-36. */
  readonly dischargeMethodCode: string | null;
  /** PV2-9 expected discharge date, as the calendar day written. */
  readonly expectedDischargeDate: LocalDate | null;
  /** PV2-47 expected return from leave of absence (v2.5). */
  readonly expectedLeaveReturnAt: Date | null;
}

/**
 * HL7 table 0004 (patient class) plus the day-case spellings UK feeds use. A code not listed here is a
 * class the hub does not know: UNKNOWN (never OTHER, which says the hub knows it is none of the others).
 */
const PATIENT_CLASSES: Readonly<Record<string, PatientClass>> = {
  I: 'INPATIENT',
  IP: 'INPATIENT',
  B: 'INPATIENT', // obstetrics: an inpatient stay
  E: 'EMERGENCY',
  O: 'AMBULATORY',
  OP: 'AMBULATORY',
  D: 'DAY_CASE',
  DC: 'DAY_CASE',
  DAY: 'DAY_CASE',
  DAYCASE: 'DAY_CASE',
  P: 'OTHER', // pre-admit
  R: 'OTHER', // recurring patient
  C: 'OTHER', // commercial account
  N: 'OTHER', // not applicable
  U: 'UNKNOWN',
};

/**
 * NHS Data Dictionary ADMISSION METHOD (hospital provider spell): 11–13 elective, 21–25, 2A–2D and 28
 * emergency, 31–32 maternity, 81–83 other, 99 not known.
 */
const ADMISSION_METHODS: ReadonlySet<string> = new Set(
  '11 12 13 21 22 23 24 25 2A 2B 2C 2D 28 31 32 81 82 83 99'.split(' '),
);

function location(segment: Hl7Segment | undefined, field: number): Location | null {
  const part = (component: number, subcomponent?: number): string | null =>
    checkedIdentifier(
      valueOf(segment, field, component, subcomponent),
      { segment: segment?.name ?? 'PV1', field, component },
      'patient location',
    ) || null;
  const found: Location = { ward: part(1), room: part(2), bed: part(3), site: part(4, 1) };
  return found.ward === null && found.room === null && found.bed === null && found.site === null
    ? null
    : found;
}

/**
 * The discharge destination a message names, read so that no part of a malformed code is ever taken for
 * another code (a "179" once read as 79, died):
 * - PV1-37.1 (discharged to location) is where the hub documents the national two-digit code ("079" with
 *   a leading zero is read as 79). Anything else there is the sender's broken mapping: AE naming PV1-37.
 * - PV1-36 (discharge disposition) is a local table (HL7 0112): a value written exactly as a national
 *   destination code is read as one, as UK feeds that put it there expect; a one-digit value is the
 *   discharge method; any other local code is not read (destination not known).
 * A well-formed national code the hub does not list is DD99_NOT_KNOWN.
 */
function dischargeDestinationOf(pv1: Hl7Segment | undefined): DischargeDestination | null {
  const dischargedTo = valueOf(pv1, 37);
  if (dischargedTo !== '') {
    const destination = readDischargeDestinationCode(dischargedTo);
    if (destination === null)
      throw dataTypeError({ segment: 'PV1', field: 37 }, 'discharge destination: a two-digit national code');
    return destination;
  }
  const disposition = valueOf(pv1, 36);
  return /^0?\d{2}$/.test(disposition) ? readDischargeDestinationCode(disposition) : null;
}

export function readVisit(doc: Hl7Document, settings: MappingSettings): Visit {
  const pv1 = doc.segment('PV1');
  const pv2 = doc.segment('PV2');
  const disposition = valueOf(pv1, 36);
  const classCode = valueOf(pv1, 2).toUpperCase();
  const admissionMethod = valueOf(pv1, 4).toUpperCase();
  return {
    present: pv1 !== undefined,
    spellId: checkedIdentifier(valueOf(pv1, 19), { segment: 'PV1', field: 19 }, 'visit number') || null,
    location: location(pv1, 3),
    priorLocation: location(pv1, 6),
    patientClass: classCode === '' ? 'UNKNOWN' : (PATIENT_CLASSES[classCode] ?? 'UNKNOWN'),
    admissionMethodCode: ADMISSION_METHODS.has(admissionMethod) ? admissionMethod : null,
    admittedAt: optionalDateTime(pv1, 44, 'admit date/time', settings)?.at ?? null,
    dischargedAt: optionalDateTime(pv1, 45, 'discharge date/time', settings)?.at ?? null,
    dischargeDestination: dischargeDestinationOf(pv1),
    dischargeMethodCode: /^\d$/.test(disposition) ? disposition : null,
    expectedDischargeDate: optionalDateTime(pv2, 9, 'expected discharge date', settings)?.localDate ?? null,
    expectedLeaveReturnAt: optionalDateTime(pv2, 47, 'expected LOA return date/time', settings)?.at ?? null,
  };
}
