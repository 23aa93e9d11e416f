import { storedRecord } from '@homefirst/runtime';
import type { DelayAttribution, DelayReason, LocalDate, Pathway } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { ENCOUNTER_STATUSES } from '../fhir/model';
import type { SpellSnapshot } from '../mapping/decide';

/** A code the mapping wrote from its own vocabulary: checked to be text, typed as that vocabulary. */
const code = <T extends string>() => z.custom<T>((value) => typeof value === 'string');

const snapshotSchema = z.object({
  status: z.enum(ENCOUNTER_STATUSES),
  admitted: z.boolean(),
  cancelled: z.boolean(),
  location: z
    .object({
      site: z.string().nullable(),
      ward: z.string().nullable(),
      room: z.string().nullable(),
      bed: z.string().nullable(),
    })
    .nullable(),
  dischargedAt: z.string().nullable(),
  readiness: z
    .object({
      status: z.enum(['declared', 'withdrawn']),
      readyDate: code<LocalDate>().nullable(),
      readyAt: z.string().nullable(),
      proposedPathway: code<Pathway>().nullable(),
      delayReason: code<DelayReason>().nullable(),
      delayAttribution: code<DelayAttribution>().nullable(),
    })
    .nullable(),
  expectedDischargeDate: code<LocalDate>().nullable(),
  proposedPathway: code<Pathway>().nullable(),
  lastUpdated: z.string().nullable(),
}) satisfies z.ZodType<SpellSnapshot, unknown>;

/**
 * `{v: 1, snapshot}`. Snapshots stored before the version (the bare snapshot) are read as version 1.
 */
const spellRecord = storedRecord(
  'spell snapshot',
  1,
  z.union([z.object({ snapshot: snapshotSchema }), snapshotSchema.transform((snapshot) => ({ snapshot }))]),
);

/**
 * The connector's memory of each spell (the last state it recorded), in Redis under
 * `fhir:spell:<ods>:<encounter id>`. Written only after Kafka acknowledged the events derived from it.
 * Losing it is safe: the next Encounter is then decided as a first sighting, and facts it repeats carry
 * the same deterministic eventIds only when they come from the same message — see README, "State".
 * A stored snapshot that does not parse is an error naming its key (UnreadableStoredRecordError), never guessed at.
 */
export class SpellStore {
  constructor(
    private readonly redis: Redis,
    /** Spells can last months; a year without a message forgets one. */
    private readonly ttlSeconds = 400 * 24 * 3600,
  ) {}

  private static key(spellKey: string): string {
    return `fhir:spell:${spellKey}`;
  }

  async getMany(spellKeys: readonly string[]): Promise<Map<string, SpellSnapshot | undefined>> {
    const unique = [...new Set(spellKeys)];
    if (unique.length === 0) return new Map();
    const values = await this.redis.mget(...unique.map((key) => SpellStore.key(key)));
    return new Map(
      unique.map((key, i) => {
        const text = values[i] ?? null;
        return [key, text === null ? undefined : spellRecord.parse(SpellStore.key(key), text).snapshot];
      }),
    );
  }

  async setMany(snapshots: ReadonlyMap<string, SpellSnapshot | undefined>): Promise<void> {
    const pipeline = this.redis.multi();
    let writes = 0;
    for (const [key, snapshot] of snapshots) {
      if (snapshot === undefined) continue;
      pipeline.set(SpellStore.key(key), spellRecord.serialise({ snapshot }), 'EX', this.ttlSeconds);
      writes += 1;
    }
    if (writes > 0) await pipeline.exec();
  }
}

/** What the ingest needs of spell snapshots: Redis (SpellStore) live, memory for a remap. */
export type SpellSnapshots = Pick<SpellStore, 'getMany' | 'setMany'>;

/** Spell snapshots in memory: a remap decides each Encounter against the ones before it in the run. */
export class MemorySpellSnapshots implements SpellSnapshots {
  private readonly snapshots = new Map<string, SpellSnapshot>();

  getMany(spellKeys: readonly string[]): Promise<Map<string, SpellSnapshot | undefined>> {
    return Promise.resolve(new Map(spellKeys.map((key) => [key, this.snapshots.get(key)])));
  }

  setMany(snapshots: ReadonlyMap<string, SpellSnapshot | undefined>): Promise<void> {
    for (const [key, snapshot] of snapshots) if (snapshot !== undefined) this.snapshots.set(key, snapshot);
    return Promise.resolve();
  }
}
