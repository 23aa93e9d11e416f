import { NOT_READY, stepReadiness, type ReadinessStep, type SpellReadiness } from '@homefirst/schemas';
import type { JournalEntry } from '../person/journal';

/**
 * Which readiness declarations of a journal repeat the one in force (the rule: @homefirst/schemas
 * readiness/repeat-declaration.ts), followed entry by entry in journal (event-time) order.
 */

/** Each spell's readiness after some prefix of a journal. */
export type ReadinessTail = ReadonlyMap<string, SpellReadiness>;

export const NO_READINESS: ReadinessTail = new Map();

/** What a journal entry does to its spell's readiness; null for the entries that do nothing to it. */
function readinessStepOf(entry: JournalEntry): { spellId: string | null; step: ReadinessStep } | null {
  switch (entry.type) {
    case 'DischargeReadyDeclared':
      return {
        spellId: entry.p.spellId,
        step: {
          kind: 'declared',
          declaration: {
            dischargeReadyDate: entry.p.dischargeReadyDate,
            dischargeReadyAt: entry.p.dischargeReadyAt,
            proposedPathway: entry.p.proposedPathway,
            delay: entry.p.delay,
          },
        },
      };
    case 'DischargeReadinessWithdrawn':
      return { spellId: entry.p.spellId, step: { kind: 'withdrawn' } };
    case 'PatientDischarged':
      return { spellId: entry.p.spellId, step: { kind: 'discharged' } };
    case 'DischargeCancelled':
      return { spellId: entry.p.spellId, step: { kind: 'discharge-cancelled' } };
    case 'AdmissionCancelled':
      return { spellId: entry.p.spellId, step: { kind: 'ended' } };
    case 'PatientDied':
      // A death without a spell ends every spell's readiness.
      return { spellId: entry.p.spellId, step: { kind: 'ended' } };
    case 'PatientAdmitted':
    case 'PatientTransferred':
    case 'ExpectedDischargeDateSet':
    case 'LeaveOfAbsenceStarted':
    case 'LeaveOfAbsenceEnded':
    case 'PatientsMerged':
    case 'ReferralReceived':
    case 'AssessmentScheduled':
    case 'AssessmentCompleted':
    case 'PackageRequested':
    case 'ProviderOffered':
    case 'ProviderDeclined':
    case 'PackageSourced':
    case 'PackageStarted':
    case 'ReablementStarted':
    case 'ReablementEnded':
    case 'ReferralCancelled':
      return null;
    default:
      return entry satisfies never;
  }
}

/** The event types that can change a spell's readiness (readinessStepOf's cases). */
const READINESS_TYPES: ReadonlySet<string> = new Set<JournalEntry['type']>([
  'DischargeReadyDeclared',
  'DischargeReadinessWithdrawn',
  'PatientDischarged',
  'DischargeCancelled',
  'AdmissionCancelled',
  'PatientDied',
]);

/** Whether an event of this type can change a spell's readiness (an edit of one can change later lines). */
export const affectsReadiness = (type: string): boolean => READINESS_TYPES.has(type);

/** The tail after one more entry, and whether that entry is a repeated declaration. */
export function stepTail(
  tail: ReadinessTail,
  entry: JournalEntry,
): { readonly tail: ReadinessTail; readonly repeat: boolean } {
  const found = readinessStepOf(entry);
  if (found === null) return { tail, repeat: false };
  if (found.spellId === null) return { tail: NO_READINESS, repeat: false };
  const { spell, repeat } = stepReadiness(tail.get(found.spellId) ?? NOT_READY, found.step);
  const next = new Map(tail);
  next.set(found.spellId, spell);
  return { tail: next, repeat };
}
