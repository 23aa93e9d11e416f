import type { LocalDate, Location, PatientClass } from '@homefirst/schemas';
import type { Hl7Segment } from '@medplum/core';
import { type Hl7Document, valueOf } from '../hl7/message';
import { optionalDateTime } from './date-time-field';
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
  /** PV1-4 admission type: UK feeds (ITK) send the NHS Data Dictionary admission method code here. */
  readonly admissionMethodCode: string | null;
  /** PV1-44 admit date/time. */
  readonly admittedAt: Date | null;
  /** PV1-45 discharge date/time. */
  readonly dischargedAt: Date | null;
  /** England discharge destination code: PV1-37.1, else a two-digit PV1-36. */
  readonly dischargeDestinationCode: string | null;
  /** NHS discharge method code (1 clinical advice … 4 died): a one-digit PV1-36. */
  readonly dischargeMethodCode: string | null;
  /** PV2-9 expected discharge date, as the calendar day written. */
  readonly expectedDischargeDate: LocalDate | null;
  /** PV2-47 expected return from leave of absence (v2.5). */
  readonly expectedLeaveReturnAt: Date | null;
}

/** HL7 table 0004 (patient class) plus the day-case spellings UK feeds use. */
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

function location(segment: Hl7Segment | undefined, field: number): Location | null {
  const part = (component: number, subcomponent?: number): string | null =>
    valueOf(segment, field, component, subcomponent) || null;
  const found: Location = { ward: part(1), room: part(2), bed: part(3), site: part(4, 1) };
  return found.ward === null && found.room === null && found.bed === null && found.site === null
    ? null
    : found;
}

export function readVisit(doc: Hl7Document, settings: MappingSettings): Visit {
  const pv1 = doc.segment('PV1');
  const pv2 = doc.segment('PV2');
  const disposition = valueOf(pv1, 36);
  const dischargedTo = valueOf(pv1, 37);
  const classCode = valueOf(pv1, 2).toUpperCase();
  return {
    present: pv1 !== undefined,
    spellId: valueOf(pv1, 19) || null,
    location: location(pv1, 3),
    priorLocation: location(pv1, 6),
    patientClass: classCode === '' ? 'UNKNOWN' : (PATIENT_CLASSES[classCode] ?? 'OTHER'),
    admissionMethodCode: valueOf(pv1, 4) || null,
    admittedAt: optionalDateTime(pv1, 44, 'admit date/time', settings)?.at ?? null,
    dischargedAt: optionalDateTime(pv1, 45, 'discharge date/time', settings)?.at ?? null,
    dischargeDestinationCode: dischargedTo || (/^\d{2,3}$/.test(disposition) ? disposition : null),
    dischargeMethodCode: /^\d$/.test(disposition) ? disposition : null,
    expectedDischargeDate: optionalDateTime(pv2, 9, 'expected discharge date', settings)?.localDate ?? null,
    expectedLeaveReturnAt: optionalDateTime(pv2, 47, 'expected LOA return date/time', settings)?.at ?? null,
  };
}
