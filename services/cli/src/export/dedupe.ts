import { hash } from 'node:crypto';

/**
 * One row per event id and content in constant memory: a bounded window of the most recent event ids of each
 * partition, with a digest of what each says. The topics are at-least-once: a writer killed after Kafka stored its batch but before it saw
 * the acknowledgement writes the batch again when it (or the sender resending the unacknowledged message)
 * retries — the same event id, with the same key, so on the same partition, a few records later. The
 * window (default 10,000 ids per partition, ~1.5 MB each; up to ~6 MB where records are kept in place of
 * digests, see `admitRecord`) covers every record a partition receives in the
 * minutes a retry can take at the hub's rates; a copy written further apart than that is outside the
 * window and exported twice (`homefirst project` and the projector still count it once).
 *
 * A copy that says something else (another content digest, `contentOf`) is not a duplicate but a later
 * version of the event — `homefirst remap` publishes a corrected event under the same id with a later
 * recordedAt — and is exported as its own row: the row with the latest recordedAt is current, as in the
 * projector and `homefirst project`.
 */
export const DEFAULT_DEDUPE_WINDOW = 10_000;

/**
 * What an event says, as a short digest: its type, person, event time and payload — not when or in which
 * request it was recorded (recordedAt, correlationId), which a resend sets anew. Copies decoded by the same
 * codec serialise their fields in the same order. ~1 µs an event.
 */
/** JSON.stringify's replacer: a Buffer (raw and dead-letter bodies) as base64, not an array of bytes. */
function bytesAsBase64(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  return Buffer.isBuffer(original) ? original.toString('base64') : value;
}

export const contentOf = (event: {
  readonly type: string;
  readonly occurredAt: Date;
  readonly payload: unknown;
  readonly personKey?: string | null;
}): string =>
  hash(
    'sha1',
    `${event.type}|${event.occurredAt.getTime()}|${event.personKey ?? ''}|${JSON.stringify(event.payload, bytesAsBase64)}`,
    'base64',
  );

/** What the event needs for its digest (`contentOf`). */
export type ContentFields = Parameters<typeof contentOf>[0];

/**
 * Reads a kept record back (the codec's synchronous decode: its schema was read when it was admitted);
 * undefined when it cannot.
 */
export type ReadKept = (value: Buffer) => ContentFields | undefined;

/**
 * A record's value at most this long is kept (copied) in place of its digest: most event ids never come
 * again, and a copy costs a fraction of a digest; the digest is taken only when the id does come again.
 * Longer ones (raw and dead-letter bodies) are digested at once, so a window never holds more than this
 * many bytes an id.
 */
const MAX_KEPT_BYTES = 512;
/** Kept values are copied into slabs of this size, one partition's in its own, so eviction frees them in order. */
const SLAB_BYTES = 64 * 1024;

class RecentIds {
  private readonly ring: (string | undefined)[];
  /** id → content digest of its latest version, or the bytes it was read from (digested when needed). */
  private readonly ids = new Map<string, string | Buffer>();
  private next = 0;
  private slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
  private slabUsed = 0;

  constructor(
    private readonly size: number,
    private readonly read: ReadKept | undefined,
  ) {
    this.ring = new Array<string | undefined>(size);
  }

  /** true unless the id was seen within the window with the same content; remembers it. */
  admit(id: string, content: string): boolean {
    const known = this.ids.get(id);
    if (known === undefined) {
      this.remember(id, content);
      return true;
    }
    if (this.digestOf(known) === content) return false;
    this.ids.set(id, content); // a later version: exported, and now the one copies are compared with
    return true;
  }

  /** `admit` of a record read from `value`, its digest taken only if its id was seen. */
  admitRecord(id: string, value: Buffer, event: ContentFields): boolean {
    const known = this.ids.get(id);
    if (known === undefined) {
      this.remember(id, value.length <= MAX_KEPT_BYTES ? this.keep(value) : contentOf(event));
      return true;
    }
    if (typeof known !== 'string' && known.equals(value)) return false; // the same bytes say the same
    return this.admit(id, contentOf(event));
  }

  private remember(id: string, content: string | Buffer): void {
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.ids.delete(evicted);
    this.ring[this.next] = id;
    this.ids.set(id, content);
    this.next = (this.next + 1) % this.size;
  }

  private keep(value: Buffer): Buffer {
    if (this.slabUsed + value.length > SLAB_BYTES) {
      this.slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
      this.slabUsed = 0;
    }
    const start = this.slabUsed;
    this.slabUsed += value.copy(this.slab, start);
    return this.slab.subarray(start, this.slabUsed);
  }

  /** A kept record's digest; one that cannot be read back matches nothing (its id is exported again). */
  private digestOf(known: string | Buffer): string | undefined {
    if (typeof known === 'string') return known;
    try {
      const event = this.read?.(known);
      return event === undefined ? undefined : contentOf(event);
    } catch {
      return undefined;
    }
  }
}

export class EventIdWindow {
  private readonly partitions = new Map<string, RecentIds>();
  /** The last partition admitted to: records come a batch of one partition at a time. */
  private last: { topic: string; partition: number; recent: RecentIds } | undefined;
  /** Records dropped as copies of an event id already exported. */
  duplicates = 0;

  /**
   * `read` reads back a record kept by `admitRecord` (whose digest was deferred); without it, use `admit`
   * with digests.
   */
  constructor(
    private readonly size: number = DEFAULT_DEDUPE_WINDOW,
    private readonly read?: ReadKept,
  ) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError('the dedupe window must be a positive integer');
  }

  /**
   * Whether this record is the first of its event id with this content (`contentOf`) on its topic
   * partition within the window.
   */
  admit(topic: string, partition: number, eventId: string, content = ''): boolean {
    const first = this.recentOf(topic, partition).admit(eventId, content);
    if (!first) this.duplicates += 1;
    return first;
  }

  /**
   * `admit` for a record read from `value` (a Kafka record's value) as `event`: the same answer, but the
   * digest is taken only when the id was seen before (its earlier copy is read back with `read`).
   */
  admitRecord(
    topic: string,
    partition: number,
    eventId: string,
    value: Buffer,
    event: ContentFields,
  ): boolean {
    const first = this.recentOf(topic, partition).admitRecord(eventId, value, event);
    if (!first) this.duplicates += 1;
    return first;
  }

  private recentOf(topic: string, partition: number): RecentIds {
    const last = this.last;
    if (last !== undefined && last.topic === topic && last.partition === partition) return last.recent;
    const key = `${topic}:${partition}`;
    let recent = this.partitions.get(key);
    if (recent === undefined) {
      recent = new RecentIds(this.size, this.read);
      this.partitions.set(key, recent);
    }
    this.last = { topic, partition, recent };
    return recent;
  }
}
