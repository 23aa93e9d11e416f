import {
  NOT_READY,
  stepReadiness,
  type HospitalEvent,
  type ReadinessStep,
  type SpellReadiness,
} from '@homefirst/schemas';

/**
 * What a hospital event does to its stay's readiness, for the repeat rule (@homefirst/schemas
 * readiness/repeat-declaration.ts): a DischargeReadyDeclared that repeats the declaration in force is not
 * sent to any council — a PAS re-sending the same DRD on every A08 is not a new declaration. Followed in
 * the hospital stream's order, which is the order a council's feed has.
 */
function readinessStepOf(event: HospitalEvent): ReadinessStep | null {
  switch (event.type) {
    case 'DischargeReadyDeclared':
      return {
        kind: 'declared',
        declaration: {
          dischargeReadyDate: event.payload.dischargeReadyDate,
          dischargeReadyAt: event.payload.dischargeReadyAt?.getTime() ?? null,
          proposedPathway: event.payload.proposedPathway,
          delay: event.payload.delay,
        },
      };
    case 'DischargeReadinessWithdrawn':
      return { kind: 'withdrawn' };
    case 'PatientDischarged':
      return { kind: 'discharged' };
    case 'DischargeCancelled':
      return { kind: 'discharge-cancelled' };
    case 'AdmissionCancelled':
    case 'PatientDied':
      return { kind: 'ended' };
    case 'PatientAdmitted':
    case 'PatientTransferred':
    case 'ExpectedDischargeDateSet':
    case 'LeaveOfAbsenceStarted':
    case 'LeaveOfAbsenceEnded':
    case 'PatientsMerged':
      return null;
    default:
      return event satisfies never;
  }
}

/** A stay's readiness after a hospital event new to it, and whether the event is a repeated declaration. */
export function readinessAfter(
  readiness: SpellReadiness | undefined,
  event: HospitalEvent,
): { readonly readiness: SpellReadiness | undefined; readonly repeat: boolean } {
  const step = readinessStepOf(event);
  if (step === null) return { readiness, repeat: false };
  const next = stepReadiness(readiness ?? NOT_READY, step);
  return { readiness: next.spell, repeat: next.repeat };
}
