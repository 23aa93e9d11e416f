import type { BatchMessage, WindowPart } from '../redis/writer';

interface OpenPart {
  readonly topic: string;
  readonly partition: number;
  messages: BatchMessage[];
  startIfNone: number;
}

/**
 * Messages of several batches (several topic partitions of one writer) held back while the projector is far
 * behind, so that a person's events from many batches are derived and written once. Nothing here is in Redis
 * yet: dropping a window loses nothing, because Redis's offsets have not moved (the consumer seeks back to them).
 */
export class PendingWindow {
  private readonly parts = new Map<string, OpenPart>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /**
   * Adds a batch's messages (offset order). A batch that starts at or before messages already held for its
   * partition (kafkajs re-fetched after a seek) replaces them from its first offset on.
   */
  add(topic: string, partition: number, messages: readonly BatchMessage[], startIfNone: number): void {
    const first = messages[0]?.offset;
    if (first === undefined) return;
    const key = `${topic}:${partition}`;
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

  /** The first offset held per topic partition (where to seek back when a write fails). */
  firstOffsets(): { topic: string; partition: number; offset: number }[] {
    return [...this.parts.values()].flatMap((part) => {
      const offset = part.messages[0]?.offset;
      return offset === undefined ? [] : [{ topic: part.topic, partition: part.partition, offset }];
    });
  }

  /** Empties the window and answers what it held, in transactions of at most `max` messages each. */
  take(max: number): WindowPart[][] {
    const parts = [...this.parts.values()];
    this.parts.clear();
    this.count = 0;
    return splitWindow(parts, max);
  }

  clear(): void {
    this.parts.clear();
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
