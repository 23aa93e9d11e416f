import type { PersonRouting } from './state';

/**
 * When the router may forget a person (drop their state from memory and tombstone it in the state topic),
 * so that its memory and state topic hold the people of the last few weeks, not everyone ever admitted.
 *
 * A person is forgotten once nothing is open — no stay without an end — and the partition's newest event is
 * FORGET_AFTER_MS past the last thing the state remembers of them (a stay's end, a referral received or
 * cancelled). Routing such a person's next event from an empty state sends the same feed events as routing it
 * from the old one, with two exceptions, both far outside the linking windows of route.ts:
 * - an event of a stay that ended more than FORGET_AFTER_MS before (a late correction) is not sent to the
 *   councils that had the stay: its referral is forgotten;
 * - a referral arriving that late for a stay that ended then is not linked to the stay (as for a referral
 *   made long after a stay: it gets no hospital events).
 */
export const FORGET_AFTER_MS = 60 * 24 * 3_600_000;

/** The event time of the last thing `state` remembers, epoch ms; null while a stay is open. */
export const lastRememberedAt = (state: PersonRouting): number | null => {
  let last = Number.NEGATIVE_INFINITY;
  for (const stay of state.stays) {
    if (stay.endedAt === null) return null;
    if (stay.endedAt > last) last = stay.endedAt;
  }
  for (const referral of state.referrals) {
    if (referral.receivedAt !== null && referral.receivedAt > last) last = referral.receivedAt;
    if (referral.cancelledAt !== null && referral.cancelledAt > last) last = referral.cancelledAt;
  }
  return last;
};

/** Whether the person may be forgotten when the newest event time of their partition is `now` (epoch ms). */
export const isForgettable = (state: PersonRouting, now: number): boolean => {
  const last = lastRememberedAt(state);
  return last !== null && now >= last + FORGET_AFTER_MS;
};
