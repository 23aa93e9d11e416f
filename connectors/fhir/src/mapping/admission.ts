import {
  admissionSourceCodeOf,
  ageBandAtAdmission,
  usualPlaceOfResidenceOfAdmissionSource,
  type AdmissionFacts,
  type UsualPlaceOfResidence,
} from '@homefirst/schemas';
import type { Encounter } from '../fhir/model';

/**
 * Code systems of the NHS Data Dictionary source of admission (the codes are the same in each): UK Core
 * STU2 (https://fhir.hl7.org.uk/CodeSystem/UKCore-SourceOfAdmissionEngland), UK Core STU1 and CareConnect.
 */
export const NHS_SOURCE_OF_ADMISSION_SYSTEMS: ReadonlySet<string> = new Set([
  'https://fhir.hl7.org.uk/CodeSystem/UKCore-SourceOfAdmissionEngland',
  'https://fhir.hl7.org.uk/CodeSystem/NHSDataModelAndDictionary-SourceOfAdmission',
  'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-SourceOfAdmission-1',
]);

/** FHIR R4's own admit-source codes (http://terminology.hl7.org/CodeSystem/admit-source). */
export const FHIR_ADMIT_SOURCE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/admit-source';
/** Of FHIR's own codes, only these say where the person lives; the others (hosp-trans, emd, gp…) do not. */
const RESIDENCE_OF_FHIR_ADMIT_SOURCE: Readonly<Record<string, UsualPlaceOfResidence>> = {
  nursing: 'CARE_HOME',
  born: 'OTHER',
};

/**
 * Encounter.hospitalization.admitSource: an NHS source of admission code (in one of the NHS systems, or
 * two digits with no system) is kept as `admissionSourceCode` and gives the usual place of residence; FHIR's
 * own codes give it where they can (nursing → CARE_HOME) and UNKNOWN otherwise. Any other system: null.
 */
function admitSourceOf(encounter: Encounter): Omit<AdmissionFacts, 'ageBandAtAdmission'> {
  const codings = encounter.hospitalization?.admitSource?.coding ?? [];
  for (const coding of codings) {
    if (coding.code === undefined) continue;
    if (coding.system === undefined || NHS_SOURCE_OF_ADMISSION_SYSTEMS.has(coding.system)) {
      const code = admissionSourceCodeOf(coding.code);
      if (code !== null)
        return {
          admissionSourceCode: code,
          usualPlaceOfResidence: usualPlaceOfResidenceOfAdmissionSource(code),
        };
    }
  }
  const fhirCode = codings.find((c) => c.system === FHIR_ADMIT_SOURCE_SYSTEM && c.code !== undefined)?.code;
  return {
    admissionSourceCode: null,
    usualPlaceOfResidence:
      fhirCode === undefined ? null : (RESIDENCE_OF_FHIR_ADMIT_SOURCE[fhirCode] ?? 'UNKNOWN'),
  };
}

/**
 * The age band at admission (Patient.birthDate against the admission time) and the usual place of
 * residence. The date of birth is read for this only: never put on an event, in a log or an issue text. A
 * partial (YYYY, YYYY-MM) or impossible date, or one after the admission, gives no band (null).
 */
export function admissionFactsOf(
  encounter: Encounter,
  birthDate: string | null,
  admittedAt: Date | null,
): AdmissionFacts {
  return {
    ageBandAtAdmission:
      birthDate === null || admittedAt === null ? null : ageBandAtAdmission(birthDate, admittedAt),
    ...admitSourceOf(encounter),
  };
}
