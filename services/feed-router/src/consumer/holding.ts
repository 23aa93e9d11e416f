import type { Consumer } from 'kafkajs';
import type { InputRole } from './marks';
import { MAX_WAIT_MS, type PartitionMerge } from './merge';
import { recordHeld } from './metrics';

const ROLES: readonly InputRole[] = ['hospital', 'council'];

/**
 * What the router does about records a merge holds (merge.ts): kafkajs' position moves past every record as
 * it is fetched, so an input partition holding records that wait for the other input is paused — its next
 * fetches would only add to them — and resumed once it holds none. A partition holding records longer than
 * MAX_WAIT_MS without progress has them routed anyway (`later`, forced), and a failed commit is tried again
 * the same way: kafkajs will not hand over records it has already handed over.
 */
export class Holding {
  private readonly paused = new Set<string>();
  private readonly timers = new Map<number, NodeJS.Timeout>();

  constructor(
    private readonly consumer: Pick<Consumer, 'pause' | 'resume'>,
    private readonly topics: Readonly<Record<InputRole, string>>,
    /** Routes what partition p holds, from memory: `force` takes records without waiting for the other input. */
    private readonly later: (partition: number, force: boolean) => void,
  ) {}

  /** After routing on partition p (`progressed`: something was taken): pauses, resumes, arms the valve. */
  update(partition: number, merge: PartitionMerge, progressed: boolean): void {
    let holding = false;
    for (const role of ROLES) {
      const key = `${role}:${partition}`;
      const topicPartitions = [{ topic: this.topics[role], partitions: [partition] }];
      recordHeld(this.topics[role], partition, merge.held(role));
      if (merge.holds(role)) {
        holding = true;
        if (!this.paused.has(key)) this.consumer.pause(topicPartitions);
        this.paused.add(key);
      } else if (this.paused.delete(key)) this.consumer.resume(topicPartitions);
    }
    if (progressed || !holding) this.cancel(partition);
    if (holding && !this.timers.has(partition)) this.schedule(partition, MAX_WAIT_MS, true);
  }

  /** Routes partition p's held records after `ms` (replacing any timer of p). */
  schedule(partition: number, ms: number, force: boolean): void {
    this.cancel(partition);
    const timer = setTimeout(() => {
      this.timers.delete(partition);
      this.later(partition, force);
    }, ms);
    this.timers.set(partition, timer.unref());
  }

  /** After a (re)assignment: nothing paused, nothing scheduled (what was held is dropped). */
  reset(): void {
    for (const key of this.paused) {
      const [role, partition] = key.split(':') as [InputRole, string];
      this.consumer.resume([{ topic: this.topics[role], partitions: [Number(partition)] }]);
    }
    this.clear();
  }

  /**
   * At a stop: nothing scheduled, the pauses forgotten without resuming them — the consumer is stopping, or
   * has crashed, and kafkajs throws at a resume of a consumer that is not running.
   */
  clear(): void {
    for (const partition of [...this.timers.keys()]) this.cancel(partition);
    for (const key of this.paused) {
      const [role, partition] = key.split(':') as [InputRole, string];
      recordHeld(this.topics[role], Number(partition), 0);
    }
    this.paused.clear();
  }

  private cancel(partition: number): void {
    clearTimeout(this.timers.get(partition));
    this.timers.delete(partition);
  }
}
