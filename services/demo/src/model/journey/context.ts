import type { Pathway } from '@homefirst/schemas';
import type { EventQueue, PlacePool } from '../des';
import type { Fact } from '../facts';
import type { CityParameters } from '../parameters';
import type { Person } from '../people';
import type { Random } from '../random';
import type { JourneyRecorder } from './recorder';
import type { WorkingTime } from './working-time';

/** What a journey needs from the city around it. */
export interface CityContext {
  readonly params: CityParameters;
  readonly seed: number;
  /** Tag of this run (seed + start) carried by every id, so two runs never share an id. */
  readonly runTag: string;
  readonly queue: EventQueue;
  /** The council's reablement beds (P2). */
  readonly beds: PlacePool;
  /** A new person, first seen at `at`. */
  newPerson(random: Random, older: boolean, at: number): Person;
  nextId(kind: 'referral' | 'package'): string;
  record(fact: Fact): void;
  /** Marks the journey complete: nothing after its last recorded fact. */
  close(journeyId: string): void;
  /** Schedules a readmission of `person` at `at` (ignored after the simulated span). */
  readmit(person: Person, at: number, previousSpellId: string): void;
}

export interface JourneyStart {
  readonly spellNo: number;
  readonly admitAt: number;
  /** Known person for a readmission; a new one otherwise. */
  readonly person: Person | null;
  readonly readmissionOf: string | null;
}

/** How a person leaves hospital (a Discharged fact). */
export interface DischargeHow {
  readonly destinationCode: string;
  readonly methodCode: string;
  readonly pathway: Pathway;
  readonly name: string | null;
  readonly died: boolean;
}

/** Where a pathway is referred from: the referral and when the ward is ready to let the person go. */
export interface Referral {
  readonly referralId: string;
  readonly referralAt: number;
  readonly wardReadyAt: number;
}

/**
 * A journey in progress, as the pathways after the referral see it: the parameters, the journey's own
 * random stream, what it recorded, its working-time calendar and the stay's ways of ending.
 */
export interface Journey {
  readonly p: CityParameters;
  readonly r: Random;
  readonly ctx: CityContext;
  readonly rec: JourneyRecorder;
  readonly time: WorkingTime;
  discharge(at: number, how: DischargeHow): void;
  /** Discharged to usual residence on `pathway`, perhaps readmitted later; the journey is complete. */
  dischargeHome(at: number, pathway: Pathway): void;
  maybeReadmit(dischargedAt: number): void;
  /** Marks the journey complete. */
  close(): void;
}

export const MINUTE = 60_000;
