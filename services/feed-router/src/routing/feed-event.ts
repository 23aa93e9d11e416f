import {
  derivedEventId,
  FEED_COUNCIL_TYPES,
  FEED_HOSPITAL_TYPES,
  feedEvents,
  type CouncilEvent,
  type FeedEvent,
  type HospitalEvent,
} from '@homefirst/schemas';

/** A hospital or council event, as the router reads it. */
export type SourceEvent = HospitalEvent | CouncilEvent;

/** A feed event before it is addressed to a council: everything but `laCode` and `eventId`. */
export type FeedTemplate = Omit<FeedEvent, 'laCode' | 'eventId'>;

const HOSPITAL_TYPES: ReadonlySet<string> = new Set(FEED_HOSPITAL_TYPES);
const COUNCIL_TYPES: ReadonlySet<string> = new Set(FEED_COUNCIL_TYPES);

export const isFeedHospitalType = (type: string): boolean => HOSPITAL_TYPES.has(type);
export const isFeedCouncilType = (type: string): boolean => COUNCIL_TYPES.has(type);

type Payload = Readonly<Record<string, unknown>>;

interface WardLike {
  readonly site: string | null;
  readonly ward: string | null;
}

/** A ward-level part of a location (the feed never carries the bed or room). */
const partOf = (location: WardLike | null | undefined, part: 'site' | 'ward'): string | null =>
  location === null || location === undefined ? null : location[part];

/** Feed fields read from a part of a source location; every other feed field is the source field of its name. */
const FROM_LOCATION: Readonly<Record<string, readonly [field: string, part: 'site' | 'ward']>> = {
  admittedSite: ['location', 'site'],
  admittedWard: ['location', 'ward'],
  toSite: ['to', 'site'],
  toWard: ['to', 'ward'],
};

/**
 * The payload projection of one feed record, generated as one object literal (as avsc generates its
 * readers): every template of a type gets one hidden class, where a loop storing fields by name builds
 * each object key by key. Only field names of the feed's own schema, quoted as JSON, go into the code.
 */
const compileProjection = (names: readonly string[]): ((payload: Payload) => Payload) => {
  const fields = names.map((name) => {
    const location = FROM_LOCATION[name];
    const value =
      location === undefined
        ? `p[${JSON.stringify(name)}] ?? null`
        : `partOf(p[${JSON.stringify(location[0])}], ${JSON.stringify(location[1])})`;
    return `${JSON.stringify(name)}: ${value}`;
  });
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from the feed schema's names only (see above)
  const compiled = new Function('partOf', `'use strict'; return (p) => ({ ${fields.join(', ')} });`) as (
    part: typeof partOf,
  ) => (payload: Payload) => Payload;
  return compiled(partOf);
};

interface FeedShape {
  /** The feed record's name: `Feed<source type>`. */
  readonly type: string;
  readonly project: (payload: Payload) => Payload;
}

/** Each feed record's shape, by SOURCE event type (from the feed schema, so the two cannot drift). */
const FEED_SHAPES: ReadonlyMap<string, FeedShape> = new Map(
  feedEvents
    .map((record) => [record.name.replace(/^Feed/, ''), record] as const)
    .filter(([source]) => HOSPITAL_TYPES.has(source) || COUNCIL_TYPES.has(source))
    .map(([source, record]) => [
      source,
      { type: record.name, project: compileProjection(record.fields.map((f) => f.name)) },
    ]),
);

/** Whether some feed carries events of this type (not PatientsMerged, nor the never-written Unknown). */
export const isRoutable = (event: SourceEvent): boolean => FEED_SHAPES.has(event.type);

/**
 * The minimised feed template of a source event, or undefined for an event no feed carries
 * (PatientsMerged, and the never-written Unknown). Only the fields the feed schema names are copied.
 */
export const feedTemplateOf = (event: SourceEvent): FeedTemplate | undefined => {
  const shape = FEED_SHAPES.get(event.type);
  if (shape === undefined) return undefined;
  const payload = shape.project(event.payload as unknown as Payload);
  return {
    sourceEventId: event.eventId,
    type: shape.type,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    source: event.source,
    personKey: event.personKey,
    correlationId: event.correlationId,
    payload,
  } as unknown as FeedTemplate;
};

/** The deterministic id of a source event on one council's feed: a UUID v5 of the LA code and the source id. */
export const feedEventIdOf = (laCode: string, sourceEventId: string): string =>
  derivedEventId('FeedEvent', laCode, sourceEventId);

/**
 * A template addressed to one council. Field by field: an object spread after another property takes V8's
 * slow path (a dictionary-mode object, about 850 bytes each where this literal takes about 100).
 */
export const addressed = (t: FeedTemplate, laCode: string): FeedEvent =>
  ({
    eventId: feedEventIdOf(laCode, t.sourceEventId),
    sourceEventId: t.sourceEventId,
    type: t.type,
    occurredAt: t.occurredAt,
    recordedAt: t.recordedAt,
    source: t.source,
    personKey: t.personKey,
    correlationId: t.correlationId,
    payload: t.payload,
    laCode,
  }) as FeedEvent;
