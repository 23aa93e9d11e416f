import type {
  AgeBand,
  DischargeDelay,
  DischargeDestination,
  LocalDate,
  Location,
  Pathway,
  PatientClass,
  ReablementOutcome,
  ReablementSetting,
  RouteOfAccess,
  ServiceType,
  UsualPlaceOfResidence,
} from '@homefirst/schemas';
import { evolveCouncil, isCouncilEntry } from './council-facts';
import { evolveHospital } from './hospital-facts';
import type { JournalEntry } from './journal';
import { JournalMemo, MEMO_FROM_LENGTH, keepsPrefix } from './journal-memo';

/**
 * The facts of a person's history, folded from their journal in event-time order. Everything here is a
 * time-stamped fact; statuses that depend on "now" are computed at query time from these. Each stream
 * has its own evolve: hospital-facts.ts (spells and readiness episodes), council-facts.ts (referrals,
 * packages, reablement).
 */

export interface Timed<T> {
  readonly at: number;
  readonly value: T;
}

export type EpisodeEnding = 'DISCHARGED' | 'WITHDRAWN' | 'DIED';

/** One readiness episode: from "no longer meets the criteria to reside" to discharge, withdrawal or death. */
export interface ReadinessEpisode {
  readonly spellId: string;
  /** Start of the 48-hour clock: the NCTR time when sent, else the start of the DRD (London time). */
  readyAt: number;
  dischargeReadyDate: LocalDate;
  /** Time of the first declaration (may be after readyAt when the DRD was back-dated). */
  declaredAt: number;
  /** Proposed pathway, per declaration. */
  readonly pathways: Timed<Pathway>[];
  /** Delay reasons the trust gave (UNKNOWN and null ones are not reasons). */
  readonly delays: Timed<DischargeDelay>[];
  endedAt: number | null;
  ending: EpisodeEnding | null;
}

export type SpellStatus = 'IN_HOSPITAL' | 'DISCHARGED' | 'DIED' | 'CANCELLED';

export interface Spell {
  readonly spellId: string;
  /** ODS code of the trust. */
  readonly trustCode: string;
  admittedAt: number | null;
  /** Time of the spell's first event, when the admission has not arrived (yet). */
  firstSeenAt: number;
  patientClass: PatientClass | null;
  /** Admission facts (contract v3+; null on older admissions or when the source gave none). */
  ageBand: AgeBand | null;
  usualResidence: UsualPlaceOfResidence | null;
  /** NHS Data Dictionary admission method code as sent (21-28 emergency). */
  admissionMethodCode: string | null;
  readonly locations: Timed<Location>[];
  status: SpellStatus;
  dischargedAt: number | null;
  destination: DischargeDestination | null;
  actualPathway: Pathway | null;
  diedAt: number | null;
  onLeave: boolean;
  expectedDischargeDate: LocalDate | null;
  readonly episodes: ReadinessEpisode[];
}

export interface CarePackage {
  readonly packageId: string;
  requestedAt: number | null;
  serviceType: ServiceType;
  offers: number;
  declines: number;
  sourcedAt: number | null;
  providerId: string | null;
  plannedStartDate: LocalDate | null;
  startedAt: number | null;
}

export interface ReablementPeriod {
  startedAt: number | null;
  setting: ReablementSetting;
  endedAt: number | null;
  outcome: ReablementOutcome | null;
}

export interface Referral {
  readonly referralId: string;
  /** ONS code of the council. */
  readonly councilCode: string;
  receivedAt: number;
  pathway: Pathway;
  routeOfAccess: RouteOfAccess | null;
  assessmentScheduledFor: number | null;
  assessedAt: number | null;
  servicesRequired: boolean | null;
  readonly packages: CarePackage[];
  readonly reablements: ReablementPeriod[];
  cancelledAt: number | null;
}

export interface PersonFacts {
  readonly spells: readonly Spell[];
  readonly referrals: readonly Referral[];
  readonly diedAt: number | null;
}

/** The facts while a journal is folded: owned by the fold, so each stream's evolve updates them in place. */
export interface FactsInProgress {
  readonly spells: Map<string, Spell>;
  /** By `${councilCode}|${referralId}`. */
  readonly referrals: Map<string, Referral>;
  diedAt: number | null;
}

/** A deep copy of facts being folded (the fold changes them in place). */
const copyFacts = (facts: FactsInProgress): FactsInProgress => ({
  spells: new Map(
    [...facts.spells].map(([key, spell]) => [
      key,
      {
        ...spell,
        locations: spell.locations.slice(),
        episodes: spell.episodes.map((episode) => ({
          ...episode,
          pathways: episode.pathways.slice(),
          delays: episode.delays.slice(),
        })),
      },
    ]),
  ),
  referrals: new Map(
    [...facts.referrals].map(([key, referral]) => [
      key,
      {
        ...referral,
        packages: referral.packages.map((item) => ({ ...item })),
        reablements: referral.reablements.map((period) => ({ ...period })),
      },
    ]),
  ),
  diedAt: facts.diedAt,
});

/**
 * The facts of a journal's first `count` entries (never changed: copied before use). A new version of
 * the journal keeps its predecessor's checkpoint when the edit is past it, so a new event folds only the
 * entries after the checkpoint; an event that sorts before it (a late arrival) folds from the start.
 */
interface FoldCheckpoint {
  readonly count: number;
  readonly facts: FactsInProgress;
}

/**
 * Entries left unfolded behind the checkpoint, so a little lateness does not send the fold back to the
 * start. A checkpoint is made once a journal has MEMO_FROM_LENGTH entries.
 */
export const FOLD_TAIL = 16;

const checkpoints = new JournalMemo<FoldCheckpoint>((checkpoint, edit) =>
  keepsPrefix(edit, checkpoint.count) ? checkpoint : undefined,
);

const applyEntry = (facts: FactsInProgress, entry: JournalEntry): void => {
  if (isCouncilEntry(entry)) evolveCouncil(facts, entry);
  else evolveHospital(facts, entry);
};

/**
 * Folds a journal (already in event-time order) into facts. Pure: the result depends on the entries only;
 * the checkpoint memo (see FoldCheckpoint) makes the cost of a journal's next version independent of its
 * length, and moves forward once FOLD_TAIL·2 entries follow it.
 */
export function foldFacts(journal: readonly JournalEntry[]): PersonFacts {
  const checkpoint = checkpoints.get(journal);
  const start = checkpoint?.count ?? 0;
  const facts: FactsInProgress =
    checkpoint === undefined
      ? { spells: new Map(), referrals: new Map(), diedAt: null }
      : copyFacts(checkpoint.facts);
  const moveTo =
    journal.length >= MEMO_FROM_LENGTH && journal.length - FOLD_TAIL >= start + FOLD_TAIL
      ? journal.length - FOLD_TAIL
      : -1;
  for (let index = start; index < journal.length; index += 1) {
    if (index === moveTo) checkpoints.set(journal, { count: index, facts: copyFacts(facts) });
    applyEntry(facts, journal[index] as JournalEntry);
  }
  return {
    spells: [...facts.spells.values()],
    referrals: [...facts.referrals.values()],
    diedAt: facts.diedAt,
  };
}

export { spellEnd } from './hospital-facts';
