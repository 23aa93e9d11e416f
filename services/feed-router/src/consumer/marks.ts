import type { KafkaMessage, Message } from 'kafkajs';
import { recordSkipped } from './metrics';
import type { FeedRouterCounts } from './settings';

/**
 * How far routing of each input partition has reached, kept in the state topic beside the persons' states
 * and written in the same transaction: on partition p, key `@routed/hospital` or `@routed/council`, value
 * the next offset to route (decimal). Person keys are base64url digests and never start with `@`.
 *
 * Why not the group's committed offsets alone: a transaction's offsets become visible to an OffsetFetch
 * only once its commit markers reach `__consumer_offsets`, after `commit()` returned. A member that rejoins
 * in that window (kafkajs has no `require_stable`, KIP-447) starts from the older offset and would route
 * the same records again — hospital events are deduplicated by the persons' deliveries, council events
 * would be sent twice. The state topic, read committed after the partition's producer fenced the previous
 * owner, has every committed transaction's records; so do the marks, and records below them are skipped.
 */
export type InputRole = 'hospital' | 'council';

const PREFIX = '@routed/';

/** The state topic key of an input's mark, or undefined when `key` is a person's. */
export const roleOfMarkKey = (key: string): InputRole | undefined =>
  key === `${PREFIX}hospital` ? 'hospital' : key === `${PREFIX}council` ? 'council' : undefined;

/** The state topic record saying partition `partition` of the input is routed below `nextOffset`. */
export const markRecord = (role: InputRole, partition: number, nextOffset: string): Message => ({
  key: `${PREFIX}${role}`,
  value: Buffer.from(nextOffset, 'utf8'),
  partition,
});

/** The marks read back at a restore, by input partition; records below a mark were routed. */
export class RoutedMarks {
  private readonly below = new Map<string, bigint>();

  constructor(private readonly counts: Pick<FeedRouterCounts, 'skipped'>) {}

  clear(): void {
    this.below.clear();
  }

  /** Records a mark read from the state topic (a later one of the same partition replaces it). */
  set(role: InputRole, partition: number, value: Buffer): void {
    const text = value.toString('utf8');
    if (!/^\d+$/.test(text))
      throw new Error(`routing mark of ${role} partition ${partition} is not an offset`);
    this.below.set(`${role}:${partition}`, BigInt(text));
  }

  /** The partition's mark as read at the restore (until a batch past it was handed over), if any. */
  at(role: InputRole, partition: number): bigint | undefined {
    return this.below.get(`${role}:${partition}`);
  }

  /** The batch's records not yet routed: those at or above the partition's mark. */
  unrouted(role: InputRole, partition: number, messages: KafkaMessage[]): KafkaMessage[] {
    const below = this.below.get(`${role}:${partition}`);
    if (below === undefined || messages.length === 0) return messages;
    if (BigInt(messages[0]!.offset) >= below) {
      // The position is past the mark: no later batch of this partition can be below it.
      this.below.delete(`${role}:${partition}`);
      return messages;
    }
    const unrouted = messages.filter((m) => BigInt(m.offset) >= below);
    this.counts.skipped += messages.length - unrouted.length;
    recordSkipped(messages.length - unrouted.length);
    return unrouted;
  }
}
