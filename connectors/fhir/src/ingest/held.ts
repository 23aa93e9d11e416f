import type { EncounterUnit } from '../fhir/parse';
import type { EncounterFacts } from '../mapping/facts';

/**
 * An Encounter waiting for its patient's NHS number (it named only the trust's local patient id), as kept
 * in the identity index's held list until a message links that id to an NHS number. Its raw message is
 * already on the raw topic; this is what the mapping needs to finish the job.
 */
export interface HeldEncounter {
  readonly unit: EncounterUnit;
  readonly system: string;
  readonly correlationId: string;
  readonly receivedAt: Date;
}

const FORMAT = 1;
const OWNER = 'fhir';

export const serializeHeld = (held: HeldEncounter): string =>
  JSON.stringify({ owner: OWNER, format: FORMAT, ...held });

/** Whether a held item was written by this connector (another one sharing the index may hold its own). */
export function isOurs(text: string): boolean {
  try {
    const item = JSON.parse(text) as { owner?: unknown; format?: unknown };
    return item.owner === OWNER && item.format === FORMAT;
  } catch {
    return false;
  }
}

const date = (value: unknown): Date | null => (typeof value === 'string' ? new Date(value) : null);

/** Reads an item written by serializeHeld (Dates travel as ISO strings). */
export function deserializeHeld(text: string): HeldEncounter {
  if (!isOurs(text)) throw new Error('not a held Encounter of the FHIR connector');
  const item = JSON.parse(text) as HeldEncounter; // written by serializeHeld (checked above)
  const facts = item.unit.facts;
  const revived: EncounterFacts = {
    ...facts,
    admittedAt: date(facts.admittedAt),
    dischargedAt: date(facts.dischargedAt),
    lastUpdated: date(facts.lastUpdated),
    stays: facts.stays.map((stay) => ({ ...stay, since: date(stay.since) })),
    readiness:
      facts.readiness?.status === 'declared'
        ? { ...facts.readiness, readyAt: date(facts.readiness.readyAt) }
        : facts.readiness,
  };
  return {
    unit: { ...item.unit, facts: revived },
    system: item.system,
    correlationId: item.correlationId,
    receivedAt: new Date(item.receivedAt),
  };
}
