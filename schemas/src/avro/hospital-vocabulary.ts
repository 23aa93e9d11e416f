import { avroNamespace, vocabulary } from './builders';

export const HOSPITAL = 'uk.homefirst.hospital';

/**
 * England discharge destination codes (NHS Data Dictionary "Discharge Destination Code"), the symbol
 * prefixed with its code so it reads as the national code. The default, DD99_NOT_KNOWN, is also what an
 * older reader sees for a code added later.
 */
export const dischargeDestination = vocabulary(
  HOSPITAL,
  'DischargeDestination',
  'Where the patient went on discharge: England discharge destination code (NHS Data Dictionary), e.g. DD19 usual place of residence, DD79 died.',
  [
    'DD19_USUAL_PLACE_OF_RESIDENCE',
    'DD29_TEMPORARY_PLACE_OF_RESIDENCE',
    'DD37_COURT',
    'DD38_PENAL_ESTABLISHMENT_OR_POLICE_STATION',
    'DD48_HIGH_SECURITY_PSYCHIATRIC_SCOTLAND',
    'DD49_NHS_HIGH_SECURITY_PSYCHIATRIC',
    'DD50_NHS_MEDIUM_SECURE',
    'DD51_NHS_OTHER_HOSPITAL_GENERAL_WARD',
    'DD52_NHS_OTHER_HOSPITAL_MATERNITY_WARD',
    'DD53_NHS_OTHER_HOSPITAL_MENTAL_HEALTH_WARD',
    'DD54_NHS_CARE_HOME',
    'DD55_CARE_HOME_WITH_NURSING',
    'DD56_CARE_HOME_WITHOUT_NURSING',
    'DD65_LOCAL_AUTHORITY_RESIDENTIAL',
    'DD66_LOCAL_AUTHORITY_FOSTER_CARE',
    'DD79_DIED',
    'DD84_NON_NHS_MEDIUM_SECURE',
    'DD85_NON_NHS_CARE_HOME',
    'DD87_NON_NHS_HOSPITAL',
    'DD88_NON_NHS_HOSPICE',
    'DD98_NOT_APPLICABLE',
    'DD99_NOT_KNOWN',
  ],
  'DD99_NOT_KNOWN',
);

/** Criteria to reside, NHS Data Dictionary codes 01–12, in the order of /work/shared/domain.md. */
export const criterionToReside = vocabulary(
  HOSPITAL,
  'CriterionToReside',
  'A criterion to reside (NHS Data Dictionary codes 01-12) the patient meets again.',
  [
    'CTR01_CRITICAL_CARE',
    'CTR02_OXYGEN_THERAPY',
    'CTR03_INTRAVENOUS_FLUIDS',
    'CTR04_NEWS_ABOVE_3',
    'CTR05_REDUCED_CONSCIOUSNESS',
    'CTR06_ACUTE_FUNCTIONAL_IMPAIRMENT',
    'CTR07_LAST_HOURS_OF_LIFE',
    'CTR08_INTRAVENOUS_MEDICATION',
    'CTR09_LOWER_LIMB_SURGERY_WITHIN_48H',
    'CTR10_THORAX_ABDOMEN_PELVIS_SURGERY_WITHIN_72H',
    'CTR11_INVASIVE_PROCEDURE_WITHIN_24H',
    'CTR12_OTHER_OR_NOT_RECORDED',
  ],
  'CTR12_OTHER_OR_NOT_RECORDED',
);

export const patientClass = avroNamespace(HOSPITAL).vocabulary(
  'PatientClass',
  'Kind of hospital stay (HL7 PV1-2 / FHIR Encounter.class).',
  ['INPATIENT', 'DAY_CASE', 'EMERGENCY', 'AMBULATORY', 'OTHER'],
);

/**
 * Age in whole years at admission, in bands: enough for the national measures that select by age (ASCOF 2D
 * counts people 65 and over, NHS Digital "Reproducing ASCOF metrics from CLD"; CLD and the SALT returns split
 * adults at 18-64 / 65+) and for the 75+ / 85+ breakdowns discharge teams use, without carrying a date of
 * birth. The bands are the hub's choice (schemas/README.md, "Contract v3"); 65+ is exact (AGE_65_TO_74 and above).
 */
export const ageBand = avroNamespace(HOSPITAL).vocabulary(
  'AgeBand',
  'Age in whole years at the admission time (UK calendar date of admission), banded: 0-17, 18-64, 65-74, 75-84, 85 and over. Computed by the connector from the date of birth, which is never carried.',
  ['AGE_0_TO_17', 'AGE_18_TO_64', 'AGE_65_TO_74', 'AGE_75_TO_84', 'AGE_85_AND_OVER'],
);

/**
 * Where the patient usually lives, as far as the source of admission says (NHS Data Dictionary "Admission
 * Source (Hospital Provider Spell)", https://www.datadictionary.nhs.uk/data_elements/admission_source__hospital_provider_spell_.html;
 * UK Core CodeSystem UKCore-SourceOfAdmissionEngland). ASCOF 2D excludes people already in residential or
 * nursing care or in prison: CARE_HOME and PENAL_ESTABLISHMENT. The code mapping is schemas
 * vocabulary/place-of-residence.ts.
 */
export const usualPlaceOfResidence = avroNamespace(HOSPITAL).vocabulary(
  'UsualPlaceOfResidence',
  'Usual place of residence at admission, from the NHS source of admission code: PRIVATE_RESIDENCE (19, includes no fixed abode), TEMPORARY_RESIDENCE (29), CARE_HOME (54 NHS-run, 65 local authority residential, 85 non-NHS), PENAL_ESTABLISHMENT (37 court, 39, 40 penal establishment, 42 police station), OTHER (66 foster care, 79 born in hospital). UNKNOWN when the code does not say where the person lives (transfers from another hospital or a hospice, 98, 99, unlisted codes).',
  ['PRIVATE_RESIDENCE', 'TEMPORARY_RESIDENCE', 'CARE_HOME', 'PENAL_ESTABLISHMENT', 'OTHER'],
);
