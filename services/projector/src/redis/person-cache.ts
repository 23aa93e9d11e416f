import type { readModels } from '@homefirst/schemas';
import type { StoredPerson } from './contributions';

type ReadModelKeys = readModels.ReadModelKeys;

export interface PersonCacheOptions {
  /** The co-partitioned topics (full names) whose partition p carries the events of the persons of p. */
  readonly topics: readonly string[];
  /** Persons kept (least recently used go first); bounds the memory. */
  readonly maxPersons: number;
}

interface Entry {
  readonly stored: StoredPerson;
  readonly home: number;
  readonly generation: number;
}

/** `{ns}persons:epoch`: bumped by every write of a person record outside its own partition (merges). */
export const personsEpochKey = (keys: ReadModelKeys): string => `${keys.namespace}persons:epoch`;

/**
 * Persons kept in memory between a writer's windows, so a person whose events keep coming (a rebuild reads a
 * person's hospital and council events in different batches) is not read from Redis and parsed again.
 *
 * Why a cached person can be trusted without reading it: a person's own events arrive on one partition
 * number p of both co-partitioned topics (producers key by personKey), and every write of their record
 * by anyone moves the offset of hospital-p or council-p in the same transaction — except writes from
 * another partition (a merge retiring them, an event redirected to a survivor), and those bump
 * `{ns}persons:epoch`. So before each window the writer reads (under WATCH) those offsets and the epoch:
 * if the epoch moved, the cache is emptied; if an offset of p is not what this writer last wrote or saw,
 * the persons of p are dropped. WATCH on the same keys fences the moment between that check and EXEC.
 * Retired records, and records written from outside their partition, are never kept.
 */
export class PersonCache {
  readonly epochKey: string;
  private readonly entries = new Map<string, Entry>();
  private readonly generations = new Map<number, number>();
  /** What the guard keys of each partition held when its entries were last known good. */
  private readonly signatures = new Map<number, string>();
  private epoch: string | null | undefined;

  constructor(
    private readonly keys: ReadModelKeys,
    private readonly options: PersonCacheOptions,
  ) {
    this.epochKey = personsEpochKey(keys);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Whether a person is held (good or not: `get` decides). */
  has(personKey: string): boolean {
    return this.entries.has(personKey);
  }

  clear(): void {
    this.entries.clear();
    this.signatures.clear();
    this.epoch = undefined;
  }

  /** The keys to WATCH and read before a window over these partitions: the epoch and every topic's offset of each. */
  guardKeys(partitions: readonly number[]): string[] {
    const unique = [...new Set(partitions)];
    return [
      this.epochKey,
      ...unique.flatMap((p) => this.options.topics.map((topic) => this.keys.offset(topic, p))),
    ];
  }

  private signature(guard: ReadonlyMap<string, string | null>, partition: number): string {
    return this.options.topics.map((topic) => guard.get(this.keys.offset(topic, partition)) ?? '-').join('|');
  }

  /** Drops what the guard values (read under WATCH) say may have changed, and takes them as the new baseline. */
  validate(guard: ReadonlyMap<string, string | null>, partitions: readonly number[]): void {
    const epoch = guard.get(this.epochKey) ?? null;
    if (this.epoch !== epoch) {
      this.clear();
      this.epoch = epoch;
    }
    for (const partition of partitions) {
      const signature = this.signature(guard, partition);
      if (this.signatures.get(partition) !== signature) {
        this.generations.set(partition, (this.generations.get(partition) ?? 0) + 1);
        this.signatures.set(partition, signature);
      }
    }
  }

  /** The cached person of `home`'s partition, if still good (undefined: read it from Redis). */
  get(personKey: string, home: number | undefined): StoredPerson | undefined {
    const entry = this.entries.get(personKey);
    if (entry === undefined || home === undefined) return undefined;
    if (entry.home !== home || entry.generation !== (this.generations.get(home) ?? 0)) {
      this.entries.delete(personKey);
      return undefined;
    }
    this.entries.delete(personKey);
    this.entries.set(personKey, entry);
    return entry.stored;
  }

  /**
   * After a successful EXEC: the guard values now in Redis (with the offsets just written), and the persons
   * read or written — kept when they belong to the partition their events came on.
   */
  committed(
    guard: ReadonlyMap<string, string | null>,
    partitions: readonly number[],
    epochBumped: boolean,
    loaded: ReadonlyMap<string, StoredPerson | null>,
    written: ReadonlyMap<string, StoredPerson>,
    homes: ReadonlyMap<string, number>,
  ): void {
    if (epochBumped) {
      // Our own bump: what we hold is what we wrote, so only the baseline moves.
      this.epoch = String(Number(this.epoch ?? 0) + 1);
    }
    for (const partition of partitions) this.signatures.set(partition, this.signature(guard, partition));
    const keep = (key: string, stored: StoredPerson | null): void => {
      const home = homes.get(key);
      this.entries.delete(key);
      if (stored === null || home === undefined || home < 0) return;
      if (stored.home !== home || stored.record.retiredInto !== null) return;
      this.entries.set(key, { stored, home, generation: this.generations.get(home) ?? 0 });
    };
    for (const [key, stored] of loaded) if (!written.has(key)) keep(key, stored);
    for (const [key, stored] of written) keep(key, stored);
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.options.maxPersons) break;
      this.entries.delete(key);
    }
  }
}
