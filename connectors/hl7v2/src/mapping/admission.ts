import {
  admissionSourceCodeOf,
  ageBandAtAdmission,
  usualPlaceOfResidenceOfAdmissionSource,
  type AdmissionFacts,
} from '@homefirst/schemas';
import type { Hl7Segment } from '@medplum/core';
import { valueOf } from '../hl7/message';

/**
 * PID-7 date of birth (DTM: YYYYMMDD, optionally followed by a time) as an ISO day, or null when it is
 * empty, partial (YYYY, YYYYMM) or not a date. Read only to band the age: it never leaves this module,
 * and a bad value is not an error the sender is told about (the hub does not need it), so no text ever
 * quotes it.
 */
function dateOfBirthOf(pid: Hl7Segment | undefined): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})(?:\d{2,}(?:\.\d+)?)?(?:[+-]\d{4})?$/.exec(valueOf(pid, 7).trim());
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

/**
 * The age band at admission (PID-7 against the admission time) and the usual place of residence from
 * PV1-14 admit source. UK feeds (HL7 UK / ITK) send the NHS Data Dictionary source of admission code in
 * PV1-14; anything else (HL7 table 0023 digits, local codes) says nothing the hub can read: null.
 */
export function readAdmissionFacts(
  pid: Hl7Segment | undefined,
  pv1: Hl7Segment | undefined,
  admittedAt: Date,
): AdmissionFacts {
  const dateOfBirth = dateOfBirthOf(pid);
  const admissionSourceCode = admissionSourceCodeOf(valueOf(pv1, 14));
  return {
    ageBandAtAdmission: dateOfBirth === null ? null : ageBandAtAdmission(dateOfBirth, admittedAt),
    usualPlaceOfResidence:
      admissionSourceCode === null ? null : usualPlaceOfResidenceOfAdmissionSource(admissionSourceCode),
    admissionSourceCode,
  };
}
