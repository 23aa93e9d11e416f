import { readModels, type Location } from '@homefirst/schemas';
import { streamOf, type JournalEntry } from '../person/journal';
import { JournalMemo, MEMO_FROM_LENGTH } from '../person/journal-memo';

const { iso } = readModels;
type JourneyEvent = readModels.JourneyEvent;

const where = (location: Location | null): string => {
  if (location === null) return 'an unknown location';
  const parts = [location.site, location.ward, location.bed].filter(
    (part): part is string => part !== null && part !== '',
  );
  return parts.length === 0 ? 'an unknown location' : parts.join(' ');
};

/** One line per event for a journey timeline. Built from the journal, which holds no NHS numbers. */
export function summaryOf(entry: JournalEntry): string {
  switch (entry.type) {
    case 'PatientAdmitted':
      return `Admitted to ${where(entry.p.location)} (${entry.p.patientClass.toLowerCase()}), spell ${entry.p.spellId}`;
    case 'PatientTransferred':
      return `Moved to ${where(entry.p.to)}`;
    case 'DischargeReadyDeclared':
      return `Ready for discharge from ${entry.p.dischargeReadyDate}, pathway ${entry.p.proposedPathway}${
        entry.p.delay === null ? '' : `, waiting: ${entry.p.delay.reason} (${entry.p.delay.attribution})`
      }`;
    case 'DischargeReadinessWithdrawn':
      return `Meets the criteria to reside again${entry.p.criterion === null ? '' : ` (${entry.p.criterion})`}`;
    case 'ExpectedDischargeDateSet':
      return `Expected discharge date ${entry.p.expectedDischargeDate}`;
    case 'PatientDischarged':
      return `Discharged on pathway ${entry.p.actualPathway} to ${entry.p.destination}`;
    case 'AdmissionCancelled':
      return `Admission ${entry.p.spellId} cancelled`;
    case 'DischargeCancelled':
      return 'Discharge cancelled: still in hospital';
    case 'LeaveOfAbsenceStarted':
      return 'Leave of absence started';
    case 'LeaveOfAbsenceEnded':
      return 'Back from leave of absence';
    case 'PatientDied':
      return 'Died';
    case 'PatientsMerged':
      return `Record merged with local record ${entry.p.retiredPatientId}`;
    case 'ReferralReceived':
      return `Council referral ${entry.p.referralId} received (${entry.p.routeOfAccess}, pathway ${entry.p.pathway})`;
    case 'AssessmentScheduled':
      return `Assessment booked for ${iso(entry.p.scheduledFor)}`;
    case 'AssessmentCompleted':
      return `Assessment completed: ${entry.p.servicesRequired ? 'services required' : 'no services required'}`;
    case 'PackageRequested':
      return `${entry.p.serviceType} requested from brokerage${
        entry.p.hoursPerWeek === null ? '' : ` (${entry.p.hoursPerWeek} h/week)`
      }`;
    case 'ProviderOffered':
      return `Offered to provider ${entry.p.providerId}`;
    case 'ProviderDeclined':
      return `Provider ${entry.p.providerId} declined${entry.p.reasonCode === null ? '' : ` (${entry.p.reasonCode})`}`;
    case 'PackageSourced':
      return `Provider ${entry.p.providerId} sourced, starting ${entry.p.plannedStartDate}`;
    case 'PackageStarted':
      return `${entry.p.serviceType} started`;
    case 'ReablementStarted':
      return `Reablement started (${entry.p.setting.toLowerCase()})`;
    case 'ReablementEnded':
      return `Reablement ended: ${entry.p.outcome}`;
    case 'ReferralCancelled':
      return `Referral ${entry.p.referralId} cancelled`;
    default:
      return entry satisfies never;
  }
}

const journeyEventOf = (entry: JournalEntry): JourneyEvent => ({
  at: iso(entry.at),
  stream: streamOf(entry.type),
  type: entry.type,
  eventId: entry.id,
  orgCode: entry.org,
  summary: summaryOf(entry),
});

/** The journey lines of a journal, carried to its next version by splicing in the new entry's line. */
const lines = new JournalMemo<readonly JourneyEvent[]>((previous, edit) => {
  const next = previous.slice();
  if (edit.removed !== null) next.splice(edit.removed, 1);
  next.splice(edit.inserted, 0, journeyEventOf(edit.entry));
  return next;
});

/** One line per journal entry, in journal order (memoised per journal: see journal-memo.ts). */
export const journeyEventsOf = (journal: readonly JournalEntry[]): readonly JourneyEvent[] => {
  const known = lines.get(journal);
  if (known !== undefined) return known;
  const built = journal.map(journeyEventOf);
  if (journal.length >= MEMO_FROM_LENGTH) lines.set(journal, built);
  return built;
};
