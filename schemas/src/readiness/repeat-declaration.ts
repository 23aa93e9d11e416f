import type { LocalDate } from '../avro/logical-types';
import type { DischargeDelay, Pathway } from '../generated/events';

/**
 * When a discharge-readiness declaration is a *repeat* rather than a new declaration or a change. A trust's
 * PAS re-sends the readiness fields on every A08 (and a FHIR server on every Encounter update): the same
 * spell, the patient still declared ready, the same discharge ready date. Such a message tells nothing new,
 * and the journey and the council feeds must not show it as a new declaration. The rule, shared by the
 * projector (journey lines, in event-time order) and the feed router (council feeds, in stream order):
 *
 * A DischargeReadyDeclared is a repeat when, for the same spell, the declaration in force — the last one
 * since the spell's latest withdrawal (the patient met the criteria to reside again), discharge, death or
 * cancelled admission — has the same
 *   - discharge ready date,
 *   - NCTR time (dischargeReadyAt; both absent counts as the same),
 *   - proposed pathway,
 *   - delay reason and attribution, where a declaration with no reason (none, or UNKNOWN) repeats any
 *     reason in force: the hub keeps the last reason a trust gave until it gives another (as the queue does).
 * Anything else is a change and is shown as one: a new DRD (a correction, or the DRD moved after the patient
 * met the criteria again), a new NCTR time, pathway, reason or attribution. The first declaration after a
 * withdrawal or a discharge is never a repeat, whatever it carries — the DRD restarts (NHS England,
 * "Discharge ready date: guidance, examples and FAQs"). A cancelled discharge puts back the declaration
 * that was in force before it.
 */

/** What a declaration says, as both services read it (instants as epoch ms). */
export interface ReadinessDeclaration {
  readonly dischargeReadyDate: LocalDate;
  readonly dischargeReadyAt: number | null;
  readonly proposedPathway: Pathway;
  readonly delay: DischargeDelay | null;
}

/** The declaration in force for a spell: the last one's date, time and pathway, and the last reason given. */
export interface DeclarationInForce {
  readonly dischargeReadyDate: LocalDate;
  readonly dischargeReadyAt: number | null;
  readonly proposedPathway: Pathway;
  readonly reason: DischargeDelay | null;
}

/** The reason a declaration gives: null when none (or UNKNOWN, which is no reason). */
const reasonGiven = (delay: DischargeDelay | null): DischargeDelay | null =>
  delay === null || delay.reason === 'UNKNOWN' ? null : delay;

/** Whether `next` repeats the declaration in force (null: none in force, so never a repeat). */
export function isRepeatDeclaration(inForce: DeclarationInForce | null, next: ReadinessDeclaration): boolean {
  if (inForce === null) return false;
  const reason = reasonGiven(next.delay);
  return (
    inForce.dischargeReadyDate === next.dischargeReadyDate &&
    inForce.dischargeReadyAt === next.dischargeReadyAt &&
    inForce.proposedPathway === next.proposedPathway &&
    (reason === null ||
      (inForce.reason !== null &&
        inForce.reason.reason === reason.reason &&
        inForce.reason.attribution === reason.attribution))
  );
}

/** The declaration in force after `next` (the reason in force stays when `next` gives none). */
export const declarationInForce = (
  inForce: DeclarationInForce | null,
  next: ReadinessDeclaration,
): DeclarationInForce => ({
  dischargeReadyDate: next.dischargeReadyDate,
  dischargeReadyAt: next.dischargeReadyAt,
  proposedPathway: next.proposedPathway,
  reason: reasonGiven(next.delay) ?? inForce?.reason ?? null,
});

/** A spell's readiness as the repeat rule follows it. */
export interface SpellReadiness {
  /** The declaration in force; null when none (never declared, withdrawn, discharged, died, cancelled). */
  readonly inForce: DeclarationInForce | null;
  /** What was in force when the spell was discharged (a cancelled discharge puts it back). */
  readonly beforeDischarge: DeclarationInForce | null;
}

export const NOT_READY: SpellReadiness = { inForce: null, beforeDischarge: null };

/** The hospital events the rule follows, and what each does to a spell's readiness. */
export type ReadinessStep =
  | { readonly kind: 'declared'; readonly declaration: ReadinessDeclaration }
  | { readonly kind: 'withdrawn' | 'ended' | 'discharged' | 'discharge-cancelled' };

/** A spell's readiness after one step, and whether a declaration was a repeat. */
export function stepReadiness(
  spell: SpellReadiness,
  step: ReadinessStep,
): { readonly spell: SpellReadiness; readonly repeat: boolean } {
  switch (step.kind) {
    case 'declared':
      return {
        spell: { ...spell, inForce: declarationInForce(spell.inForce, step.declaration) },
        repeat: isRepeatDeclaration(spell.inForce, step.declaration),
      };
    case 'withdrawn':
    case 'ended':
      return { spell: NOT_READY, repeat: false };
    case 'discharged':
      // A second discharge message (a correction) keeps what the first one ended.
      return {
        spell: { inForce: null, beforeDischarge: spell.inForce ?? spell.beforeDischarge },
        repeat: false,
      };
    case 'discharge-cancelled':
      return { spell: { inForce: spell.beforeDischarge, beforeDischarge: null }, repeat: false };
    default:
      return step satisfies never;
  }
}
