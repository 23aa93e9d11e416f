import { readModels, type Location } from '@homefirst/schemas';
import { streamOf, type JournalEntry } from '../person/journal';
import { JournalMemo, MEMO_FROM_LENGTH } from '../person/journal-memo';
import { NO_READINESS, affectsReadiness, stepTail, type ReadinessTail } from './readiness-repeats';

const { iso } = readModels;
type JourneyEvent = readModels.JourneyEvent;

const where = (location: Location | null): string => {
  if (location === null) return 'an unknown location';
  const parts = [location.site, location.ward, location.bed].filter(
    (part): part is string => part !== null && part !== '',
  );
  return parts.length === 0 ? 'an unknown location' : parts.join(' ');
};

/**
 * One line per event for a journey timeline. Built from the journal, which holds no NHS numbers. A readiness
 * declaration that repeats the one in force (`repeat`: readiness-repeats.ts) says so instead of reading as a
 * new declaration.
 */
export function summaryOf(entry: JournalEntry, repeat = false): string {
  if (repeat && entry.type === 'DischargeReadyDeclared')
    return `Still ready for discharge from ${entry.p.dischargeReadyDate}: declaration repeated, nothing changed`;
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

const journeyEventOf = (entry: JournalEntry, repeat: boolean): JourneyEvent => ({
  at: iso(entry.at),
  stream: streamOf(entry.type),
  type: entry.type,
  eventId: entry.id,
  orgCode: entry.org,
  summary: summaryOf(entry, repeat),
});

/** A journal's lines, and each spell's readiness after its last entry (for the next entry appended). */
interface Lines {
  readonly lines: readonly JourneyEvent[];
  readonly tail: ReadinessTail;
}

const linesOf = (journal: readonly JournalEntry[]): Lines => {
  let tail = NO_READINESS;
  const lines = journal.map((entry) => {
    const step = stepTail(tail, entry);
    tail = step.tail;
    return journeyEventOf(entry, step.repeat);
  });
  return { lines, tail };
};

/**
 * The journey lines of a journal, carried to its next version by splicing in the new entry's line. Whether a
 * declaration is a repeat depends on the entries before it: an entry appended at the end is stepped from the
 * kept tail; an entry placed (or a superseded copy removed) earlier is spliced only when neither can change a
 * spell's readiness, else the lines are computed afresh.
 */
const lines = new JournalMemo<Lines>((previous, edit) => {
  const appended = edit.removed === null && edit.inserted === previous.lines.length;
  if (appended) {
    const step = stepTail(previous.tail, edit.entry);
    return { lines: [...previous.lines, journeyEventOf(edit.entry, step.repeat)], tail: step.tail };
  }
  const removed = edit.removed === null ? undefined : previous.lines[edit.removed];
  if (affectsReadiness(edit.entry.type) || (removed !== undefined && affectsReadiness(removed.type)))
    return undefined;
  const next = previous.lines.slice();
  if (edit.removed !== null) next.splice(edit.removed, 1);
  next.splice(edit.inserted, 0, journeyEventOf(edit.entry, false));
  return { lines: next, tail: previous.tail };
});

/** One line per journal entry, in journal order (memoised per journal: see journal-memo.ts). */
export const journeyEventsOf = (journal: readonly JournalEntry[]): readonly JourneyEvent[] => {
  const known = lines.get(journal);
  if (known !== undefined) return known.lines;
  const built = linesOf(journal);
  if (journal.length >= MEMO_FROM_LENGTH) lines.set(journal, built);
  return built.lines;
};
