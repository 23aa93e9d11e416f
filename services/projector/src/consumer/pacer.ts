interface Seen {
  readonly timestamp: number;
  readonly lag: number;
}

export interface PacerOptions {
  /** The co-partitioned topic whose partition p goes with this topic's p. */
  readonly siblingOf: (topic: string) => string;
  /** A partition this many messages or fewer from its end is caught up: never paused, and resumes its sibling. */
  readonly farBehind: number;
  /** How far (Kafka record time, ms) a partition may run ahead of its sibling before it is paused (default 0). */
  readonly aheadMs?: number;
  /** Longest pause (default 5 s): a sibling that stops delivering never holds a partition for long. */
  readonly maxPauseMs?: number;
  readonly pause: (topic: string, partition: number) => void;
  readonly resume: (topic: string, partition: number) => void;
}

/**
 * Keeps hospital-p and council-p of a rebuild together in record time. kafkajs fetches equal bytes of every
 * partition, so the topic with more messages per person falls behind in person order and a person's hospital and
 * council events land in windows far apart (derived and written twice, read back in between). While both are far
 * behind, the one more than `aheadMs` ahead of its sibling (by the Kafka timestamp of its last record) is paused
 * until the sibling catches up, gets close to its end, or `maxPauseMs` passes. Caught up, nothing is paused.
 */
export class PartitionPacer {
  private readonly seenBy = new Map<string, Seen>();
  private readonly paused = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: PacerOptions) {}

  /** A batch of `topic`/`partition` ending with a record of `timestamp`, `lag` records before the end. */
  seen(topic: string, partition: number, timestamp: number, lag: number): void {
    const key = `${topic}:${partition}`;
    this.seenBy.set(key, { timestamp, lag });
    const siblingTopic = this.options.siblingOf(topic);
    const siblingKey = `${siblingTopic}:${partition}`;
    const sibling = this.seenBy.get(siblingKey);
    const farBehind = this.options.farBehind;
    if (
      this.paused.has(siblingKey) &&
      (sibling === undefined || timestamp >= sibling.timestamp || lag <= farBehind)
    )
      this.resume(siblingTopic, partition);
    if (
      sibling !== undefined &&
      !this.paused.has(siblingKey) &&
      !this.paused.has(key) &&
      lag > farBehind &&
      sibling.lag > farBehind &&
      timestamp > sibling.timestamp + (this.options.aheadMs ?? 0)
    ) {
      this.options.pause(topic, partition);
      const timer = setTimeout(() => this.resume(topic, partition), this.options.maxPauseMs ?? 5_000);
      timer.unref();
      this.paused.set(key, timer);
    }
  }

  private resume(topic: string, partition: number): void {
    const key = `${topic}:${partition}`;
    const timer = this.paused.get(key);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.paused.delete(key);
    this.options.resume(topic, partition);
  }

  /** Resumes everything and forgets what was seen (a new assignment). */
  reset(): void {
    for (const key of [...this.paused.keys()]) {
      const cut = key.lastIndexOf(':');
      this.resume(key.slice(0, cut), Number(key.slice(cut + 1)));
    }
    this.seenBy.clear();
  }
}
