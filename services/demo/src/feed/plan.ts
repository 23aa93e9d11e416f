import type { Fact } from '../model/facts';
import { hours } from '../model/london-time';
import type { CityParameters } from '../model/parameters';
import { Random } from '../model/random';
import type { CitySimulation } from '../model/simulate';

/**
 * From facts to a feed: which edge each fact travels through, when the source system actually sends
 * it, and the dirt real feeds have. Pure and seeded, like the simulation.
 *
 * - The trust's feed is split by patient: `feed.hl7v2Share` of people go through HL7 v2 over MLLP, the
 *   rest through FHIR. Council facts go to the council REST endpoint.
 * - Each fact becomes exactly one clean delivery, plus at most one kind of dirt:
 *   duplicate  — the same message (same id, same bytes) is sent again a little later;
 *   late       — it is sent hours after it happened, so later messages overtake it;
 *   malformed  — a broken copy (bad NHS number check digit, or cut off mid-segment) goes first, with its
 *                own message id; the corrected message follows (`corrected`), as an interface team would
 *                resend it after the error ACK.
 */

export type Channel = 'HL7V2' | 'FHIR' | 'COUNCIL';
export type Dirt = 'duplicate' | 'late' | 'malformed' | 'corrected';
export type Malformation = 'BAD_NHS_NUMBER' | 'TRUNCATED';

export interface Delivery {
  /** Position in the feed, 0-based. */
  readonly seq: number;
  /** Simulated time the source system sends it. */
  readonly sendAt: Date;
  readonly channel: Channel;
  readonly fact: Fact;
  /** MSH-10, Bundle.id or council recordId. Unique per message; a duplicate repeats its original's. */
  readonly messageId: string;
  readonly dirt: Dirt | null;
  readonly malformation: Malformation | null;
}

export interface FeedCounts {
  readonly deliveries: number;
  readonly byChannel: Readonly<Record<Channel, number>>;
  readonly duplicates: number;
  readonly late: number;
  readonly malformed: number;
  /** Late deliveries that really were overtaken by a later message of the same person. */
  readonly outOfOrder: number;
}

export interface FeedPlan {
  readonly deliveries: readonly Delivery[];
  readonly counts: FeedCounts;
}

export function channelOf(fact: Fact, seed: number, params: CityParameters): Channel {
  if (fact.side === 'council') return 'COUNCIL';
  return Random.of(seed, 'trust-channel', fact.person.index).chance(params.feed.hl7v2Share)
    ? 'HL7V2'
    : 'FHIR';
}

export function planFeed(simulation: CitySimulation): FeedPlan {
  const { seed, parameters: params } = simulation;
  const feed = params.feed;
  const drafts: Omit<Delivery, 'seq'>[] = [];
  let duplicates = 0;
  let late = 0;
  let malformed = 0;

  const endMs = simulation.end.getTime();
  const plus = (at: Date, ms: number): Date => new Date(Math.min(at.getTime() + ms, endMs));
  for (const fact of simulation.facts) {
    const channel = channelOf(fact, seed, params);
    const r = Random.of(seed, 'dirt', fact.id);
    const u = r.next();
    const clean = { channel, fact, messageId: fact.id, malformation: null };
    if (u < feed.malformedShare) {
      malformed += 1;
      drafts.push({
        ...clean,
        sendAt: fact.at,
        messageId: `${fact.id}M`,
        dirt: 'malformed',
        malformation: r.chance(0.5) ? 'BAD_NHS_NUMBER' : 'TRUNCATED',
      });
      drafts.push({
        ...clean,
        sendAt: plus(fact.at, r.lognormal(feed.correctedAfterMinutes) * 60_000),
        dirt: 'corrected',
      });
    } else if (u < feed.malformedShare + feed.lateShare) {
      late += 1;
      drafts.push({ ...clean, sendAt: plus(fact.at, hours(r.lognormal(feed.lateByHours))), dirt: 'late' });
    } else if (u < feed.malformedShare + feed.lateShare + feed.duplicateShare) {
      duplicates += 1;
      drafts.push({ ...clean, sendAt: fact.at, dirt: null });
      drafts.push({
        ...clean,
        sendAt: plus(fact.at, r.lognormal(feed.duplicateAfterSeconds) * 1000),
        dirt: 'duplicate',
      });
    } else {
      drafts.push({ ...clean, sendAt: fact.at, dirt: null });
    }
  }

  // Stable: deliveries sent at the same moment keep the order their facts happened in.
  drafts.sort((a, b) => a.sendAt.getTime() - b.sendAt.getTime());
  const deliveries = drafts.map((draft, seq) => ({ ...draft, seq }));
  return { deliveries, counts: countsOf(deliveries, duplicates, late, malformed) };
}

function countsOf(
  deliveries: readonly Delivery[],
  duplicates: number,
  late: number,
  malformed: number,
): FeedCounts {
  const byChannel = { HL7V2: 0, FHIR: 0, COUNCIL: 0 };
  let outOfOrder = 0;
  const latestFactAt = new Map<string, number>(); // per person and channel: the newest fact already sent
  for (const delivery of deliveries) {
    byChannel[delivery.channel] += 1;
    const key = `${delivery.channel}:${delivery.fact.person.index}`;
    const at = delivery.fact.at.getTime();
    const newest = latestFactAt.get(key) ?? -Infinity;
    if (delivery.dirt === 'late' && at < newest) outOfOrder += 1;
    latestFactAt.set(key, Math.max(newest, at));
  }
  return { deliveries: deliveries.length, byChannel, duplicates, late, malformed, outOfOrder };
}
