/**
 * Fetch sizes: a larger batch writes each changed person's state once for more of their events (on
 * bench:route's backlog of 123,000 events, 2 MiB per partition wrote 43,000 state records where 512 KiB
 * wrote 66,000, and routed 15% faster). The bench's bare loop fetches the same. A fetch that finds nothing
 * waits at most a second (kafkajs: 5 s): stopping waits for the fetch in flight, so a stop took 5 s.
 */
export const ROUTER_FETCH = {
  maxBytes: 8_388_608,
  maxBytesPerPartition: 2_097_152,
  maxWaitTimeInMs: 1_000,
} as const;

export interface FeedRouterCounts {
  consumed: number;
  routed: number;
  /** Feed events for councils this router does not serve (no feed topic): not written. */
  unserved: number;
  /** Messages no build can read (the projector dead-letters them); skipped here. */
  unreadable: number;
  transactions: number;
  /** Routing state records written (one per changed person per transaction). */
  stateWrites: number;
  /** Events read again from the hospital topic: referred to by state restored, not consumed since. */
  reread: number;
  /** Records handed over again that a committed transaction had routed (below a mark): skipped. */
  skipped: number;
  /** People forgotten (routing/forget.ts): dropped from memory, tombstoned in the state topic. */
  forgotten: number;
  /** Feed events sent to councils added after their partition was routed (backfill.ts). */
  backfilled: number;
}

/** Counts of a router that has done nothing yet. */
export const zeroCounts = (): FeedRouterCounts => ({
  consumed: 0,
  routed: 0,
  unserved: 0,
  unreadable: 0,
  transactions: 0,
  stateWrites: 0,
  reread: 0,
  skipped: 0,
  forgotten: 0,
  backfilled: 0,
});

/**
 * The prefix of the throwaway groups the router reads history in (its state, events read again, a backfill):
 * under its own group id, so the group ACLs of its Kafka principal (`homefirst-feed-router*`) allow them.
 */
export const historyGroupOf = (groupId: string): string => `${groupId}.history`;
