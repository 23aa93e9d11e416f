/**
 * One row per event id in constant memory: a bounded window of the most recent event ids of each
 * partition. The topics are at-least-once: a writer killed after Kafka stored its batch but before it saw
 * the acknowledgement writes the batch again when it (or the sender resending the unacknowledged message)
 * retries — the same event id, with the same key, so on the same partition, a few records later. The
 * window (default 10,000 ids per partition, ~1.5 MB each) covers every record a partition receives in the
 * minutes a retry can take at the hub's rates; a copy written further apart than that is outside the
 * window and exported twice (`homefirst project` and the projector still count it once).
 */
export const DEFAULT_DEDUPE_WINDOW = 10_000;

class RecentIds {
  private readonly ring: (string | undefined)[];
  private readonly ids = new Set<string>();
  private next = 0;

  constructor(private readonly size: number) {
    this.ring = new Array<string | undefined>(size);
  }

  /** true the first time an id is seen within the window; remembers it. */
  admit(id: string): boolean {
    if (this.ids.has(id)) return false;
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.ids.delete(evicted);
    this.ring[this.next] = id;
    this.ids.add(id);
    this.next = (this.next + 1) % this.size;
    return true;
  }
}

export class EventIdWindow {
  private readonly partitions = new Map<string, RecentIds>();
  /** The last partition admitted to: records come a batch of one partition at a time. */
  private last: { topic: string; partition: number; recent: RecentIds } | undefined;
  /** Records dropped as copies of an event id already exported. */
  duplicates = 0;

  constructor(private readonly size: number = DEFAULT_DEDUPE_WINDOW) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError('the dedupe window must be a positive integer');
  }

  /** Whether this record is the first of its event id on its topic partition within the window. */
  admit(topic: string, partition: number, eventId: string): boolean {
    const first = this.recentOf(topic, partition).admit(eventId);
    if (!first) this.duplicates += 1;
    return first;
  }

  private recentOf(topic: string, partition: number): RecentIds {
    const last = this.last;
    if (last !== undefined && last.topic === topic && last.partition === partition) return last.recent;
    const key = `${topic}:${partition}`;
    let recent = this.partitions.get(key);
    if (recent === undefined) {
      recent = new RecentIds(this.size);
      this.partitions.set(key, recent);
    }
    this.last = { topic, partition, recent };
    return recent;
  }
}
