import { dischargeDelay, location, nhsNumber, pathway } from './common';
import {
  ageBand,
  criterionToReside,
  dischargeDestination,
  HOSPITAL,
  patientClass,
  usualPlaceOfResidence,
} from './hospital-vocabulary';
import { avroNamespace, eventsWith, field, localDate, optional, timestampMillis } from './builders';

/**
 * Hospital stream: one record per event type. The envelope's `occurredAt` is the time the thing
 * happened (admitted, transferred, discharged…), so payloads repeat no time that equals it.
 */
const hospital = avroNamespace(HOSPITAL);
const spellId = field(
  'spellId',
  'string',
  'Hospital provider spell id: HL7 PV1-19 visit number or FHIR Encounter.id.',
);
/** An event of one spell: the NHS number and spell id, then the event's own fields. */
const spellEvent = eventsWith(hospital.record, nhsNumber, spellId);

export const patientAdmitted = spellEvent(
  'PatientAdmitted',
  'A patient was admitted (HL7 A01, FHIR Encounter in-progress). occurredAt = admission time.',
  field('location', location, 'Where the patient was admitted to.'),
  field('patientClass', patientClass, 'Kind of stay.'),
  optional(
    'admissionMethodCode',
    'string',
    'NHS Data Dictionary admission method code as sent (11-13 elective, 21-28 emergency, ...).',
  ),
  optional(
    'ageBandAtAdmission',
    ageBand,
    'Age band at admission, computed by the connector from the date of birth (HL7 PID-7, FHIR Patient.birthDate) and the admission time; null when the source gives no usable date of birth. Added in v3.',
  ),
  optional(
    'usualPlaceOfResidence',
    usualPlaceOfResidence,
    'Usual place of residence at admission, from the source of admission (HL7 PV1-14, FHIR Encounter.hospitalization.admitSource); null when the source gives none. Added in v3.',
  ),
  optional(
    'admissionSourceCode',
    'string',
    'NHS Data Dictionary source of admission code as sent (19 usual place of residence, 54 NHS-run care home, ...); null when not given. Added in v3.',
  ),
);

export const patientTransferred = spellEvent(
  'PatientTransferred',
  'A patient moved bed, ward or site within the trust (HL7 A02). occurredAt = transfer time.',
  optional('from', location, 'Previous location when known.'),
  field('to', location, 'New location.'),
);

export const dischargeReadyDeclared = spellEvent(
  'DischargeReadyDeclared',
  'The patient no longer meets the criteria to reside (NCTR). occurredAt = when the trust recorded it. Starts the 48-hour clock.',
  field(
    'dischargeReadyDate',
    localDate,
    'Discharge Ready Date (DRD): the day the patient stopped meeting the criteria to reside.',
  ),
  optional(
    'dischargeReadyAt',
    timestampMillis,
    'Time NCTR was declared, when known; the 48-hour clock starts here, else at the DRD.',
  ),
  field('proposedPathway', pathway, 'Pathway the patient is expected to leave on.'),
  optional('delay', dischargeDelay, 'Delay reason, when the trust gives one.'),
);

export const dischargeReadinessWithdrawn = spellEvent(
  'DischargeReadinessWithdrawn',
  'The patient meets the criteria to reside again; a later DischargeReadyDeclared restarts the DRD.',
  optional('criterion', criterionToReside, 'The criterion met again, when known.'),
);

export const expectedDischargeDateSet = spellEvent(
  'ExpectedDischargeDateSet',
  'The expected discharge date was set or changed (HL7 PV2-9, FHIR Encounter.period.end planned).',
  field('expectedDischargeDate', localDate, 'Expected discharge date.'),
);

export const patientDischarged = spellEvent(
  'PatientDischarged',
  'The patient left hospital (HL7 A03, FHIR Encounter finished). occurredAt = discharge time.',
  field('destination', dischargeDestination, 'England discharge destination code.'),
  field('actualPathway', pathway, 'Pathway the patient actually left on.'),
  optional(
    'dischargeMethodCode',
    'string',
    'NHS Data Dictionary discharge method code as sent (1 clinical advice, 4 died, ...).',
  ),
);

export const admissionCancelled = spellEvent(
  'AdmissionCancelled',
  'An admission was recorded in error and cancelled (HL7 A11).',
);

export const dischargeCancelled = spellEvent(
  'DischargeCancelled',
  'A discharge was cancelled; the patient is still in hospital (HL7 A13).',
);

export const leaveOfAbsenceStarted = spellEvent(
  'LeaveOfAbsenceStarted',
  'The patient went on leave of absence (HL7 A21, FHIR Encounter onleave).',
  optional('expectedReturnAt', timestampMillis, 'When the patient is expected back.'),
);

export const leaveOfAbsenceEnded = spellEvent(
  'LeaveOfAbsenceEnded',
  'The patient returned from leave of absence (HL7 A22).',
);

export const patientDied = hospital.record(
  'PatientDied',
  'The patient died in hospital. occurredAt = time of death.',
  [nhsNumber, optional('spellId', 'string', 'Spell the patient died in, when known.')],
);

export const patientsMerged = hospital.record(
  'PatientsMerged',
  'Two patient records were merged (HL7 A40). The envelope personKey is the surviving person; events under retiredPersonKey now belong to them.',
  [
    field('nhsNumber', 'string', 'NHS number of the surviving record.'),
    field('retiredPatientId', 'string', 'Local patient id of the retired record (HL7 MRG-1).'),
    optional('retiredNhsNumber', 'string', 'NHS number of the retired record, when it had a different one.'),
    optional('retiredPersonKey', 'string', 'personKey of the retired record, when its NHS number differed.'),
  ],
);

/** Order is the order of the payload union and of the `type` enum; append only. */
export const hospitalEvents = [
  patientAdmitted,
  patientTransferred,
  dischargeReadyDeclared,
  dischargeReadinessWithdrawn,
  expectedDischargeDateSet,
  patientDischarged,
  admissionCancelled,
  dischargeCancelled,
  leaveOfAbsenceStarted,
  leaveOfAbsenceEnded,
  patientDied,
  patientsMerged,
] as const;
