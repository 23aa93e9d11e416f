import type { Redis } from 'ioredis';
import type { SpellSnapshot } from '../mapping/decide';

/**
 * The connector's memory of each spell (the last state it recorded), in Redis under
 * `fhir:spell:<ods>:<encounter id>`. Written only after Kafka acknowledged the events derived from it.
 * Losing it is safe: the next Encounter is then decided as a first sighting, and facts it repeats carry
 * the same deterministic eventIds only when they come from the same message — see README, "State".
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
    return new Map(unique.map((key, i) => [key, parse(values[i] ?? null)]));
  }

  async setMany(snapshots: ReadonlyMap<string, SpellSnapshot | undefined>): Promise<void> {
    const pipeline = this.redis.multi();
    let writes = 0;
    for (const [key, snapshot] of snapshots) {
      if (snapshot === undefined) continue;
      pipeline.set(SpellStore.key(key), JSON.stringify(snapshot), 'EX', this.ttlSeconds);
      writes += 1;
    }
    if (writes > 0) await pipeline.exec();
  }
}

const parse = (text: string | null): SpellSnapshot | undefined =>
  text === null ? undefined : (JSON.parse(text) as SpellSnapshot); // written by setMany only
