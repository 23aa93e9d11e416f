import type { DeclarationInForce, SpellReadiness } from '@homefirst/schemas';
import { Type, type Schema } from 'avsc';
import {
  EMPTY_ROUTING,
  type Delivery,
  type PersonRouting,
  type Referral,
  type Stay,
  type StayEvent,
} from './state';

/**
 * Versions of the stored shape; a state of another version is a programming error, not data to guess at.
 * Version 1 kept each stay event's minimised payload; version 2 keeps references (id, time, offset) as JSON
 * objects; version 3 the same as JSON positional arrays; version 4 (written now) is binary: the byte 4, then
 * Avro (ROUTING_V4 below), with each delivery's sent events as positions in its stay's events instead of
 * their ids. The router writes the state of every person an input batch changes, in the same transaction as
 * the feed events: on bench:route's city, version 3 took 21.2 MB for 42,885 state records, more than the
 * 18.7 MB of feed events; version 4 takes 9.7 MB, and less time to write. Versions 3 and 2 are still read
 * (JSON: they start with `{`).
 */
const VERSION = 3;
const READ_ALSO = 2;
const BINARY_VERSION = 4;

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

// Version 4's Avro schema, spelled with four helpers: internal to the router (its changelog), so not in the registry.
const field = (name: string, type: unknown) => ({ name, type });
const record = (name: string, fields: readonly { name: string; type: unknown }[]) => ({
  type: 'record',
  name,
  fields,
});
const arrayOf = (items: unknown) => ({ type: 'array', items });
const nullable = (type: unknown) => ['null', type];

const DECLARATION = record('Declaration', [
  field('dischargeReadyDate', 'string'),
  field('dischargeReadyAt', nullable('long')),
  field('proposedPathway', 'string'),
  field('reason', nullable(record('Delay', [field('reason', 'string'), field('attribution', 'string')]))),
]);

const STAY = record('Stay', [
  field('spellId', 'string'),
  field('admittedAt', 'long'),
  field('endedAt', nullable('long')),
  field(
    'events',
    arrayOf(record('StayEvent', [field('id', 'string'), field('at', 'long'), field('offset', 'long')])),
  ),
  field(
    'readiness',
    nullable(
      record('SpellReadiness', [
        field('inForce', nullable(DECLARATION)),
        field('beforeDischarge', nullable('Declaration')),
      ]),
    ),
  ),
]);

const REFERRAL = record('Referral', [
  field('laCode', 'string'),
  field('referralId', 'string'),
  field('receivedAt', nullable('long')),
  field('cancelledAt', nullable('long')),
  field('spellId', nullable('string')),
]);

// `sent`: a position in the stay's events; an id only if it is not one of them (never, as route builds it).
const DELIVERY = record('Delivery', [
  field('laCode', 'string'),
  field('spellId', 'string'),
  field('sent', arrayOf(['int', 'string'])),
]);

const ROUTING_V4 = Type.forSchema({
  ...record('PersonRouting', [
    field('stays', arrayOf(STAY)),
    field('referrals', arrayOf(REFERRAL)),
    field('deliveries', arrayOf(DELIVERY)),
  ]),
  namespace: 'uk.homefirst.feedrouter.v4',
} as Schema);

interface StoredV4Event {
  readonly id: string;
  readonly at: number;
  readonly offset: number;
}
interface StoredV4Stay {
  readonly spellId: string;
  readonly admittedAt: number;
  readonly endedAt: number | null;
  readonly events: readonly StoredV4Event[];
  readonly readiness: SpellReadiness | null;
}
interface StoredV4Delivery {
  readonly laCode: string;
  readonly spellId: string;
  readonly sent: readonly (number | string)[];
}
interface StoredV4 {
  readonly stays: readonly StoredV4Stay[];
  readonly referrals: readonly Referral[];
  readonly deliveries: readonly StoredV4Delivery[];
}

const storedV4Stay = (stay: Stay): StoredV4Stay => ({
  spellId: stay.spellId,
  admittedAt: stay.admittedAt,
  endedAt: stay.endedAt,
  events: stay.events.map((e) => ({ id: e.sourceEventId, at: e.occurredAt, offset: Number(e.offset) })),
  readiness: stay.readiness === undefined ? null : storedReadiness(stay.readiness),
});

/** A declaration as stored: its fields named one by one, so one added to the type must be added here. */
const storedDeclaration = (declaration: DeclarationInForce | null): DeclarationInForce | null =>
  declaration === null
    ? null
    : {
        dischargeReadyDate: declaration.dischargeReadyDate,
        dischargeReadyAt: declaration.dischargeReadyAt,
        proposedPathway: declaration.proposedPathway,
        reason:
          declaration.reason === null
            ? null
            : { reason: declaration.reason.reason, attribution: declaration.reason.attribution },
      };

const storedReadiness = (readiness: SpellReadiness): SpellReadiness => ({
  inForce: storedDeclaration(readiness.inForce),
  beforeDischarge: storedDeclaration(readiness.beforeDischarge),
});

/** Where each of a stay's events is in it, by id: a scan for a short stay, a map for a long one. */
const positionsIn = (events: readonly StayEvent[]): ((id: string) => number) => {
  if (events.length <= 16) return (id) => events.findIndex((e) => e.sourceEventId === id);
  const positions = new Map(events.map((e, i) => [e.sourceEventId, i]));
  return (id) => positions.get(id) ?? -1;
};

const storedV4Delivery = (delivery: Delivery, stays: readonly Stay[]): StoredV4Delivery => {
  const positionOf = positionsIn(stays.find((s) => s.spellId === delivery.spellId)?.events ?? []);
  return {
    laCode: delivery.laCode,
    spellId: delivery.spellId,
    sent: delivery.sent.map((id) => {
      const position = positionOf(id);
      return position < 0 ? id : position;
    }),
  };
};

const stayOfV4 = (stored: StoredV4Stay): Stay => {
  const stay: Stay = {
    spellId: stored.spellId,
    admittedAt: stored.admittedAt,
    endedAt: stored.endedAt,
    events: stored.events.map((e) => ({ sourceEventId: e.id, occurredAt: e.at, offset: String(e.offset) })),
  };
  return stored.readiness === null ? stay : { ...stay, readiness: storedReadiness(stored.readiness) };
};

const deliveryOfV4 = (stored: StoredV4Delivery, stays: readonly Stay[]): Delivery => {
  const events = stays.find((s) => s.spellId === stored.spellId)?.events ?? [];
  const sent = stored.sent.map((sentEvent) => {
    if (typeof sentEvent === 'string') return sentEvent;
    const event = events[sentEvent];
    if (event === undefined)
      throw new TypeError(`routing state: a delivery of stay ${stored.spellId} names no event of it`);
    return event.sourceEventId;
  });
  return { laCode: stored.laCode, spellId: stored.spellId, sent };
};

/** The changelog value of a person's routing state (version 4: a version byte, then Avro). */
export const serialiseRouting = (state: PersonRouting): Buffer => {
  const value: StoredV4 = {
    stays: state.stays.map(storedV4Stay),
    referrals: state.referrals.map((r) => ({
      laCode: r.laCode,
      referralId: r.referralId,
      receivedAt: r.receivedAt,
      cancelledAt: r.cancelledAt,
      spellId: r.spellId,
    })),
    deliveries: state.deliveries.map((d) => storedV4Delivery(d, state.stays)),
  };
  let end = ROUTING_V4.encode(value, scratch, 1);
  if (end < 0) {
    scratch = Buffer.allocUnsafe(2 * (scratch.length - end));
    end = ROUTING_V4.encode(value, scratch, 1);
  }
  scratch[0] = BINARY_VERSION;
  const bytes = Buffer.allocUnsafe(end);
  scratch.copy(bytes, 0, 0, end);
  return bytes;
};

/** Where serialiseRouting writes before copying out: grows to the largest state (synchronous use only). */
let scratch = Buffer.allocUnsafe(16 * 1024);

const JSON_START = 0x7b; // `{`: versions 2 and 3 are JSON

export const deserialiseRouting = (bytes: Buffer | null): PersonRouting => {
  if (bytes === null || bytes.length === 0) return EMPTY_ROUTING;
  if (bytes[0] === BINARY_VERSION) {
    const stored = ROUTING_V4.fromBuffer(bytes.subarray(1)) as StoredV4;
    const stays = stored.stays.map(stayOfV4);
    return {
      stays,
      referrals: stored.referrals.map((r) => ({ ...r })),
      deliveries: stored.deliveries.map((d) => deliveryOfV4(d, stays)),
    };
  }
  if (bytes[0] !== JSON_START)
    throw new TypeError(
      `routing state version byte ${bytes[0]}, this build reads versions 4, 3 and 2: reset the router's group and state topic, then replay`,
    );
  const stored = JSON.parse(bytes.toString('utf8')) as Stored | StoredV2;
  if (stored.v === READ_ALSO) return stored.s;
  if (stored.v !== VERSION)
    throw new TypeError(
      `routing state version ${String((stored as { v: unknown }).v)}, this build reads versions 4, 3 and 2: reset the router's group and state topic, then replay`,
    );
  return {
    stays: stored.s.map(stayOf),
    referrals: stored.r.map(referralOf),
    deliveries: stored.d.map(deliveryOf),
  };
};
