import type { BatchMessage, WindowPart } from '../redis/writer';

/** A held message with its Kafka record time (ms). */
export interface HeldMessage extends BatchMessage {
  readonly timestamp: number;
}

interface OpenPart {
  readonly topic: string;
  readonly partition: number;
  messages: HeldMessage[];
  startIfNone: number;
}

/**
 * Messages of several batches (several topic partitions of one writer) held back while the projector is far
 * behind, so that a person's events from many batches are derived and written once. Nothing here is in Redis
 * yet: dropping a window loses nothing, because Redis's offsets have not moved (the consumer seeks back to them).
 */
export class PendingWindow {
  /** @param topics the co-partitioned topics a partition number has (hospital and council: 2). */
  constructor(private readonly topics = 2) {}

  private readonly parts = new Map<string, OpenPart>();
  private count = 0;
  /** Per topic partition: the record time its last batch reached, and whether it was still far behind. */
  private readonly reachedBy = new Map<
    string,
    { partition: number; timestamp: number; farBehind: boolean }
  >();

  get size(): number {
    return this.count;
  }

  /**
   * Adds a batch's messages (offset order). A batch that starts at or before messages already held for its
   * partition (kafkajs re-fetched after a seek) replaces them from its first offset on.
   */
  add(
    topic: string,
    partition: number,
    messages: readonly HeldMessage[],
    startIfNone: number,
    farBehind = false,
  ): void {
    const first = messages[0]?.offset;
    if (first === undefined) return;
    const key = `${topic}:${partition}`;
    this.reachedBy.set(key, { partition, timestamp: messages.at(-1)?.timestamp ?? 0, farBehind });
    const open = this.parts.get(key);
    if (open === undefined) {
      this.parts.set(key, { topic, partition, messages: [...messages], startIfNone });
      this.count += messages.length;
      return;
    }
    const before = open.messages.length;
    if ((open.messages.at(-1)?.offset ?? -1) >= first)
      open.messages = open.messages.filter((message) => message.offset < first);
    open.messages.push(...messages);
    open.startIfNone = startIfNone;
    this.count += open.messages.length - before;
  }

  /** Whether a topic partition of this window was still far behind at its last batch. */
  get farBehind(): boolean {
    for (const reached of this.reachedBy.values()) if (reached.farBehind) return true;
    return false;
  }

  /** The first offset held per topic partition (where to seek back when a write fails). */
  firstOffsets(): { topic: string; partition: number; offset: number }[] {
    return [...this.parts.values()].flatMap((part) => {
      const offset = part.messages[0]?.offset;
      return offset === undefined ? [] : [{ topic: part.topic, partition: part.partition, offset }];
    });
  }

  /** Empties the window and answers what it held, in transactions of at most `max` messages each. */
  take(max: number): WindowPart[][] {
    // Partition p of both topics next to each other, so a cut parts as few persons as it can.
    const parts = [...this.parts.values()].sort((a, b) => a.partition - b.partition);
    this.parts.clear();
    this.count = 0;
    return splitWindow(parts, max);
  }

  /**
   * Takes, per partition number, only the messages recorded up to where every topic of that partition still far
   * behind has got to (the earliest of their last batches' record times), so that a person's hospital and council
   * events are written together; the rest stays held (the pacer lets the topic behind catch up). Nothing to
   * take yet: nothing is taken, unless the window holds more than twice `limit` (then everything: memory first).
   */
  takeAligned(limit: number): WindowPart[][] {
    // Where each partition number's topics still far behind have got to (a topic caught up holds nothing back).
    const reached = new Map<number, number>();
    const topicsSeen = new Map<number, number>();
    for (const { partition, timestamp, farBehind } of this.reachedBy.values()) {
      topicsSeen.set(partition, (topicsSeen.get(partition) ?? 0) + 1);
      if (farBehind)
        reached.set(partition, Math.min(reached.get(partition) ?? Number.POSITIVE_INFINITY, timestamp));
    }
    // Far behind with a topic of the partition not read yet: hold it back (its persons' other half is to come).
    // A partition with no topic far behind is not held at all (live traffic is never held for alignment).
    for (const [partition, seen] of topicsSeen)
      if (seen < this.topics && reached.has(partition)) reached.set(partition, Number.NEGATIVE_INFINITY);
    const taken: WindowPart[] = [];
    let count = 0;
    for (const part of this.parts.values()) {
      const until = reached.get(part.partition) ?? Number.POSITIVE_INFINITY;
      let end = 0;
      while (end < part.messages.length && (part.messages[end]?.timestamp ?? 0) < until) end += 1;
      if (end > 0) taken.push({ ...part, messages: part.messages.slice(0, end) });
      count += end;
    }
    if (count === 0) return this.count > 2 * limit ? [this.take(Number.POSITIVE_INFINITY).flat()] : [];
    for (const part of taken) {
      const open = this.parts.get(`${part.topic}:${part.partition}`);
      if (open === undefined) continue;
      open.messages = open.messages.slice(part.messages.length);
      if (open.messages.length === 0) this.parts.delete(`${part.topic}:${part.partition}`);
    }
    this.count -= count;
    // One transaction: cutting it would part a person's hospital events from their council ones again.
    return [taken];
  }

  clear(): void {
    this.parts.clear();
    this.reachedBy.clear();
    this.count = 0;
  }
}

/** Cuts parts into transactions of at most `max` messages (a part may span two transactions, in offset order). */
export function splitWindow(parts: readonly WindowPart[], max: number): WindowPart[][] {
  const limit = Math.max(1, max);
  const transactions: WindowPart[][] = [];
  let current: WindowPart[] = [];
  let room = limit;
  for (const part of parts) {
    for (let start = 0; start < part.messages.length;) {
      const slice = part.messages.slice(start, start + room);
      current.push({ ...part, messages: slice });
      start += slice.length;
      room -= slice.length;
      if (room === 0) {
        transactions.push(current);
        current = [];
        room = limit;
      }
    }
  }
  if (current.length > 0) transactions.push(current);
  return transactions;
}
