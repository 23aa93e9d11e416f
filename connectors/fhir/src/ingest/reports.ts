import { describeError, HubError, UnavailableError } from '@homefirst/runtime';
import type { FailedStage, HospitalEvent } from '@homefirst/schemas';
import type { Submission } from '../fhir/parse';
import type { DecisionOutcome } from '../mapping/decide';
import type { HeldEncounter } from './held';

/** What goes into the FHIR ingest and what it reports back (see fhir-ingest.ts). */

export interface Inbound {
  readonly submission: Submission;
  readonly body: Buffer;
  readonly contentType: string;
  /** ODS code of the trust, from its credentials. */
  readonly orgCode: string;
  readonly transport: 'HTTP' | 'POLL';
  readonly correlationId: string;
  readonly receivedAt: Date;
}

export type UnitStatus = DecisionOutcome | 'duplicate' | 'held';

export interface UnitReport {
  readonly spellId: string;
  readonly status: UnitStatus;
  readonly events: ReadonlyArray<HospitalEvent['type']>;
}

/** What became of a Patient merge: recorded now, or recorded before (by this or another message). */
export interface MergeReport {
  readonly status: 'recorded' | 'duplicate';
}

export interface IngestReport {
  /** One per Submission unit, in order. */
  readonly units: readonly UnitReport[];
  /** One per Submission merge, in order. */
  readonly merges: readonly MergeReport[];
  /** Held Encounters (of earlier messages) this one released. */
  readonly released: number;
  readonly deadLetters: number;
}

export interface Rejection {
  readonly body: Buffer;
  readonly contentType: string;
  readonly orgCode: string;
  readonly system: string;
  readonly messageId: string;
  readonly transport: 'HTTP' | 'POLL';
  readonly correlationId: string;
  readonly receivedAt: Date;
  readonly stage: FailedStage;
  readonly error: HubError;
}

/** Redis failures are the dependency's, and retriable: the sender resends later (503). */
export async function redis<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof HubError) throw err;
    throw new UnavailableError(`Redis failed while trying to ${what}: ${describeError(err)}`, {
      dependency: 'redis',
      cause: err,
    });
  }
}

/** What happened under the spells' locks. */
export interface LockedOutcome {
  readonly reports: readonly UnitReport[];
  readonly merges: readonly MergeReport[];
  /** Released Encounters of spells this message did not lock: mapped afterwards, under their own locks. */
  readonly elsewhere: readonly HeldEncounter[];
  readonly releasedHere: number;
  readonly duplicates: number;
  readonly deadLetters: number;
}
