import type { HospitalEvent, PersonKeyer, Source } from '@homefirst/schemas';
import type { EncounterUnit, Submission } from '../fhir/parse';
import { decide, type Decision, type SpellSnapshot } from './decide';
import { mergeEvent } from './merges';

/**
 * Mapping of whole submissions, shared by the live connector and the offline feed checker (`map`), so the
 * checker runs exactly the live mapping. Pure.
 */

/** Where an Encounter of a submission came from, as the events' `source` says. */
export const sourceOf = (orgCode: string, system: string, unit: EncounterUnit): Source => ({
  channel: 'FHIR',
  system,
  orgCode,
  messageId: unit.messageId,
});

/** The key of a spell's snapshot and lock: the trust and the Encounter id. */
export const spellKeyOf = (orgCode: string, unit: EncounterUnit): string =>
  `${orgCode}:${unit.facts.spellId}`;

/** The id MessageDedupe remembers an Encounter of a message by. */
export const dedupeIdOf = (unit: EncounterUnit): string =>
  unit.part === '' ? unit.messageId : `${unit.messageId}#${unit.part}`;

export interface UnitToDecide {
  readonly unit: EncounterUnit;
  readonly nhsNumber: string;
  readonly system: string;
  readonly correlationId: string;
  readonly receivedAt: Date;
}

export interface FoldContext {
  readonly orgCode: string;
  readonly personKey: PersonKeyer;
  readonly recordedAt: Date;
}

/**
 * Decides each Encounter in order against its spell's snapshot, carrying the snapshot from one to the next,
 * so several versions of one spell in one go (a batch, released held messages) read as a sequence.
 */
export function foldUnits(
  snapshots: ReadonlyMap<string, SpellSnapshot | undefined>,
  items: readonly UnitToDecide[],
  context: FoldContext,
): { decisions: Decision[]; snapshots: Map<string, SpellSnapshot | undefined> } {
  const state = new Map(snapshots);
  const decisions = items.map((item) => {
    const key = spellKeyOf(context.orgCode, item.unit);
    const decision = decide(state.get(key), item.unit.facts, {
      source: sourceOf(context.orgCode, item.system, item.unit),
      part: item.unit.part,
      correlationId: item.correlationId,
      nhsNumber: item.nhsNumber,
      personKey: context.personKey(item.nhsNumber),
      receivedAt: item.receivedAt,
      recordedAt: context.recordedAt,
    });
    state.set(key, decision.snapshot);
    return decision;
  });
  return { decisions, snapshots: state };
}

export interface OfflineMapping {
  readonly events: readonly HospitalEvent[];
  /** Encounters that carry only a local patient id: live, they wait for the identity index. */
  readonly pending: readonly EncounterUnit[];
  readonly decisions: readonly Decision[];
}

/** The live mapping as it runs for a trust the hub has never heard from: no snapshots, no identity index. */
export function mapOffline(
  submission: Submission,
  context: FoldContext & { readonly correlationId: string; readonly receivedAt: Date },
): OfflineMapping {
  const resolvable = submission.units.filter((u) => u.identity.nhsNumber !== null);
  const { decisions } = foldUnits(
    new Map(),
    resolvable.map((unit) => ({
      unit,
      nhsNumber: unit.identity.nhsNumber as string, // filtered above
      system: submission.system,
      correlationId: context.correlationId,
      receivedAt: context.receivedAt,
    })),
    context,
  );
  const merges = submission.merges.map((merge) =>
    mergeEvent(merge, {
      orgCode: context.orgCode,
      system: submission.system,
      personKey: context.personKey,
      correlationId: context.correlationId,
      receivedAt: context.receivedAt,
      recordedAt: context.recordedAt,
    }),
  );
  return {
    events: [...decisions.flatMap((d) => d.events), ...merges],
    pending: submission.units.filter((u) => u.identity.nhsNumber === null),
    decisions,
  };
}
