import { createCodec } from '../codec';
import {
  type EventCodec,
  type HospitalEvent,
  type PatientAdmittedEvent,
  type RawEvent,
} from '@homefirst/schemas';
import { HubStack, TopicReader } from '@homefirst/testing';
import type { Producer } from 'kafkajs';
import { EventPublisher } from '../ingest/publisher';
import { createProducer } from '../producer';
import { eventFingerprint } from './fingerprint';
import { remapFromRaw } from './remap';
import type { RawMapper } from './sources';

// The shared remap machinery on the real Kafka, with a mapper variant injected: what a connector's mapper
// does after a mapping fix (here: the ward is read from another field) is simulated by a mapper that
// derives the event from the raw body, so one run maps as the live pipeline did and the next as the fix does.

const stack = new HubStack('remapit');
let codec: EventCodec;
let producer: Producer;
let reader: TopicReader;
const at = new Date('2026-12-01T09:00:00Z');

const raw = (messageId: string): RawEvent => ({
  eventId: `raw-${messageId}`,
  type: 'RawMessageReceived',
  occurredAt: at,
  recordedAt: at,
  source: { channel: 'HL7V2', system: 'PAS', orgCode: 'RXN', messageId },
  personKey: null,
  correlationId: `c-${messageId}`,
  payload: { transport: 'MLLP', contentType: 'x-application/hl7-v2+er7', body: Buffer.from(messageId) },
});

const admitted = (messageId: string, ward: string, recordedAt = at): PatientAdmittedEvent => ({
  eventId: `ev-${messageId}`,
  type: 'PatientAdmitted',
  occurredAt: at,
  recordedAt,
  source: { channel: 'HL7V2', system: 'PAS', orgCode: 'RXN', messageId },
  personKey: `pk-${messageId}`,
  correlationId: `c-${messageId}`,
  payload: {
    nhsNumber: '9991234012',
    spellId: `S-${messageId}`,
    location: { site: 'RXN01', ward, room: null, bed: null },
    patientClass: 'INPATIENT',
    admissionMethodCode: null,
  },
});

/** Maps raw M1, M2 as the live pipeline did (ward W1); `fixed` moves M2 to ward W2 and adds M3's event. */
const mapper = (fixed: boolean): RawMapper => ({
  map: (record: RawEvent) => {
    const id = record.source.messageId ?? '';
    if (id === 'M3')
      return Promise.resolve({
        status: fixed ? 'mapped' : 'refused',
        events: fixed ? [admitted(id, 'W1')] : [],
        errorCode: 'X',
      });
    return Promise.resolve({ status: 'mapped', events: [admitted(id, fixed && id === 'M2' ? 'W2' : 'W1')] });
  },
});

const remap = (fixed: boolean, dryRun = false) =>
  remapFromRaw({
    kafka: stack.kafka,
    codec,
    topicPrefix: stack.prefix,
    logger: stack.logger,
    source: 'hl7v2',
    mapper: mapper(fixed),
    dryRun,
    producer,
    progress: false,
  });

beforeAll(async () => {
  await stack.start();
  codec = createCodec(stack.config, stack.prefix);
  producer = createProducer(stack.kafka);
  await producer.connect();
  const publisher = new EventPublisher({ producer, codec, topicPrefix: stack.prefix });
  // As live: M1 and M2 accepted (ward W1), M3 refused (raw only).
  await publisher.publish({ raw: raw('M1'), hospital: [admitted('M1', 'W1')] });
  await publisher.publish({ raw: raw('M2'), hospital: [admitted('M2', 'W1')] });
  await publisher.publish({ raw: raw('M3') });
  reader = new TopicReader(stack.kafka, codec, stack.prefix);
  await reader.start(['homefirst.hospital.events.v1']);
}, 60_000);

afterAll(async () => {
  await reader?.stop();
  await producer?.disconnect();
  await stack.stop();
});

it('given an unchanged mapping, then every event is unchanged and nothing is published', async () => {
  const summary = await remap(false);
  expect(summary).toMatchObject({ rawRecords: 3, mapped: 2, refused: 1, published: 0, indexedEvents: 2 });
  expect(summary.refusals).toEqual({ X: 1 });
  expect(summary.byType).toEqual({ PatientAdmitted: { new: 0, changed: 0, unchanged: 2, repeated: 0 } });
}, 60_000);

it('given a mapping fix, then a dry run publishes nothing, the remap publishes only the changed and new events with a later recordedAt, and a second remap publishes nothing', async () => {
  const dry = await remap(true, true);
  expect(dry.byType.PatientAdmitted).toEqual({ new: 1, changed: 1, unchanged: 1, repeated: 0 });
  expect(dry.published).toBe(0);

  const started = Date.now();
  const fixed = await remap(true);
  expect(fixed.byType.PatientAdmitted).toEqual({ new: 1, changed: 1, unchanged: 1, repeated: 0 });
  expect(fixed.published).toBe(2);
  await reader.until('the two remapped events', () => reader.hospital().length === 4);
  const [m2, m3] = (reader.events('homefirst.hospital.events.v1') as HospitalEvent[]).slice(2) as [
    PatientAdmittedEvent,
    PatientAdmittedEvent,
  ];
  expect([m2.eventId, m3.eventId].sort()).toEqual(['ev-M2', 'ev-M3']);
  const changed = m2.eventId === 'ev-M2' ? m2 : m3;
  expect(changed.payload.location).toMatchObject({ ward: 'W2' });
  expect(changed.recordedAt.getTime()).toBeGreaterThanOrEqual(started);
  expect(eventFingerprint(changed)).toBe(eventFingerprint(admitted('M2', 'W2')));

  const again = await remap(true);
  expect(again.published).toBe(0);
  expect(again.byType.PatientAdmitted).toEqual({ new: 0, changed: 0, unchanged: 3, repeated: 0 });
}, 60_000);

it('given --from after every raw record, then nothing is read or published', async () => {
  const summary = await remapFromRaw({
    kafka: stack.kafka,
    codec,
    topicPrefix: stack.prefix,
    logger: stack.logger,
    source: 'hl7v2',
    mapper: mapper(true),
    dryRun: false,
    producer,
    progress: false,
    fromTimestamp: Date.now() + 60_000,
  });
  // Four records on the event topic, three event ids (M2 in two versions).
  expect(summary).toMatchObject({ rawRecords: 0, published: 0, indexedEvents: 3 });
}, 60_000);
