import { HubError, parseStoredRecord, UnreadableStoredRecordError } from '@homefirst/runtime';
import type { readModels } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import { projectEvents, type PersonRecord } from '../person/evolve';
import type { ProjectedEvent } from '../person/journal';
import { deriveReadModels } from '../readmodels/derive';
import { batchCommands } from './command-batch';
import {
  contributionCommands,
  kpiDeltaCommands,
  type KpiDeltas,
  type RedisCommand,
  type StoredPerson,
} from './contributions';
import { FollowedNamespace } from './namespace';
import { PersonCache, personsEpochKey, type PersonCacheOptions } from './person-cache';
import { storedPersonRecord } from './stored-person';

type ReadModelKeys = readModels.ReadModelKeys;

export interface BatchMessage {
  readonly offset: number;
  /** null for a message that was dead-lettered: it still moves the offset on. */
  readonly event: ProjectedEvent | null;
}

export type BatchResult =
  /** Written: read models and the partition's next offset, in one transaction. */
  | {
      readonly kind: 'applied';
      readonly events: number;
      readonly persons: number;
      readonly attempts: number;
      readonly nextOffset: number;
    }
  /** Every message was already in Redis (a redelivery after a crash between the write and the Kafka commit). */
  | { readonly kind: 'already-applied'; readonly nextOffset: number }
  /** Redis is behind this batch (Kafka's committed offset is ahead of the truth): seek to nextOffset. */
  | { readonly kind: 'gap'; readonly nextOffset: number };

/** Messages of one topic partition, in offset order, as part of a window. */
export interface WindowPart {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly BatchMessage[];
  /** Where the partition starts when Redis has no offset for it (its low watermark). */
  readonly startIfNone: number;
}

export interface WriterOptions {
  /** Optimistic attempts before giving up on a contended write (default 20). */
  readonly maxAttempts?: number;
  /** Keep persons in memory between windows (see PersonCache); off when absent. */
  readonly personCache?: PersonCacheOptions;
}

const parseStored = (key: string, text: string | null): StoredPerson | null =>
  text === null ? null : parseStoredRecord(storedPersonRecord, key, text);

/** A partition's next offset as stored (a decimal string): a non-negative integer, else an error naming the key. */
const parseOffset = (key: string, text: string): number => {
  const offset = Number(text);
  if (text === '' || !Number.isSafeInteger(offset) || offset < 0)
    throw new UnreadableStoredRecordError(key, 'offset', 'not a non-negative integer');
  return offset;
};

/** Where each part stands against Redis: already there, a gap before it, or messages to apply. */
const classify = (part: WindowPart, stored: number): BatchResult | readonly BatchMessage[] => {
  const first = part.messages[0]?.offset;
  const last = part.messages.at(-1)?.offset;
  if (first === undefined || last === undefined) throw new RangeError('a window part needs a message');
  if (stored > last) return { kind: 'already-applied', nextOffset: stored };
  if (stored < first) return { kind: 'gap', nextOffset: stored };
  return part.messages.filter((message) => message.offset >= stored);
};

/** The partition number each person's own events came on in this window (-1: on more than one). */
const homesOf = (parts: readonly WindowPart[], pending: readonly (readonly BatchMessage[])[]) => {
  const homes = new Map<string, number>();
  parts.forEach((part, index) => {
    for (const { event } of pending[index] ?? []) {
      if (event === null) continue;
      const seen = homes.get(event.personKey);
      homes.set(event.personKey, seen === undefined || seen === part.partition ? part.partition : -1);
    }
  });
  return homes;
};

/**
 * Writes what a window of messages changed — person records, every read model they touch, KPI deltas —
 * and the next offset of each topic partition in it, in ONE MULTI/EXEC, guarded by WATCH on the offsets and
 * every person key read from Redis. So a crash anywhere leaves either all of a window or none of it, a
 * redelivered batch is recognised by its offsets and skipped, and two writers racing for a partition (a
 * rebalance in flight) cannot interleave: the loser's EXEC fails and it re-reads. A window is one batch
 * (`applyBatch`) or, while the projector is far behind, several batches of several partitions: each person
 * is then derived and written once per window, and KPI deltas are summed into one HINCRBY per field.
 *
 * With `personCache`, persons stay in memory between windows instead of being read and parsed again; see
 * PersonCache for what makes a cached person trustworthy.
 *
 * One writer per Redis connection: WATCH belongs to the connection.
 */
export class ReadModelWriter {
  private readonly fixedKeys: ReadModelKeys | null;
  private readonly followed: FollowedNamespace | null;
  private cacheOptions: PersonCacheOptions | null;
  private cache: PersonCache | null;

  /**
   * `keys`: a fixed namespace (a rebuild writing its own version), or a FollowedNamespace (the live
   * projector: every transaction WATCHes and reads the live alias, and is redone in the new version's
   * namespace, against its own offsets, when the alias switched).
   */
  constructor(
    private readonly redis: Redis,
    keys: ReadModelKeys | FollowedNamespace,
    private readonly options: WriterOptions = {},
  ) {
    this.followed = keys instanceof FollowedNamespace ? keys : null;
    this.fixedKeys = keys instanceof FollowedNamespace ? null : keys;
    this.cacheOptions = options.personCache ?? null;
    this.cache = this.cacheOptions === null ? null : new PersonCache(this.keys, this.cacheOptions);
  }

  /** The namespace written now. */
  get keys(): ReadModelKeys {
    return this.fixedKeys ?? (this.followed as FollowedNamespace).keys;
  }

  /** Keeps persons in memory between windows from now on (null: not any more). */
  usePersonCache(options: PersonCacheOptions | null): void {
    this.cacheOptions = options;
    this.cache = options === null ? null : new PersonCache(this.keys, options);
  }

  /** Forgets every cached person (a new namespace, a lost assignment). */
  resetCache(): void {
    this.cache?.clear();
  }

  /** The next offset Redis holds for a partition (in the live version), or null when nothing was written yet. */
  async storedOffset(topic: string, partition: number): Promise<number | null> {
    if (this.followed !== null) await this.followed.resolve(this.redis);
    const key = this.keys.offset(topic, partition);
    const text = await this.redis.get(key);
    return text === null ? null : parseOffset(key, text);
  }

  /**
   * Applies messages of one topic partition, in offset order. `startIfNone` is where the partition
   * starts when Redis has no offset for it (its low watermark: a new namespace reads from the earliest).
   */
  async applyBatch(
    topic: string,
    partition: number,
    messages: readonly BatchMessage[],
    startIfNone: number,
  ): Promise<BatchResult> {
    if (messages.length === 0) throw new RangeError('applyBatch needs at least one message');
    const { results } = await this.applyWindow([{ topic, partition, messages, startIfNone }]);
    return results[0] as BatchResult;
  }

  /**
   * Applies several topic partitions' messages in one transaction; one result per part, in order. Parts
   * Redis already has or that start after Redis's offset (`gap`) are left out of the write.
   */
  async applyWindow(
    parts: readonly WindowPart[],
  ): Promise<{ readonly results: readonly BatchResult[]; readonly persons: number }> {
    const maxAttempts = this.options.maxAttempts ?? 20;
    const partitions = [...new Set(parts.map((part) => part.partition))];
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      const offsetKeys = parts.map((part) => this.keys.offset(part.topic, part.partition));
      const guardKeys = this.cache?.guardKeys(partitions) ?? [];
      // Persons not cached are read in the same round trip as the offsets (most often they are needed);
      // the live alias (when following one) is watched and read with them: no extra round trip.
      const prefetch = this.uncachedPersons(parts);
      const personKeys = prefetch.map((key) => this.keys.person(key));
      const alias = this.followed?.aliasKey ?? null;
      const watched = [...offsetKeys, ...guardKeys, ...personKeys];
      await this.redis.watch(...(alias === null ? watched : [alias, ...watched]));
      const values = await this.redis.mget(...(alias === null ? watched : [alias, ...watched]));
      if (alias !== null && (this.followed as FollowedNamespace).observe(values.shift())) {
        // The alias switched: redo this window in the new live version, whose persons are not cached.
        await this.redis.unwatch();
        this.usePersonCache(this.cacheOptions);
        continue;
      }
      const guard = new Map(guardKeys.map((key, index) => [key, values[offsetKeys.length + index] ?? null]));
      const base = offsetKeys.length + guardKeys.length;
      const prefetched = new Map(prefetch.map((key, index) => [key, values[base + index] ?? null]));
      this.cache?.validate(guard, partitions);
      const pending: (readonly BatchMessage[])[] = [];
      const results: BatchResult[] = parts.map((part, index) => {
        const raw = values[index];
        const key = offsetKeys[index] ?? '';
        const stored = raw === null || raw === undefined ? part.startIfNone : parseOffset(key, raw);
        const outcome = classify(part, stored);
        if ('kind' in outcome) {
          pending.push([]);
          return outcome;
        }
        pending.push(outcome);
        const last = part.messages.at(-1)?.offset ?? stored;
        const events = outcome.filter((message) => message.event !== null).length;
        return { kind: 'applied', events, persons: 0, attempts: attempt, nextOffset: last + 1 };
      });
      if (pending.every((messages) => messages.length === 0)) {
        await this.redis.unwatch();
        return { results, persons: 0 };
      }
      const written = await this.write(parts, pending, results, guard, partitions, prefetched);
      if (written === null) continue; // a watched key changed: someone else wrote; read again
      const done = results.map((result) =>
        result.kind === 'applied' ? { ...result, persons: written } : result,
      );
      return { results: done, persons: written };
    }
    const names = parts.map((part) => `${part.topic}[${part.partition}]`).join(', ');
    throw new HubError(`Redis write of ${names} lost ${maxAttempts} optimistic races in a row`, {
      code: 'READMODEL_CONTENTION',
      retriable: true,
    });
  }

  /** Loads, evolves, derives and writes; the number of persons changed, or null when EXEC was refused. */
  private async write(
    parts: readonly WindowPart[],
    pending: readonly (readonly BatchMessage[])[],
    results: readonly BatchResult[],
    guard: Map<string, string | null>,
    partitions: readonly number[],
    prefetched: ReadonlyMap<string, string | null>,
  ): Promise<number | null> {
    const events = pending.flatMap((messages) =>
      messages.flatMap((message) => (message.event === null ? [] : [message.event])),
    );
    const homes = homesOf(parts, pending);
    const loaded = await this.load(events, homes, prefetched);
    const records = new Map<string, PersonRecord>();
    for (const [key, value] of loaded) if (value !== null) records.set(key, value.record);
    const changed = projectEvents(records, events);

    const transaction = this.redis.multi();
    const all: RedisCommand[] = [];
    const kpiDeltas: KpiDeltas = new Map();
    const stored = new Map<string, StoredPerson>();
    let outsideHome = false;
    for (const [key, record] of changed) {
      const before = loaded.get(key) ?? null;
      const seenOn = homes.get(key);
      const home = before?.home ?? (seenOn !== undefined && seenOn >= 0 ? seenOn : undefined);
      // Written from a window that is not this person's own partition (a merge, a redirected event):
      // every other writer's cached copy of it must go.
      if (seenOn === undefined || seenOn < 0 || (before?.home !== undefined && before.home !== seenOn))
        outsideHome = true;
      const { commands, stored: next } = contributionCommands(
        this.keys,
        key,
        before?.applied ?? null,
        record,
        deriveReadModels(record),
        { kpiDeltas, ...(home !== undefined && { home }) },
      );
      stored.set(key, next);
      for (const command of commands) all.push(command);
    }
    for (const [name, ...args] of batchCommands(all)) transaction.call(name, args);
    for (const [name, ...args] of kpiDeltaCommands(kpiDeltas)) transaction.call(name, args);
    if (outsideHome) transaction.incr(personsEpochKey(this.keys));
    parts.forEach((part, index) => {
      const result = results[index];
      if (result?.kind !== 'applied') return;
      transaction.set(this.keys.offset(part.topic, part.partition), String(result.nextOffset));
      guard.set(this.keys.offset(part.topic, part.partition), String(result.nextOffset));
      transaction.publish(
        this.keys.changes,
        JSON.stringify({
          topic: part.topic,
          partition: part.partition,
          nextOffset: result.nextOffset,
          persons: changed.size,
        }),
      );
    });
    const replies = await transaction.exec();
    if (replies === null) return null;
    const failed = replies.find(([err]) => err !== null)?.[0];
    if (failed !== undefined && failed !== null) throw failed;
    this.cache?.committed(guard, partitions, outsideHome, loaded, stored, homes);
    return changed.size;
  }

  /**
   * The stored persons the events touch (their keys, merged-away keys, and survivors): from the cache when it
   * holds them for their partition, else read from Redis under WATCH.
   */
  private async load(
    events: readonly ProjectedEvent[],
    homes: ReadonlyMap<string, number>,
    prefetched: ReadonlyMap<string, string | null>,
  ): Promise<Map<string, StoredPerson | null>> {
    const loaded = new Map<string, StoredPerson | null>();
    const missing = new Set<string>();
    for (const event of events) {
      for (const key of [
        event.personKey,
        ...(event.type === 'PatientsMerged' && event.payload.retiredPersonKey !== null
          ? [event.payload.retiredPersonKey]
          : []),
      ]) {
        if (loaded.has(key) || missing.has(key)) continue;
        const text = prefetched.get(key);
        if (text !== undefined) {
          loaded.set(key, parseStored(this.keys.person(key), text));
          continue;
        }
        const cached = this.cache?.get(key, homes.get(key));
        if (cached === undefined) missing.add(key);
        else loaded.set(key, cached);
      }
    }
    await this.read([...missing], loaded);
    await this.loadSurvivors(loaded);
    return loaded;
  }

  /** The person keys a window's events touch that the cache does not hold. */
  private uncachedPersons(parts: readonly WindowPart[]): string[] {
    const keys = new Set<string>();
    for (const part of parts) {
      for (const { event } of part.messages) {
        if (event === null) continue;
        if (this.cache?.has(event.personKey) !== true) keys.add(event.personKey);
        if (event.type === 'PatientsMerged' && event.payload.retiredPersonKey !== null)
          if (this.cache?.has(event.payload.retiredPersonKey) !== true)
            keys.add(event.payload.retiredPersonKey);
      }
    }
    return [...keys];
  }

  /** Reads (and watches) person records from Redis. */
  private async read(personKeys: readonly string[], loaded: Map<string, StoredPerson | null>): Promise<void> {
    if (personKeys.length === 0) return;
    const redisKeys = personKeys.map((key) => this.keys.person(key));
    await this.redis.watch(...redisKeys);
    const texts = await this.redis.mget(...redisKeys);
    personKeys.forEach((key, index) =>
      loaded.set(key, parseStored(redisKeys[index] ?? key, texts[index] ?? null)),
    );
  }

  /** Loads (and watches) the records that loaded ones were merged into, transitively. */
  private async loadSurvivors(loaded: Map<string, StoredPerson | null>): Promise<void> {
    for (let depth = 0; depth < 16; depth += 1) {
      const missing = [...loaded.values()]
        .map((value) => value?.record.retiredInto ?? null)
        .filter((key): key is string => key !== null && !loaded.has(key));
      const unique = [...new Set(missing)];
      if (unique.length === 0) return;
      await this.read(unique, loaded);
    }
  }
}
