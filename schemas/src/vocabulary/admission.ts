import { trimEndOf, trimStartOf } from '../text-trim';
import { readIsoDate } from '../time/calendar';
import { LONDON_TIME_ZONE, wallTimeAt } from '../time/zoned-time';
import type { AgeBand, UsualPlaceOfResidence } from '../generated/events';

/**
 * Admission facts a connector computes from what the source says, so that no event carries a date of
 * birth: the age band at admission and the usual place of residence from the source of admission code.
 */

/** What an admission says about the person beyond the stay: contract v3's fields of PatientAdmitted. */
export interface AdmissionFacts {
  readonly ageBandAtAdmission: AgeBand | null;
  readonly usualPlaceOfResidence: UsualPlaceOfResidence | null;
  readonly admissionSourceCode: string | null;
}

/**
 * Whole years between a date of birth and a calendar day: the years passed, less one when the birthday
 * has not come yet that year (a 29 February birthday comes on 1 March in other years, as in UK law).
 * Null when the day is before the birth.
 */
export function ageInWholeYears(dateOfBirth: string, onDay: string): number | null {
  const [by = 0, bm = 0, bd = 0] = dateOfBirth.split('-').map(Number);
  const [y = 0, m = 0, d = 0] = onDay.split('-').map(Number);
  const age = y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
  return age >= 0 ? age : null;
}

/** The band of an age in whole years (bands in hospital-vocabulary.ts `ageBand`). */
export function ageBandOfAge(age: number): Exclude<AgeBand, 'UNKNOWN'> {
  if (age < 18) return 'AGE_0_TO_17';
  if (age < 65) return 'AGE_18_TO_64';
  if (age < 75) return 'AGE_65_TO_74';
  if (age < 85) return 'AGE_75_TO_84';
  return 'AGE_85_AND_OVER';
}

/**
 * The age band at an admission: the date of birth (ISO `YYYY-MM-DD`, a real calendar day) against the UK
 * calendar day of the admission instant. Null when the date of birth is not a full real date, or is after
 * the admission (the source is wrong; the hub does not guess). The date of birth is used here and dropped:
 * never put it on an event, in a log or in an error text.
 */
export function ageBandAtAdmission(dateOfBirth: string, admittedAt: Date): AgeBand | null {
  if (!readIsoDate(dateOfBirth).ok || Number.isNaN(admittedAt.getTime())) return null;
  const wall = wallTimeAt(admittedAt.getTime(), LONDON_TIME_ZONE);
  const day = `${String(wall.year).padStart(4, '0')}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
  const age = ageInWholeYears(dateOfBirth, day);
  return age === null ? null : ageBandOfAge(age);
}

/**
 * NHS Data Dictionary "Admission Source (Hospital Provider Spell)" codes
 * (https://www.datadictionary.nhs.uk/data_elements/admission_source__hospital_provider_spell_.html; UK Core
 * CodeSystem UKCore-SourceOfAdmissionEngland) → where the person usually lives. Codes of another hospital
 * (49-53, 87) or a hospice (88) say where the person came from, not where they live: UNKNOWN, like 98/99.
 */
const RESIDENCE_OF_ADMISSION_SOURCE: Readonly<Record<string, UsualPlaceOfResidence>> = {
  '19': 'PRIVATE_RESIDENCE',
  '29': 'TEMPORARY_RESIDENCE',
  '37': 'PENAL_ESTABLISHMENT',
  '39': 'PENAL_ESTABLISHMENT',
  '40': 'PENAL_ESTABLISHMENT',
  '42': 'PENAL_ESTABLISHMENT',
  '54': 'CARE_HOME',
  '65': 'CARE_HOME',
  '85': 'CARE_HOME',
  '66': 'OTHER',
  '79': 'OTHER',
};

/**
 * The two-digit form of an admission source code as written ("19", or zero-padded "019"), else null:
 * never a slice of a longer value ("119" is not 19).
 */
export function admissionSourceCodeOf(code: string): string | null {
  const text = trimStartOf(trimEndOf(code, ' \t'), ' \t');
  if (/^\d{2}$/.test(text)) return text;
  if (/^0\d{2}$/.test(text)) return text.slice(1);
  return null;
}

/**
 * The usual place of residence a source of admission code says, or null when the value is not such a
 * code (the field is then left out, not guessed). A well-formed code that says nothing about residence is
 * UNKNOWN.
 */
export function usualPlaceOfResidenceOfAdmissionSource(code: string): UsualPlaceOfResidence | null {
  const twoDigits = admissionSourceCodeOf(code);
  if (twoDigits === null) return null;
  return RESIDENCE_OF_ADMISSION_SOURCE[twoDigits] ?? 'UNKNOWN';
}
