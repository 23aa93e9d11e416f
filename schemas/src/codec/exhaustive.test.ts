import type { HospitalEvent } from '../generated/events';
import { hospitalSamples } from '../testing/sample-events';

/** The generated union is discriminated: this compiles only while every hospital event type is handled. */
const describeEvent = (event: HospitalEvent): string => {
  switch (event.type) {
    case 'PatientAdmitted':
      return `admitted to ${event.payload.location.ward ?? '?'}`;
    case 'PatientTransferred':
      return `moved to ${event.payload.to.ward ?? '?'}`;
    case 'DischargeReadyDeclared':
      return `ready since ${event.payload.dischargeReadyDate}`;
    case 'DischargeReadinessWithdrawn':
      return 'no longer ready';
    case 'ExpectedDischargeDateSet':
      return `expected ${event.payload.expectedDischargeDate}`;
    case 'PatientDischarged':
      return `discharged to ${event.payload.destination}`;
    case 'AdmissionCancelled':
    case 'DischargeCancelled':
      return 'cancelled';
    case 'LeaveOfAbsenceStarted':
    case 'LeaveOfAbsenceEnded':
      return 'leave';
    case 'PatientDied':
      return 'died';
    case 'PatientsMerged':
      return `merged ${event.payload.retiredPatientId}`;
    default:
      return event satisfies never;
  }
};

it('narrows payloads by type', () => {
  expect(describeEvent(hospitalSamples.PatientDischarged)).toBe(
    'discharged to DD19_USUAL_PLACE_OF_RESIDENCE',
  );
});
