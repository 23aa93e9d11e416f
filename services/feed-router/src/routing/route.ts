import type { CouncilEvent, FeedEvent, HospitalEvent, SpellReadiness } from '@homefirst/schemas';
import {
  addressed,
  feedTemplateOf,
  isFeedCouncilType,
  isRoutable,
  type FeedTemplate,
  type SourceEvent,
} from './feed-event';
import { readinessAfter } from './readiness';
import {
  EMPTY_ROUTING,
  KEPT_STAYS,
  LINK_AFTER_END_MS,
  LINK_BEFORE_ADMISSION_MS,
  type Delivery,
  type FeedOrder,
  type PersonRouting,
  type Referral,
  type Stay,
  type StayEvent,
} from './state';

/**
 * The outcome of routing one event: the person's new state and the feed events to write, in order — as
 * orders (which source event to which council); the shell fills in each source event's minimised payload.
 */
export interface Routed {
  readonly state: PersonRouting;
  readonly feed: readonly FeedOrder[];
}

/**
 * The routing decision (pure): given a person's routing state and their next hospital or council event,
 * the new state and the feed events it causes.
 *
 * - A council event goes to the feed of the council that sent it (`source.orgCode`, its LA code).
 * - A referral belongs to the stay open when it was made (the latest admission at or before it, not ended
 *   more than a day before it). From then on that council gets the stay's hospital events, including the
 *   ones before the referral (sent first, in stream order), until the stay ends (the person left
 *   hospital). Events after a referral's cancellation are not sent for it.
 * - A person referred to two councils is in both feeds; each feed event id is derived from the source
 *   event id and the LA code, and a council is sent each source event at most once.
 * - A readiness declaration that repeats the one in force for its stay (same DRD, time, pathway and reason,
 *   still ready: @homefirst/schemas readiness/repeat-declaration.ts) is sent to nobody.
 *
 * Same state and event, same result: the router's restart and replay guarantees rest on this.
 */
export const route = (state: PersonRouting, event: SourceEvent, offset: string): Routed => {
  if (!isRoutable(event)) return { state, feed: [] };
  if (isCouncilEvent(event))
    return routeCouncilEvent(state, event, {
      laCode: event.source.orgCode,
      sourceEventId: event.eventId,
      offset,
    });
  const spellId = spellIdOf(state, event);
  if (spellId === null) return { state, feed: [] };
  const withEvent = withStayEvent(state, event, spellId, {
    sourceEventId: event.eventId,
    occurredAt: event.occurredAt.getTime(),
    offset,
  });
  return deliver(linkPending(withEvent));
};

const isCouncilEvent = (event: SourceEvent): event is CouncilEvent => isFeedCouncilType(event.type);

/** The stay a hospital event belongs to: its spellId, else the latest stay (PatientDied without one). */
const spellIdOf = (state: PersonRouting, event: HospitalEvent): string | null => {
  const payload = event.payload as { readonly spellId?: string | null };
  if (typeof payload.spellId === 'string') return payload.spellId;
  return state.stays.at(-1)?.spellId ?? null;
};

const ENDS_STAY: ReadonlySet<string> = new Set(['PatientDischarged', 'PatientDied', 'AdmissionCancelled']);

const withStayEvent = (
  state: PersonRouting,
  event: HospitalEvent,
  spellId: string,
  stayEvent: StayEvent,
): PersonRouting => {
  const at = stayEvent.occurredAt;
  const existing = state.stays.find((s) => s.spellId === spellId);
  const stay: Stay = existing ?? { spellId, admittedAt: at, endedAt: null, events: [] };
  if (stay.events.some((e) => e.sourceEventId === stayEvent.sourceEventId)) return state;
  // A declaration repeating the one in force is no news: not kept, so no council is ever sent it.
  const { readiness, repeat } = readinessAfter(stay.readiness, event);
  if (repeat) return state;
  const endedAt = ENDS_STAY.has(event.type) ? at : event.type === 'DischargeCancelled' ? null : stay.endedAt;
  const updated = stayWith(stay, endedAt, [...stay.events, stayEvent], readiness ?? stay.readiness);
  if (existing)
    return withStays(
      state,
      state.stays.map((s) => (s === existing ? updated : s)),
    );
  if (state.stays.length < KEPT_STAYS) return withStays(state, [...state.stays, updated]);
  // The oldest stay is forgotten, and what its councils were sent with it.
  const stays = [...state.stays, updated].slice(-KEPT_STAYS);
  const keptSpells = new Set(stays.map((s) => s.spellId));
  return {
    stays,
    referrals: state.referrals,
    deliveries: state.deliveries.filter((d) => keptSpells.has(d.spellId)),
  };
};

// Objects built field by field, not spread: routing makes several per event, and a spread followed by other
// properties takes V8's slow path (allocation profile of the router's loop: route was its largest allocator).

const stayWith = (
  stay: Stay,
  endedAt: number | null,
  events: readonly StayEvent[],
  readiness: SpellReadiness | undefined,
): Stay =>
  readiness === undefined
    ? { spellId: stay.spellId, admittedAt: stay.admittedAt, endedAt, events }
    : { spellId: stay.spellId, admittedAt: stay.admittedAt, endedAt, events, readiness };

const withStays = (state: PersonRouting, stays: readonly Stay[]): PersonRouting => ({
  stays,
  referrals: state.referrals,
  deliveries: state.deliveries,
});

const withReferrals = (state: PersonRouting, referrals: readonly Referral[]): PersonRouting => ({
  stays: state.stays,
  referrals,
  deliveries: state.deliveries,
});

const routeCouncilEvent = (state: PersonRouting, event: CouncilEvent, own: FeedOrder): Routed => {
  const { referralId } = event.payload;
  const laCode = event.source.orgCode;
  const at = event.occurredAt.getTime();
  const known = state.referrals.find((r) => r.laCode === laCode && r.referralId === referralId);
  const referral: Referral = known ?? {
    laCode,
    referralId,
    receivedAt: null,
    cancelledAt: null,
    spellId: null,
  };
  const updated: Referral =
    event.type === 'ReferralReceived'
      ? { ...referral, receivedAt: referral.receivedAt ?? at }
      : event.type === 'ReferralCancelled'
        ? { ...referral, cancelledAt: referral.cancelledAt ?? at }
        : referral;
  if (updated === known) return { state, feed: [own] };
  const referrals = known
    ? state.referrals.map((r) => (r === known ? updated : r))
    : [...state.referrals, updated];
  const routed = deliver(linkPending(withReferrals(state, referrals)));
  // A referral's own event follows the stay's earlier events it caused to be sent.
  return { state: routed.state, feed: [...routed.feed, own] };
};

/** Links every referral without a stay to the stay it belongs to, if that stay is known now. */
const linkPending = (state: PersonRouting): PersonRouting => {
  if (!state.referrals.some((r) => r.spellId === null && r.receivedAt !== null)) return state;
  return withReferrals(
    state,
    state.referrals.map((r) =>
      r.spellId !== null || r.receivedAt === null ? r : { ...r, spellId: stayOf(state.stays, r.receivedAt) },
    ),
  );
};

const stayOf = (stays: readonly Stay[], receivedAt: number): string | null => {
  let found: Stay | undefined;
  for (const stay of stays) {
    if (stay.admittedAt > receivedAt + LINK_BEFORE_ADMISSION_MS) continue;
    if (stay.endedAt !== null && stay.endedAt + LINK_AFTER_END_MS < receivedAt) continue;
    if (found === undefined || stay.admittedAt >= found.admittedAt) found = stay;
  }
  return found?.spellId ?? null;
};

/** Whether a stay event may go to a council: some referral of that council, linked to the stay, allows it. */
const allowedBy = (referrals: readonly Referral[], event: StayEvent): boolean =>
  referrals.some((r) => r.cancelledAt === null || event.occurredAt <= r.cancelledAt);

/** Sends every stay event a linked council may have and has not had yet, in stream order. */
const deliver = (state: PersonRouting): Routed => {
  // Most people are never referred: nothing to send, nothing to allocate.
  if (!state.referrals.some((r) => r.spellId !== null)) return { state, feed: NOTHING };
  const feed: FeedOrder[] = [];
  let deliveries = state.deliveries;
  for (const stay of state.stays) {
    if (!state.referrals.some((r) => r.spellId === stay.spellId)) continue;
    const linked = state.referrals.filter((r) => r.spellId === stay.spellId);
    for (let i = 0; i < linked.length; i += 1) {
      const laCode = linked[i]!.laCode;
      // Each council once per stay, at its first linked referral.
      if (linked.findIndex((r) => r.laCode === laCode) !== i) continue;
      const councils = linked.length === 1 ? linked : linked.filter((r) => r.laCode === laCode);
      const delivery = deliveries.find((d) => d.laCode === laCode && d.spellId === stay.spellId);
      const sent = delivery?.sent ?? NO_IDS;
      let due: string[] | undefined;
      for (const e of stay.events) {
        if (sent.includes(e.sourceEventId) || !allowedBy(councils, e)) continue;
        (due ??= []).push(e.sourceEventId);
        feed.push({ laCode, sourceEventId: e.sourceEventId, offset: e.offset });
      }
      if (due === undefined) continue;
      const next: Delivery = { laCode, spellId: stay.spellId, sent: sent.concat(due) };
      deliveries = delivery ? deliveries.map((d) => (d === delivery ? next : d)) : [...deliveries, next];
    }
  }
  return {
    state:
      deliveries === state.deliveries
        ? state
        : { stays: state.stays, referrals: state.referrals, deliveries },
    feed,
  };
};

const NOTHING: readonly FeedOrder[] = [];
const NO_IDS: readonly string[] = [];

/**
 * Routes a person's events in order from a state (tests, the offline check, the benchmark), with the feed
 * events in full: payloads from `events` and `earlier` (the events a given state was routed from). Offsets
 * are positions in `earlier` then `events`.
 */
export const routeAll = (
  events: readonly SourceEvent[],
  initial: PersonRouting = EMPTY_ROUTING,
  earlier: readonly SourceEvent[] = [],
): { readonly state: PersonRouting; readonly feed: readonly FeedEvent[] } => {
  const templates = new Map<string, FeedTemplate>();
  for (const event of [...earlier, ...events]) {
    const template = feedTemplateOf(event);
    if (template !== undefined) templates.set(event.eventId, template);
  }
  let state = initial;
  const feed: FeedEvent[] = [];
  events.forEach((event, i) => {
    const routed = route(state, event, String(earlier.length + i));
    state = routed.state;
    for (const order of routed.feed) {
      const template = templates.get(order.sourceEventId);
      if (template === undefined) throw new Error(`no event ${order.sourceEventId} to send`);
      feed.push(addressed(template, order.laCode));
    }
  });
  return { state, feed };
};
