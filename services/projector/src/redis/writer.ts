import { HubError, parseStoredRecord, UnreadableStoredRecordError } from '@homefirst/runtime';
import type { readModels } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import { projectEvents, type PersonRecord } from '../person/evolve';
import type { ProjectedEvent } from '../person/journal';
import { deriveReadModels } from '../readmodels/derive';
import { contributionCommands, type StoredPerson } from './contributions';
import { FollowedNamespace } from './namespace';
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

const parseStored = (key: string, text: string | null): StoredPerson | null =>
  text === null ? null : parseStoredRecord(storedPersonRecord, key, text);

/** A partition's next offset as stored (a decimal string): a non-negative integer, else an error naming the key. */
const parseOffset = (key: string, text: string): number => {
  const offset = Number(text);
  if (text === '' || !Number.isSafeInteger(offset) || offset < 0)
    throw new UnreadableStoredRecordError(key, 'offset', 'not a non-negative integer');
  return offset;
};

/**
 * Writes what a batch of one topic partition changed — person records, every read model they touch,
 * KPI deltas — and that partition's next offset, in ONE MULTI/EXEC, guarded by WATCH on the offset and
 * every person key read. So a crash anywhere leaves either all of a batch or none of it, a redelivered
 * batch is recognised by its offsets and skipped, and two writers racing for a partition (a rebalance
 * in flight) cannot interleave: the loser's EXEC fails and it re-reads.
 *
 * One writer per Redis connection: WATCH belongs to the connection.
 */
export class ReadModelWriter {
  private readonly fixedKeys: ReadModelKeys | null;
  private readonly followed: FollowedNamespace | null;

  /**
   * `keys`: a fixed namespace (a rebuild writing its own version), or a FollowedNamespace (the live
   * projector: every transaction WATCHes and reads the live alias, and is redone in the new version's
   * namespace, against its own offsets, when the alias switched).
   */
  constructor(
    private readonly redis: Redis,
    keys: ReadModelKeys | FollowedNamespace,
    private readonly options: { readonly maxAttempts?: number } = {},
  ) {
    this.followed = keys instanceof FollowedNamespace ? keys : null;
    this.fixedKeys = keys instanceof FollowedNamespace ? null : keys;
  }

  /** The namespace written now. */
  get keys(): ReadModelKeys {
    return this.fixedKeys ?? (this.followed as FollowedNamespace).keys;
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
    const first = messages[0]?.offset;
    const last = messages.at(-1)?.offset;
    if (first === undefined || last === undefined)
      throw new RangeError('applyBatch needs at least one message');
    const maxAttempts = this.options.maxAttempts ?? 20;
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      const offsetKey = this.keys.offset(topic, partition);
      const directKeys = new Set<string>();
      for (const { event } of messages) {
        if (event === null) continue;
        directKeys.add(event.personKey);
        if (event.type === 'PatientsMerged' && event.payload.retiredPersonKey !== null)
          directKeys.add(event.payload.retiredPersonKey);
      }
      const personKeys = [...directKeys];
      // The live alias (when following one) is watched and read with the rest: no extra round trip.
      const alias = this.followed?.aliasKey ?? null;
      const watched = [offsetKey, ...personKeys.map((key) => this.keys.person(key))];
      await this.redis.watch(...(alias === null ? watched : [alias, ...watched]));
      const read = await this.redis.mget(...(alias === null ? watched : [alias, ...watched]));
      if (alias !== null && (this.followed as FollowedNamespace).observe(read.shift())) {
        await this.redis.unwatch(); // the alias switched: redo this batch in the new live version
        continue;
      }
      const [rawOffset, ...texts] = read;
      const stored =
        rawOffset === null || rawOffset === undefined ? startIfNone : parseOffset(offsetKey, rawOffset);
      if (stored > last) {
        await this.redis.unwatch();
        return { kind: 'already-applied', nextOffset: stored };
      }
      if (stored < first) {
        await this.redis.unwatch();
        return { kind: 'gap', nextOffset: stored };
      }
      const loaded = new Map<string, StoredPerson | null>();
      personKeys.forEach((key, index) =>
        loaded.set(key, parseStored(this.keys.person(key), texts[index] ?? null)),
      );
      await this.loadSurvivors(loaded);

      const records = new Map<string, PersonRecord>();
      for (const [key, value] of loaded) if (value !== null) records.set(key, value.record);
      const pending = messages.filter((message) => message.offset >= stored);
      const events = pending
        .map((message) => message.event)
        .filter((event): event is ProjectedEvent => event !== null);
      const changed = projectEvents(records, events);

      const transaction = this.redis.multi();
      for (const [key, record] of changed) {
        const { commands } = contributionCommands(
          this.keys,
          key,
          loaded.get(key)?.applied ?? null,
          record,
          deriveReadModels(record),
        );
        for (const [name, ...args] of commands) transaction.call(name, args);
      }
      transaction.set(offsetKey, String(last + 1));
      transaction.publish(
        this.keys.changes,
        JSON.stringify({ topic, partition, nextOffset: last + 1, persons: changed.size }),
      );
      const results = await transaction.exec();
      if (results === null) continue; // a watched key changed: someone else wrote; read again
      const failed = results.find(([err]) => err !== null)?.[0];
      if (failed !== undefined && failed !== null) throw failed;
      return {
        kind: 'applied',
        events: events.length,
        persons: changed.size,
        attempts: attempt,
        nextOffset: last + 1,
      };
    }
    throw new HubError(
      `Redis write of ${topic}[${partition}] lost ${maxAttempts} optimistic races in a row`,
      {
        code: 'READMODEL_CONTENTION',
        retriable: true,
      },
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
      const personKeys = unique.map((key) => this.keys.person(key));
      await this.redis.watch(...personKeys);
      const texts = await this.redis.mget(...personKeys);
      unique.forEach((key, index) =>
        loaded.set(key, parseStored(personKeys[index] ?? key, texts[index] ?? null)),
      );
    }
  }
}
