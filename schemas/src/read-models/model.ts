import type { LocalDate } from '../avro/logical-types';
import type {
  DelayAttribution,
  DelayReason,
  DischargeDelay,
  DischargeDestination,
  Location,
  Pathway,
} from '../generated/events';
import type { QueueReason } from './reasons';
import type { CouncilEventType, HospitalEventType } from '../generated/events';

/** The event types a journey shows: both person streams. */
export type ProjectedEventType = Exclude<HospitalEventType | CouncilEventType, 'Unknown'>;

/** How a readiness episode ended. */
export type EpisodeEnding = 'DISCHARGED' | 'WITHDRAWN' | 'DIED';

/**
 * The stored read models: facts only (times as ISO 8601 strings), never anything that depends on "now".
 * These are the JSON values under the Redis keys of README.md; the query functions (views.ts) turn them
 * into what a board shows for a given `now`. Each is stored with its version as `v` (1 today; a value
 * without `v` was written before versions existed and is version 1) and read back through the zod
 * schemas of @homefirst/runtime's read-model records, which are typed against these shapes.
 */

/** One person in the delayed-transfer queue (ready, not discharged). Redis: HASH {ns}queue:entry. */
export interface QueueEntry {
  readonly personKey: string;
  /** For roles entitled to it; the API withholds it from analysts. */
  readonly nhsNumber: string | null;
  readonly episodeId: string;
  readonly spellId: string;
  /** ODS code of the trust. */
  readonly trust: string;
  readonly site: string | null;
  readonly ward: string | null;
  readonly bed: string | null;
  /** Proposed pathway (the council referral's when the trust gave none). */
  readonly pathway: Pathway;
  readonly dischargeReadyDate: LocalDate;
  /** Start of the 48-hour clock. */
  readonly readySince: string;
  /** readySince + 48 h. */
  readonly deadline: string;
  readonly delayReason: QueueReason;
  /** What the delay counts as in the sitrep (Table 5). */
  readonly sitrepReason: DelayReason;
  readonly delayReasonSource: 'TRUST' | 'DERIVED';
  /**
   * When the current delayReason began (the trust's declaration of it, or the council event that made the
   * hub derive it); never before readySince. Null in entries written before the hub recorded it.
   */
  readonly delayReasonSince: string | null;
  readonly attribution: DelayAttribution;
  /** ONS code of the council of the referral in force, if any. */
  readonly council: string | null;
  readonly referralId: string | null;
  /** First provider sourced (or care started) for this stay; null while none. */
  readonly providerSourcedAt: string | null;
  readonly expectedDischargeDate: LocalDate | null;
  readonly onLeave: boolean;
  readonly admittedAt: string | null;
}

/** One readiness episode of the 48-hour tracker. Redis: HASH {ns}tracker:episode. */
export interface TrackerEpisode {
  readonly episodeId: string;
  readonly personKey: string;
  readonly spellId: string;
  readonly trust: string;
  readonly site: string | null;
  readonly ward: string | null;
  readonly location: Location | null;
  /** Proposed pathway (latest). */
  readonly pathway: Pathway;
  readonly dischargeReadyDate: LocalDate;
  readonly readyAt: string;
  readonly deadline: string;
  readonly providerSourcedAt: string | null;
  /** Last known delay, in sitrep terms (for alerts). */
  readonly delay: DischargeDelay;
  readonly endedAt: string | null;
  readonly ending: EpisodeEnding | null;
  /** Pathway the patient actually left on, once discharged. */
  readonly actualPathway: Pathway | null;
}

/** One discharged episode's figure for the weekly 48-hour report. Redis: HASH {ns}tracker:week:<monday>. */
export interface WeeklyDischarge {
  readonly site: string;
  readonly pathway: Pathway;
  /** Hours from readyAt to discharge. */
  readonly hours: number;
}

export interface JourneyEvent {
  readonly at: string;
  readonly stream: 'hospital' | 'council';
  readonly type: ProjectedEventType;
  readonly eventId: string;
  /** Trust ODS code or council ONS code that sent it. */
  readonly orgCode: string;
  /** One line for people, with no patient identifiers. */
  readonly summary: string;
}

export type AwayEnding = 'HOME' | 'CARE_HOME' | 'DIED' | 'READMITTED';

/** A period away from home: admission until back home (intermediate-care beds included). */
export interface AwayPeriod {
  readonly spellId: string;
  readonly from: string;
  /** null while still away (or the hub does not know of a return home). */
  readonly to: string | null;
  readonly endedBy: AwayEnding | null;
  readonly includesIntermediateCare: boolean;
  readonly destination: DischargeDestination | null;
}

/** Per person, both streams in order. Redis: STRING {ns}journey:<personKey>. */
export interface Journey {
  readonly personKey: string;
  readonly nhsNumber: string | null;
  /** Records merged into this person (PatientsMerged). */
  readonly mergedFrom: readonly string[];
  readonly events: readonly JourneyEvent[];
  readonly awayPeriods: readonly AwayPeriod[];
}

/** KPI hashes: name → field → integer contribution. Redis: HASH {ns}kpi:<name>. */
export type KpiCounts = Readonly<Record<KpiName, Readonly<Record<string, number>>>>;

export const KPI_NAMES = [
  'nctr',
  'discharges',
  'excess',
  'reablement',
  'home91',
  'icstay',
  'drd',
  'sitrep',
  'ascof2d',
  'ascof2a',
  'icare',
] as const;
export type KpiName = (typeof KPI_NAMES)[number];

/** Everything one person contributes to the read models. */
export interface PersonReadModels {
  readonly queue: QueueEntry | null;
  readonly episodes: readonly TrackerEpisode[];
  /** Discharged episodes by week (Monday), for the weekly 48-hour figures. */
  readonly weekly: readonly {
    readonly week: LocalDate;
    readonly episodeId: string;
    readonly figure: WeeklyDischarge;
  }[];
  readonly journey: Journey | null;
  readonly kpis: KpiCounts;
}
