import { councilEvents } from './council';
import { envelope } from './envelope';
import { hospitalEvents } from './hospital';
import { avroNamespace, field, optional } from './builders';
import type { AvroField, AvroRecord } from './schema-types';

/**
 * Per-council feeds (`homefirst.feed.<LA code>.v1`): what one council receives about the people referred
 * to it, written by the feed router. Minimised on purpose — each record keeps only what a council's
 * care-transfer or brokerage team acts on:
 *
 * - **NHS number: kept.** Councils match hub events to their own case records by NHS number (the
 *   statutory consistent identifier for health and adult social care, Health and Social Care Act 2012
 *   s.251A); the envelope `personKey` is a hub pseudonym a council cannot match. Every feed record carries it.
 * - **Hospital facts: the stay, not the care.** Admission, moves between wards, readiness for discharge
 *   (Discharge Ready Date, proposed pathway, the delay reason), expected date, leave, discharge (destination,
 *   pathway) and death — what a council needs to assess and arrange care. Also kept: the age band and usual place of
 *   residence at admission (ASCOF 2D's cohort). Dropped: patient class, admission method and source codes,
 *   discharge method code, the criterion to reside met again (clinical), room and bed.
 * - **Council facts: the council's own records**, as it sent them (no free text exists in them).
 * - **Not sent:** PatientsMerged (it names a retired record the council was never referred), and every
 *   event of people not referred to the council, or of stays the referral does not belong to.
 *
 * Record names carry a `Feed` prefix: the feed is its own contract, so the hospital and council topics can
 * evolve without changing what councils read.
 */
export const FEED = 'uk.homefirst.feed';
const feed = avroNamespace(FEED);

/** Hospital fields a council does not need (clinical or bed-level detail). */
const DROPPED_HOSPITAL_FIELDS = new Set([
  'patientClass',
  'admissionMethodCode',
  'admissionSourceCode',
  'dischargeMethodCode',
  'criterion',
  'location',
  'from',
  'to',
]);

/** Where a person is in hospital, at ward level: enough to visit them for an assessment. */
const wardFields = (prefix: string): AvroField[] => [
  optional(`${prefix}Site`, 'string', "Hospital site (ODS site code or the trust's site name), when known."),
  optional(`${prefix}Ward`, 'string', 'Ward as the trust names it, when known.'),
];

/** Ward-level replacement of each hospital location field (room and bed are dropped). */
const WARD_OF_LOCATION: Readonly<Record<string, readonly AvroField[]>> = {
  PatientAdmitted: wardFields('admitted'),
  PatientTransferred: wardFields('to'),
};

const hospitalFeedRecord = (source: AvroRecord): AvroRecord =>
  feed.record(
    `Feed${source.name}`,
    `Hospital: ${source.doc} (Minimised for councils; see the feed topic's description.)`,
    [
      ...source.fields.filter((f) => !DROPPED_HOSPITAL_FIELDS.has(f.name)),
      ...(WARD_OF_LOCATION[source.name] ?? []),
    ],
  );

const councilFeedRecord = (source: AvroRecord): AvroRecord =>
  feed.record(`Feed${source.name}`, `Council: ${source.doc} (The council's own record.)`, source.fields);

/** Hospital event types a feed carries (the stay the referral belongs to). */
export const FEED_HOSPITAL_TYPES = hospitalEvents
  .map((r) => r.name)
  .filter((name) => name !== 'PatientsMerged');

/** Council event types a feed carries (all of the council's own). */
export const FEED_COUNCIL_TYPES = councilEvents.map((r) => r.name);

/** The feed's payload records, hospital first; type `Feed<T>` is the source event type `<T>`. */
export const feedEvents: readonly AvroRecord[] = [
  ...hospitalEvents.filter((r) => FEED_HOSPITAL_TYPES.includes(r.name)).map(hospitalFeedRecord),
  ...councilEvents.map(councilFeedRecord),
];

/** The feed envelope: the hub envelope plus the council and the source event it came from. */
export const feedEnvelope = (): AvroRecord => {
  const base = envelope(
    FEED,
    'FeedEvent',
    "An event of a person referred to the council, on that council's feed. eventId is a UUID v5 of the source event's id and the LA code (the same source event on two councils' feeds has two ids; a replay gives the same ones). source is the source event's (the trust's ODS code for hospital facts, the council's LA code for its own).",
    feedEvents,
    'required',
  );
  const extra = [
    field('laCode', 'string', 'ONS code of the local authority whose feed this is (e.g. E08000012).'),
    field(
      'sourceEventId',
      'string',
      'eventId of the hospital or council event this feed event was routed from (for support queries to the hub).',
    ),
  ];
  const fields = [...base.fields];
  fields.splice(
    fields.findIndex((f) => f.name === 'payload'),
    0,
    ...extra,
  );
  return { ...base, fields };
};
