import type { SpellReadiness } from '@homefirst/schemas';
import {
  EMPTY_ROUTING,
  type Delivery,
  type PersonRouting,
  type Referral,
  type Stay,
  type StayEvent,
} from './state';

/**
 * Version of the stored shape; a state of another version is a programming error, not data to guess at.
 * Version 1 kept each stay event's minimised payload; version 2 keeps references (id, time, offset) as
 * objects; version 3 keeps the same as positional arrays (a third of the bytes, and of the time the router
 * spends writing state, which it does for every person an input batch changes). Version 2 is still read.
 */
const VERSION = 3;
const READ_ALSO = 2;

type StoredEvent = readonly [sourceEventId: string, occurredAt: number, offset: string];
type StoredStay = readonly [
  spellId: string,
  admittedAt: number,
  endedAt: number | null,
  events: readonly StoredEvent[],
  readiness: SpellReadiness | null,
];
type StoredReferral = readonly [
  laCode: string,
  referralId: string,
  receivedAt: number | null,
  cancelledAt: number | null,
  spellId: string | null,
];
type StoredDelivery = readonly [laCode: string, spellId: string, sent: readonly string[]];

interface Stored {
  readonly v: typeof VERSION;
  readonly s: readonly StoredStay[];
  readonly r: readonly StoredReferral[];
  readonly d: readonly StoredDelivery[];
}

interface StoredV2 {
  readonly v: typeof READ_ALSO;
  readonly s: PersonRouting;
}

const storedStay = (stay: Stay): StoredStay => [
  stay.spellId,
  stay.admittedAt,
  stay.endedAt,
  stay.events.map((e): StoredEvent => [e.sourceEventId, e.occurredAt, e.offset]),
  stay.readiness ?? null,
];

const stayOf = ([spellId, admittedAt, endedAt, events, readiness]: StoredStay): Stay => {
  const references = events.map(([sourceEventId, occurredAt, offset]): StayEvent => ({
    sourceEventId,
    occurredAt,
    offset,
  }));
  const stay: Stay = { spellId, admittedAt, endedAt, events: references };
  return readiness === null ? stay : { ...stay, readiness };
};

const referralOf = ([laCode, referralId, receivedAt, cancelledAt, spellId]: StoredReferral): Referral => ({
  laCode,
  referralId,
  receivedAt,
  cancelledAt,
  spellId,
});

const deliveryOf = ([laCode, spellId, sent]: StoredDelivery): Delivery => ({ laCode, spellId, sent });

/** The changelog value of a person's routing state: JSON (numbers and strings only). */
export const serialiseRouting = (state: PersonRouting): Buffer =>
  Buffer.from(
    JSON.stringify({
      v: VERSION,
      s: state.stays.map(storedStay),
      r: state.referrals.map((r): StoredReferral => [
        r.laCode,
        r.referralId,
        r.receivedAt,
        r.cancelledAt,
        r.spellId,
      ]),
      d: state.deliveries.map((d): StoredDelivery => [d.laCode, d.spellId, d.sent]),
    } satisfies Stored),
  );

export const deserialiseRouting = (bytes: Buffer | null): PersonRouting => {
  if (bytes === null || bytes.length === 0) return EMPTY_ROUTING;
  const stored = JSON.parse(bytes.toString('utf8')) as Stored | StoredV2;
  if (stored.v === READ_ALSO) return stored.s;
  if (stored.v !== VERSION)
    throw new TypeError(
      `routing state version ${String((stored as { v: unknown }).v)}, this build reads versions 3 and 2: reset the router's group and state topic, then replay`,
    );
  return {
    stays: stored.s.map(stayOf),
    referrals: stored.r.map(referralOf),
    deliveries: stored.d.map(deliveryOf),
  };
};
