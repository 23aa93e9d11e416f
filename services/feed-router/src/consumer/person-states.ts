import { isForgettable } from '../routing/forget';
import type { PersonRouting } from '../routing/state';

/** How far (event time) a partition's newest event moves between two looks for people to forget. */
const SWEEP_EVERY_MS = 24 * 3_600_000;

/**
 * The routing states in memory, by input partition, and which people may be forgotten (routing/forget.ts).
 * "Now" for a partition is its newest event time — never wall-clock time, so a replay forgets the same people
 * as the live run did — and an event time later than its Kafka record's timestamp counts as that timestamp,
 * so one event dated in the future cannot make a partition forget everyone.
 */
export class PersonStates {
  private readonly byPartition = new Map<number, Map<string, PersonRouting>>();
  private readonly newest = new Map<number, number>();
  private readonly sweptAt = new Map<number, number>();
  /** A look `due` made whose transaction has not committed yet: it counts once `committed` says so. */
  private readonly looking = new Map<number, number>();

  get size(): number {
    let size = 0;
    for (const states of this.byPartition.values()) size += states.size;
    return size;
  }

  get(partition: number, personKey: string): PersonRouting | undefined {
    return this.byPartition.get(partition)?.get(personKey);
  }

  set(partition: number, personKey: string, state: PersonRouting): void {
    let states = this.byPartition.get(partition);
    if (states === undefined) this.byPartition.set(partition, (states = new Map<string, PersonRouting>()));
    states.set(personKey, state);
  }

  delete(partition: number, personKey: string): void {
    this.byPartition.get(partition)?.delete(personKey);
  }

  clear(): void {
    this.byPartition.clear();
    this.newest.clear();
    this.sweptAt.clear();
    this.looking.clear();
  }

  /** Notes an event of the partition: its event time and its Kafka record's timestamp, epoch ms. */
  observe(partition: number, occurredAt: number, timestamp: number): void {
    const at = occurredAt < timestamp ? occurredAt : timestamp;
    if (at > (this.newest.get(partition) ?? Number.NEGATIVE_INFINITY)) this.newest.set(partition, at);
  }

  /**
   * The people of the partition to forget with this batch (its changed states given, newer than memory's),
   * once a day of event time has passed since the last look whose batch committed; none otherwise.
   */
  due(partition: number, changed: ReadonlyMap<string, PersonRouting>): string[] {
    const now = this.newest.get(partition);
    if (now === undefined) return [];
    const last = this.sweptAt.get(partition);
    if (last !== undefined && now < last + SWEEP_EVERY_MS) return [];
    this.looking.set(partition, now);
    const due: string[] = [];
    for (const [personKey, stored] of this.byPartition.get(partition) ?? [])
      if (isForgettable(changed.get(personKey) ?? stored, now)) due.push(personKey);
    for (const [personKey, state] of changed)
      if (!this.byPartition.get(partition)?.has(personKey) && isForgettable(state, now)) due.push(personKey);
    return due;
  }

  /**
   * A batch of the partition committed: its changed states kept, its forgotten people gone, and its look (if
   * `due` made one) counts. A batch that failed looks again when its records are routed again.
   */
  committed(
    partition: number,
    changed: ReadonlyMap<string, PersonRouting>,
    forgotten: readonly string[],
  ): void {
    for (const [personKey, state] of changed) this.set(partition, personKey, state);
    for (const personKey of forgotten) this.delete(partition, personKey);
    const at = this.looking.get(partition);
    if (at === undefined) return;
    this.sweptAt.set(partition, at);
    this.looking.delete(partition);
  }
}
