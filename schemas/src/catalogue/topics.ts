import { alertEvents, ALERTS } from '../avro/alerts';
import { AUDIT, auditEvents } from '../avro/audit';
import { councilEvents, COUNCIL } from '../avro/council';
import { DEAD_LETTER, deadLetterEvents } from '../avro/dead-letter';
import { envelope } from '../avro/envelope';
import { feedEnvelope } from '../avro/feed';
import { hospitalEvents } from '../avro/hospital';
import { HOSPITAL } from '../avro/hospital-vocabulary';
import { RAW, rawEvents } from '../avro/raw';
import type { AvroRecord } from '../avro/schema-types';
import { selfContained } from '../avro/self-contained';
import type { TopicRetention, TopicSpec } from './topic-spec';

const DAY_MS = 86_400_000;

/** Subject naming: TopicNameStrategy, the Confluent default, so stock serializers find the schema. */
export const valueSubjectOf = (topicName: string): string => `${topicName}-value`;

const personKey = {
  field: 'personKey',
  description: 'personKey (HMAC of the NHS number), UTF-8 string.',
} as const;
const orgCode = {
  field: 'source.orgCode',
  description:
    "source.orgCode of the sender, UTF-8 string: keeps each sender's messages in arrival order for re-mapping.",
} as const;

/** Keyed by person, in the person co-partition group, kept forever: the event streams a projector joins. */
const personStream = {
  key: personKey,
  partitions: 6,
  copartitionGroup: 'person',
  retention: { kind: 'forever' },
} as const;

/** Keyed by sender, for inputs kept a configurable time (they may hold identifiable source data). */
const senderInputs = (defaultRetentionDays: number) =>
  ({
    key: orgCode,
    partitions: 3,
    copartitionGroup: null,
    retention: { kind: 'configurable', defaultMs: defaultRetentionDays * DAY_MS },
  }) as const;

const topic = (spec: {
  name: string;
  id: string;
  title: string;
  description: string;
  key: TopicSpec['key'];
  partitions: number;
  copartitionGroup: TopicSpec['copartitionGroup'];
  retention: TopicRetention;
  value: AvroRecord;
  family?: TopicSpec['family'] | undefined;
}): TopicSpec => {
  const valueSchema = selfContained(spec.value);
  const payload = spec.value.fields.find((f) => f.name === 'payload');
  const eventTypes = Array.isArray(payload?.type)
    ? (payload.type as readonly AvroRecord[]).map((r) => r.name)
    : [];
  const { value: _value, family, ...rest } = spec;
  return {
    ...rest,
    ...(family ? { family } : {}),
    cleanupPolicy: 'delete',
    valueSubject: valueSubjectOf(spec.name),
    valueSchema,
    eventTypes,
  };
};

export const hospitalTopic = topic({
  name: 'homefirst.hospital.events.v1',
  id: 'hospitalEvents',
  title: 'Hospital events',
  description:
    'What happened to a patient in hospital: admission, transfers, discharge readiness, discharge. Kept forever.',
  ...personStream,
  value: envelope(
    HOSPITAL,
    'HospitalEvent',
    'An event on the hospital stream.',
    hospitalEvents,
    'required',
    'data-quality',
  ),
});

export const councilTopic = topic({
  name: 'homefirst.council.events.v1',
  id: 'councilEvents',
  title: 'Council events',
  description:
    'What the council did for a person: referral, assessment, brokerage, care start, reablement. Kept forever.',
  ...personStream,
  value: envelope(
    COUNCIL,
    'CouncilEvent',
    'An event on the council stream.',
    councilEvents,
    'required',
    'data-quality',
  ),
});

export const alertsTopic = topic({
  name: 'homefirst.alerts.v1',
  id: 'alerts',
  title: '48-hour alerts',
  description:
    'Derived alerts: people ready for discharge at risk of, or past, 48 hours in hospital. Kept forever.',
  ...personStream,
  value: envelope(ALERTS, 'AlertEvent', 'A 48-hour alert.', alertEvents, 'required'),
});

export const auditTopic = topic({
  name: 'homefirst.audit.v1',
  id: 'audit',
  title: 'Audit of person-level reads and bulk data operations',
  description:
    'One event per person-level read through the query API, and one per export, dead-letter redrive or read-model rebuild. Kept forever.',
  key: {
    field: 'personKey',
    description:
      'personKey of the person read, UTF-8 string. Records that name no single person: a page read through the query API is keyed page-reads.<uuid of the API process>.<n>, one key for a run of 512 pages, so that pages batch on one partition; a bulk operation has no key (null) or its eventId.',
  },
  partitions: 3,
  copartitionGroup: null,
  retention: { kind: 'forever' },
  value: envelope(AUDIT, 'AuditEvent', 'An audit record.', auditEvents, 'optional'),
});

export const rawTopic = topic({
  name: 'homefirst.raw.v1',
  id: 'raw',
  title: 'Raw source payloads',
  description:
    'Every inbound message as received, before parsing, for audit and re-mapping. Holds identifiable data: retention configurable (default 90 days).',
  ...senderInputs(90),
  value: envelope(RAW, 'RawEvent', 'A raw inbound message.', rawEvents, 'optional'),
});

export const deadLetterTopic = topic({
  name: 'homefirst.deadletter.v1',
  id: 'deadLetter',
  title: 'Dead letters',
  description:
    'Inputs that could not become events, with the reason and where they came from. Retention configurable (default 30 days).',
  ...senderInputs(30),
  value: envelope(DEAD_LETTER, 'DeadLetterEvent', 'A dead letter.', deadLetterEvents, 'optional'),
});

/** ONS local authority code: E/W/S/N, then 8 digits (e.g. E08000012, Liverpool). */
export const LA_CODE_PATTERN = '^[ENSW][0-9]{8}$';

/**
 * Per-council feeds, one topic per local authority (`homefirst.feed.E08000012.v1`): written by the feed
 * router (services/feed-router), read by that council only. Not in `catalogue` (which lists concrete
 * topics); `topics apply --councils` and the router create the topics of the councils it serves.
 */
export const feedTopicFamily = topic({
  name: 'homefirst.feed.{laCode}.v1',
  id: 'councilFeed',
  title: "A council's feed",
  description:
    "The events of the people referred to one council, minimised (see the FeedEvent schema docs): the council's own events, and the hospital events of the stay each referral belongs to, from admission until the person leaves hospital or the referral is cancelled. Written transactionally (read with isolation.level=read_committed); eventIds are deterministic, so a consumer can dedupe on them. Kept forever.",
  ...personStream,
  copartitionGroup: null,
  value: feedEnvelope(),
  family: {
    parameter: 'laCode',
    description: 'ONS code of the local authority (e.g. E08000012).',
    pattern: LA_CODE_PATTERN,
  },
});

/** The feed topic of one council (without deployment prefix). */
const LA_CODE = new RegExp(LA_CODE_PATTERN); // not global: test() keeps no state between calls

export const feedTopicNameOf = (laCode: string): string => {
  if (!LA_CODE.test(laCode)) throw new TypeError(`${laCode} is not an ONS LA code`);
  return feedTopicFamily.name.replace('{laCode}', laCode);
};

/** The concrete spec of one council's feed topic (for `topics apply`). */
export const feedTopicSpecOf = (laCode: string): TopicSpec => {
  const { family: _family, ...rest } = feedTopicFamily;
  const name = feedTopicNameOf(laCode);
  return { ...rest, name, valueSubject: valueSubjectOf(name) };
};

/** Every topic of the contract, in documentation order. */
export const catalogue = [
  hospitalTopic,
  councilTopic,
  alertsTopic,
  auditTopic,
  rawTopic,
  deadLetterTopic,
] as const;

/** What the contract documents: every concrete topic, then the topic families. */
export const documentedTopics: readonly TopicSpec[] = [...catalogue, feedTopicFamily];

export type Catalogue = readonly TopicSpec[];

export type CatalogueTopicName = (typeof catalogue)[number]['name'];

/** The topic name in a deployment: tests and shared clusters use a prefix (e.g. "test-1a2b."). */
export const topicName = (name: string, prefix = ''): string => `${prefix}${name}`;

export const topicSpecOf = (name: string): TopicSpec => {
  const spec = catalogue.find((t) => t.name === name);
  if (!spec) throw new Error(`No topic ${name} in the catalogue`);
  return spec;
};
