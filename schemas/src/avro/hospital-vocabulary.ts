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
