import { counterOnce, gaugeOnce } from '@homefirst/runtime';
import type { Message } from 'kafkajs';

/**
 * Prometheus metrics of the feed router (on its ops port's `/metrics`), updated once per committed batch:
 * nothing per event. Shared by every router of the process (tests run several).
 */
const metrics = () => ({
  consumed: counterOnce<'topic'>(
    'homefirst_feed_router_events_total',
    'Hospital and council events the feed router has routed (committed), by input topic',
    ['topic'],
  ),
  feedEvents: counterOnce<'topic'>(
    'homefirst_feed_router_feed_events_total',
    "Feed events written (committed) to councils' feed topics, by feed topic",
    ['topic'],
  ),
  stateWrites: counterOnce('homefirst_feed_router_state_writes_total', 'Routing state records written'),
  backfilled: counterOnce<'topic'>(
    'homefirst_feed_router_backfilled_total',
    'Feed events written (committed) to councils added after their partition was routed: what they missed, by feed topic',
    ['topic'],
  ),
  transactions: counterOnce<'outcome'>(
    'homefirst_feed_router_transactions_total',
    'Kafka transactions of the feed router, committed or aborted',
    ['outcome'],
  ),
  reread: counterOnce(
    'homefirst_feed_router_reread_total',
    'Events read again from the hospital topic after a restore, for a referral that needed them',
  ),
  skipped: counterOnce(
    'homefirst_feed_router_skipped_total',
    'Records handed over again (a rejoin, a transaction in doubt) that a committed transaction had routed: skipped',
  ),
  forgotten: counterOnce(
    'homefirst_feed_router_forgotten_total',
    'People forgotten by the feed router (nothing open, last remembered event long past): state tombstoned',
  ),
  held: gaugeOnce<'topic' | 'partition'>(
    'homefirst_feed_router_held',
    'Records of an input partition fetched and waiting for the other input (routing in arrival order); its fetching paused meanwhile',
    ['topic', 'partition'],
  ),
  persons: gaugeOnce(
    'homefirst_feed_router_persons',
    'People whose routing state this router holds in memory',
  ),
  lag: gaugeOnce<'topic' | 'partition'>(
    'homefirst_feed_router_lag',
    'Records of an input partition not yet routed after the last committed batch (high watermark − next offset)',
    ['topic', 'partition'],
  ),
});

/** After a backfill transaction committed (backfill.ts): the feed events it wrote. */
export function recordBackfilled(feeds: ReadonlyMap<string, readonly Message[]>): void {
  const m = metrics();
  for (const [topic, messages] of feeds) m.backfilled.inc({ topic }, messages.length);
}

/** After a transaction committed: the feed events and states it wrote. */
export function recordCommitted(feeds: ReadonlyMap<string, readonly Message[]>, stateWrites: number): void {
  const m = metrics();
  for (const [topic, messages] of feeds) m.feedEvents.inc({ topic }, messages.length);
  m.stateWrites.inc(stateWrites);
  m.transactions.inc({ outcome: 'committed' });
}

/** After a transaction committed: the records of one input partition it routed, and how far behind that is. */
export function recordRouted(
  input: { readonly topic: string; readonly partition: number; readonly highWatermark: string },
  routed: number,
  lastOffset: string,
): void {
  const m = metrics();
  m.consumed.inc({ topic: input.topic }, routed);
  const behind = BigInt(input.highWatermark) - BigInt(lastOffset) - 1n;
  m.lag.set({ topic: input.topic, partition: String(input.partition) }, Number(behind > 0n ? behind : 0n));
}

export const recordAborted = (): void => metrics().transactions.inc({ outcome: 'aborted' });

export const recordReread = (events: number): void => metrics().reread.inc(events);

export const recordSkipped = (records: number): void => metrics().skipped.inc(records);

/** After a committed batch: the people it forgot, and how many the router still holds. */
export function recordForgotten(forgotten: number, persons: number): void {
  const m = metrics();
  if (forgotten > 0) m.forgotten.inc(forgotten);
  m.persons.set(persons);
}

/** How many records an input partition holds, waiting for the other input (holding.ts). */
export const recordHeld = (topic: string, partition: number, records: number): void =>
  metrics().held.set({ topic, partition: String(partition) }, records);
