import type { KafkaMessage } from 'kafkajs';
import type { InputRole, RoutedMarks } from './marks';
import type { RoutedInput } from './transaction';

/** A record taken for routing, with the input it came from. */
export interface Taken {
  readonly role: InputRole;
  readonly message: KafkaMessage;
}

interface Side {
  /** Records fetched and not yet routed, in offset order, from the first not routed. */
  records: KafkaMessage[];
  /** The offset after the last record routed here: a fetch made before that may hand routed ones again. */
  next: bigint;
  /** Whether the input had nothing after them when they were fetched (their fetch's high watermark). */
  caughtUp: boolean;
}

const ROLES: readonly InputRole[] = ['hospital', 'council'];

/**
 * How long records in hand wait for the other input, known to hold more, to be fetched: then they are routed
 * without it (a safety valve: a fetch brings every partition with records within a cycle or two).
 */
export const MAX_WAIT_MS = 10_000;
/**
 * The order in which partition p of the hospital and of the council topic (one set of persons) are routed:
 * their records merged by Kafka record timestamp — when each reached the hub — as they arrived, whatever the
 * order and size of the fetches that bring them. Kafka orders no two topics, and routing is not commutative:
 * a referral's cancellation stops the hospital events after it, so a router behind (after a restart, or
 * catching up a backlog) that read the hospital side first sent events the live router would not have.
 *
 * A record is taken when the other input's next record is known and later, or the other input is known to
 * have nothing more (caught up) — otherwise the merge waits for the other input's next fetch, as Kafka
 * Streams does for a task's partitions (KIP-353, KIP-695: it waits only for a partition known to hold more).
 * Ties go to the council side: a cancellation then stops what arrived in the same millisecond. `force`
 * (the other input kept silent too long) takes records without waiting.
 */
export class PartitionMerge {
  private readonly sides: Record<InputRole, Side>;

  constructor(caughtUp: Readonly<Record<InputRole, boolean>>) {
    this.sides = {
      hospital: { records: [], next: -1n, caughtUp: caughtUp.hospital },
      council: { records: [], next: -1n, caughtUp: caughtUp.council },
    };
  }

  /**
   * A fetch of `role` handed `records` (those of its batch not routed before: below the marks dropped), its
   * batch ending at `lastOffset` with the fetch's `highWatermark`. Records in hand already are not added twice.
   */
  deliver(
    role: InputRole,
    records: readonly KafkaMessage[],
    lastOffset: string,
    highWatermark: string,
  ): void {
    const side = this.sides[role];
    const held = side.records.at(-1);
    const from = held === undefined ? side.next : BigInt(held.offset) + 1n;
    for (const record of records) if (BigInt(record.offset) >= from) side.records.push(record);
    side.caughtUp = BigInt(lastOffset) + 1n >= BigInt(highWatermark);
  }

  /** After the marks were read again (a transaction in doubt): records in hand below them were routed. */
  skipRouted(markOf: (role: InputRole) => bigint | undefined): void {
    for (const role of ROLES) {
      const mark = markOf(role);
      const side = this.sides[role];
      if (mark === undefined) continue;
      side.records = side.records.filter((r) => BigInt(r.offset) >= mark);
      if (mark > side.next) side.next = mark;
    }
  }

  /** Whether `role` has records in hand. */
  holds(role: InputRole): boolean {
    return this.sides[role].records.length > 0;
  }

  /** How many records of `role` are in hand. */
  held(role: InputRole): number {
    return this.sides[role].records.length;
  }

  /** The records that may be routed now, in arrival order (not yet removed: see `routed`). */
  take(force = false): Taken[] {
    const { hospital, council } = this.sides;
    const taken: Taken[] = [];
    let h = 0;
    let c = 0;
    for (;;) {
      const next = pick(
        hospital.records[h],
        council.records[c],
        force || council.caughtUp,
        force || hospital.caughtUp,
      );
      if (next === undefined) return taken;
      taken.push({
        role: next,
        message: next === 'hospital' ? hospital.records[h++]! : council.records[c++]!,
      });
    }
  }

  /** After the records `take` gave were committed: they leave the hands; a forced take assumed the rest idle. */
  routed(taken: readonly Taken[], forced = false): void {
    for (const role of ROLES) {
      const count = taken.reduce((n, t) => (t.role === role ? n + 1 : n), 0);
      const side = this.sides[role];
      const last = side.records[count - 1];
      if (last !== undefined) side.next = BigInt(last.offset) + 1n;
      side.records = side.records.slice(count);
      if (forced && side.records.length === 0) side.caughtUp = true;
    }
  }
}

/** Which side's head goes next, or undefined to wait: `hospitalMay`/`councilMay`: with the other side empty. */
const pick = (
  hospital: KafkaMessage | undefined,
  council: KafkaMessage | undefined,
  hospitalMay: boolean,
  councilMay: boolean,
): InputRole | undefined => {
  if (hospital !== undefined && council !== undefined)
    return Number(council.timestamp) <= Number(hospital.timestamp) ? 'council' : 'hospital';
  if (hospital !== undefined) return hospitalMay ? 'hospital' : undefined;
  if (council !== undefined) return councilMay ? 'council' : undefined;
  return undefined;
};

/** Whether an input partition has nothing to route at a restore: empty, or routed to its end (its mark). */
export const caughtUpAt = (
  ends: { readonly low: bigint; readonly high: bigint } | undefined,
  mark: bigint | undefined,
): boolean => ends === undefined || ends.high <= ends.low || (mark !== undefined && mark >= ends.high);

/** Partition p's merge after a restore: an input counts as caught up when empty or routed to its end. */
export const mergeAtRestore = (
  p: number,
  ends: ReadonlyMap<string, { readonly low: bigint; readonly high: bigint }>,
  marks: RoutedMarks,
): PartitionMerge => {
  const at = (role: InputRole) => caughtUpAt(ends.get(`${role}:${p}`), marks.at(role, p));
  return new PartitionMerge({ hospital: at('hospital'), council: at('council') });
};

/** Each input of `taken`, hospital first: its topic, the offset of its last record taken, and the next. */
export const routedInputs = (
  taken: readonly Taken[],
  topics: Readonly<Record<InputRole, string>>,
): (RoutedInput & { readonly last: string })[] =>
  ROLES.flatMap((role) => {
    const last = taken.findLast((t) => t.role === role)?.message.offset;
    return last === undefined
      ? []
      : [{ role, topic: topics[role], last, next: (BigInt(last) + 1n).toString() }];
  });
