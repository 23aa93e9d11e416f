import type { CouncilEvent, HospitalEvent, RawEvent, SourceChannel } from '@homefirst/schemas';

/** The connectors whose raw records can be re-mapped and whose dead letters can be redriven. */
export const DATA_SOURCES = ['hl7v2', 'fhir', 'council'] as const;
export type DataSource = (typeof DATA_SOURCES)[number];

/** Which event topic a source's events go to, and the channels its raw records and dead letters carry. */
export const SOURCE_ROUTES = {
  hl7v2: { eventTopic: 'homefirst.hospital.events.v1', channels: ['HL7V2'] },
  fhir: { eventTopic: 'homefirst.hospital.events.v1', channels: ['FHIR'] },
  council: { eventTopic: 'homefirst.council.events.v1', channels: ['COUNCIL_API', 'COUNCIL_CSV'] },
} as const satisfies Record<
  DataSource,
  { eventTopic: 'homefirst.hospital.events.v1' | 'homefirst.council.events.v1'; channels: SourceChannel[] }
>;

/** The connector whose ingest path takes input of this channel (null: the hub's own, e.g. HUB). */
export function sourceOfChannel(channel: SourceChannel): DataSource | null {
  for (const source of DATA_SOURCES)
    if ((SOURCE_ROUTES[source].channels as readonly SourceChannel[]).includes(channel)) return source;
  return null;
}

export type MappedEvent = HospitalEvent | CouncilEvent;

/** What today's mapping makes of one raw record (nothing is written by the mapper itself). */
export interface RawMapping {
  /** mapped: events (maybe none); held: the person is still unknown; refused: the input would be refused today. */
  readonly status: 'mapped' | 'held' | 'refused';
  readonly events: readonly MappedEvent[];
  /** For refused: the stable error code (no patient data). */
  readonly errorCode?: string;
}

/**
 * A connector's pure-as-possible mapping of its raw records: the live pipeline's parse, checks, identity
 * (the identity index read from Redis, holds and releases kept in memory) and mapping, with writes
 * captured instead of sent. Called once per raw record, in topic order.
 */
export interface RawMapper {
  map(raw: RawEvent): Promise<RawMapping>;
  close?(): Promise<void>;
}
