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

/** The fields each feed record keeps, by feed event type (from the schema, so the two cannot drift). */
const FEED_FIELDS: ReadonlyMap<string, readonly string[]> = new Map(
  feedEvents.map((record) => [record.name, record.fields.map((f) => f.name)]),
);

const HOSPITAL_TYPES: ReadonlySet<string> = new Set(FEED_HOSPITAL_TYPES);
const COUNCIL_TYPES: ReadonlySet<string> = new Set(FEED_COUNCIL_TYPES);

export const isFeedHospitalType = (type: string): boolean => HOSPITAL_TYPES.has(type);
export const isFeedCouncilType = (type: string): boolean => COUNCIL_TYPES.has(type);

interface WardLike {
  readonly site: string | null;
  readonly ward: string | null;
}

/** The value of one feed field: a source field of the same name, or a ward-level part of a location. */
const feedFieldValue = (name: string, payload: Readonly<Record<string, unknown>>): unknown => {
  const ward = (location: unknown, part: 'site' | 'ward'): string | null =>
    location === null || location === undefined ? null : (location as WardLike)[part];
  switch (name) {
    case 'admittedSite':
      return ward(payload.location, 'site');
    case 'admittedWard':
      return ward(payload.location, 'ward');
    case 'toSite':
      return ward(payload.to, 'site');
    case 'toWard':
      return ward(payload.to, 'ward');
    default:
      return payload[name] ?? null;
  }
};

/** Whether some feed carries events of this type (not PatientsMerged, nor the never-written Unknown). */
export const isRoutable = (event: SourceEvent): boolean =>
  (isFeedHospitalType(event.type) || isFeedCouncilType(event.type)) && FEED_FIELDS.has(`Feed${event.type}`);

/**
 * The minimised feed template of a source event, or undefined for an event no feed carries
 * (PatientsMerged, and the never-written Unknown). Only the fields the feed schema names are copied.
 */
export const feedTemplateOf = (event: SourceEvent): FeedTemplate | undefined => {
  if (!isFeedHospitalType(event.type) && !isFeedCouncilType(event.type)) return undefined;
  const type = `Feed${event.type}`;
  const fields = FEED_FIELDS.get(type);
  if (fields === undefined) return undefined;
  const source = event.payload as unknown as Readonly<Record<string, unknown>>;
  const payload = Object.fromEntries(fields.map((name) => [name, feedFieldValue(name, source)]));
  return {
    sourceEventId: event.eventId,
    type,
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

/** A template addressed to one council. */
export const addressed = (template: FeedTemplate, laCode: string): FeedEvent =>
  ({
    eventId: feedEventIdOf(laCode, template.sourceEventId),
    ...template,
    laCode,
  }) as FeedEvent;
