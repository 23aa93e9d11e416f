import type { SpellReadiness } from '@homefirst/schemas';

/**
 * One hospital event of a stay, kept so a referral arriving later can still send it: a reference, not a
 * copy. Its feed payload is the source event's, read again (from memory, else from the hospital topic at
 * `offset`) when a council is sent it.
 */
export interface StayEvent {
  readonly sourceEventId: string;
  /** Event time, epoch ms. */
  readonly occurredAt: number;
  /** Offset of the source event on the person's partition of the hospital topic (kafkajs decimal string). */
  readonly offset: string;
}

/** A hospital provider spell of the person, as far as the router has seen it. */
export interface Stay {
  readonly spellId: string;
  /** Event time of its first event (the admission, normally), epoch ms. */
  readonly admittedAt: number;
  /** Event time it ended (discharge, death, admission cancelled), epoch ms; null while in hospital. */
  readonly endedAt: number | null;
  /** Its hospital events in stream order (a repeated readiness declaration is not one: never sent). */
  readonly events: readonly StayEvent[];
  /**
   * The stay's readiness as the repeat rule follows it (@homefirst/schemas readiness/repeat-declaration.ts);
   * absent in states stored before the router followed it, and while nothing was declared.
   */
  readonly readiness?: SpellReadiness;
}

/** A council's referral of the person. */
export interface Referral {
  readonly laCode: string;
  readonly referralId: string;
  /** Event time of ReferralReceived, epoch ms; null when only a later event of it was seen. */
  readonly receivedAt: number | null;
  /** Event time of ReferralCancelled, epoch ms; null while open. */
  readonly cancelledAt: number | null;
  /** The stay the referral belongs to; null until one is known. */
  readonly spellId: string | null;
}

/** What a council has been sent of one stay: the source ids, so nothing goes twice. */
export interface Delivery {
  readonly laCode: string;
  readonly spellId: string;
  readonly sent: readonly string[];
}

/** One feed event to write: the source event `sourceEventId` (at `offset` of its topic) to council `laCode`. */
export interface FeedOrder {
  readonly laCode: string;
  readonly sourceEventId: string;
  readonly offset: string;
}

/** Everything the router remembers of one person (the changelog value, keyed by personKey). */
export interface PersonRouting {
  readonly stays: readonly Stay[];
  readonly referrals: readonly Referral[];
  readonly deliveries: readonly Delivery[];
}

export const EMPTY_ROUTING: PersonRouting = { stays: [], referrals: [], deliveries: [] };

/** Stays kept per person: the current one and the ones before it a late referral may still belong to. */
export const KEPT_STAYS = 3;

/** A referral recorded this long after its stay ended still belongs to it (records entered the next day). */
export const LINK_AFTER_END_MS = 24 * 3_600_000;

/** A referral recorded this long before the admission it belongs to (clocks of two systems differ). */
export const LINK_BEFORE_ADMISSION_MS = 3_600_000;
