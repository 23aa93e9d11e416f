import type { DeadLetterEvent, FailedStage, HospitalEvent, PersonKeyer, RawEvent } from '@homefirst/schemas';
import type { EncounterUnit } from '../fhir/parse';
import type { MergeUnit } from '../fhir/patient-merge';
import type { SpellSnapshot } from '../mapping/decide';
import { foldUnits, type UnitToDecide } from '../mapping/map-submission';
import { mergeEvent } from '../mapping/merges';
import { deadLetter, rawEvent, reasonOf, sourceOf } from './fhir-records';
import type { HeldEncounter } from './held';
import type { Inbound } from './fhir-ingest';

/**
 * The pure step of the FHIR ingest: from what the hub knew (resends, spell snapshots) and who each
 * Encounter is about, the one durable write of a message — its raw copy, dead letters of refused batch
 * entries, the events decided for each Encounter (released ones first) — and the snapshots to keep after.
 */

/** What the hub knew before this message: which Encounters and merges it received already, and each spell's state. */
export interface KnownState {
  readonly seen: readonly boolean[];
  /** Per Submission merge: recorded before (by any message). */
  readonly mergesSeen: readonly boolean[];
  readonly before: ReadonlyMap<string, SpellSnapshot | undefined>;
}

/** Who each fresh Encounter is about, and the held Encounters that learning their MRNs released. */
export interface People {
  readonly nhsNumbers: ReadonlyMap<EncounterUnit, string | null>;
  readonly learned: ReadonlyMap<string, string>;
  readonly released: readonly HeldEncounter[];
}

/** The durable write of one message and what follows from it: pure, from what was read. */
export interface WritePlan {
  readonly raw: RawEvent;
  readonly deadLetters: readonly DeadLetterEvent[];
  readonly events: readonly HospitalEvent[];
  /** Merges recorded by this write (not recorded before). */
  readonly merges: readonly MergeUnit[];
  /** Fresh Encounters whose patient is known only by MRN: held once the write is durable. */
  readonly held: readonly EncounterUnit[];
  readonly toDecide: readonly UnitToDecide[];
  readonly decisions: ReturnType<typeof foldUnits>['decisions'];
  readonly snapshots: ReturnType<typeof foldUnits>['snapshots'];
}

/** The write: raw, dead letters of refused batch entries, and the events decided for each Encounter. */
export function planWrite(
  inbound: Inbound,
  known: KnownState,
  fresh: readonly EncounterUnit[],
  people: People,
  here: readonly HeldEncounter[],
  context: { readonly personKey: PersonKeyer; readonly clock: () => Date },
): WritePlan {
  const { submission, orgCode } = inbound;
  const source = sourceOf(orgCode, submission.system, submission.messageId);
  const raw = rawEvent(source, inbound, context.clock());
  const deadLetters = submission.entries
    .filter((entry) => entry.issues.length > 0)
    .map((entry) =>
      deadLetter(
        source,
        raw,
        {
          stage: 'VALIDATE' satisfies FailedStage,
          errorCode: 'VALIDATION_FAILED',
          reason: reasonOf(entry.issues),
          retriable: false,
          part: `entry[${entry.index}]`,
        },
        inbound.correlationId,
        context.clock(),
      ),
    );
  const toDecide: UnitToDecide[] = [
    // Older messages first: what waited for the identity happened before this message.
    ...here.flatMap((h) => {
      const nhsNumber = people.learned.get(h.unit.identity.mrn ?? '');
      return nhsNumber === undefined ? [] : [{ ...h, nhsNumber }];
    }),
    ...fresh.flatMap((unit) => {
      const nhsNumber = people.nhsNumbers.get(unit);
      if (nhsNumber === null || nhsNumber === undefined) return [];
      const { system } = submission;
      return [
        { unit, nhsNumber, system, correlationId: inbound.correlationId, receivedAt: inbound.receivedAt },
      ];
    }),
  ];
  const { decisions, snapshots } = foldUnits(known.before, toDecide, {
    orgCode,
    personKey: context.personKey,
    recordedAt: context.clock(),
  });
  const merges = submission.merges.filter((_, i) => known.mergesSeen[i] !== true);
  const mergeContext = {
    orgCode,
    system: submission.system,
    personKey: context.personKey,
    correlationId: inbound.correlationId,
    receivedAt: inbound.receivedAt,
    recordedAt: context.clock(),
  };
  return {
    raw,
    deadLetters,
    events: [...decisions.flatMap((d) => d.events), ...merges.map((m) => mergeEvent(m, mergeContext))],
    merges,
    held: fresh.filter((unit) => people.nhsNumbers.get(unit) === null),
    toDecide,
    decisions,
    snapshots,
  };
}
