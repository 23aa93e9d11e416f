import { createLogger } from '@homefirst/runtime';
import type { HospitalEvent, RawEvent } from '@homefirst/schemas';
import { TopicReader } from '@homefirst/testing';
import { generatedAdmission, PARSE_OPTIONS, testNhsNumbers } from '../testing/corpus';
import { startHarness, type Harness } from '../testing/stack-harness';
import { CheckpointStore } from './checkpoint-store';
import { EncounterPoller } from './poller';
import type { SearchPage, TrustServer } from './trust-server';

// A trust's server can hold an Encounter too large for one Kafka message. The poller (in process, over the
// real Kafka and Redis of the local stack) dead-letters it without its body and goes on: it used to fail the
// whole poll on it, every time, so nothing after it was ever read.

let harness: Harness;
let reader: TopicReader;

beforeAll(async () => {
  harness = await startHarness({}); // the connector's default input limit
  reader = new TopicReader(harness.kafka, harness.codec, harness.prefix);
  await reader.start(['homefirst.raw.v1', 'homefirst.hospital.events.v1', 'homefirst.deadletter.v1']);
});

afterAll(async () => {
  await reader?.stop();
  await harness?.close();
});

/** One page of search results, as a trust's FHIR server answers (the HTTP side is trust-server.ts's). */
const trustServerOf = (resources: readonly unknown[]): TrustServer => ({
  async *searchEncountersSince(): AsyncGenerator<SearchPage> {
    yield await Promise.resolve({ resources, serverTime: '2025-03-03T09:00:00Z' });
  },
  readEncounter: () => Promise.reject(new Error('not used by a poll')),
});

it('given an Encounter over the input limit between two others, when polled, then it is dead-lettered without its body, the others are recorded and the checkpoint moves past all three', async () => {
  const [a, b, c] = testNhsNumbers(3, 999_300_000);
  const huge = {
    ...generatedAdmission(901, b ?? '', '2025-03-03T08:02:00Z', 'identifier'),
    text: { status: 'generated', div: `<div>${'x'.repeat(1024 * 1024)}</div>` },
  };
  const resources = [
    generatedAdmission(900, a ?? '', '2025-03-03T08:01:00Z', 'identifier'),
    huge,
    generatedAdmission(902, c ?? '', '2025-03-03T08:03:00Z', 'identifier'),
  ];
  const checkpoints = new CheckpointStore(harness.redis, 'RXN', 'https://trust.example.nhs.uk/fhir');
  const poller = new EncounterPoller({
    server: trustServerOf(resources),
    ingest: harness.ingest,
    checkpoints,
    orgCode: 'RXN',
    pageSize: 10,
    overlapMs: 0,
    parse: PARSE_OPTIONS,
    logger: createLogger({ name: 'oversize-test', level: 'silent' }),
  });

  const result = await poller.pollOnce();

  expect(result).toMatchObject({ read: 3, rejected: 1 });
  expect((await checkpoints.load()).lastUpdated).toBe('2025-03-03T08:03:00Z');
  await reader.until('the dead letter and both admissions', () => {
    const admitted = reader.hospital().filter((r) => r.event.type === 'PatientAdmitted');
    return reader.deadLetters().length === 1 && admitted.length === 2;
  });
  const spells = reader
    .hospital()
    .map((r) => r.event as HospitalEvent)
    .map((e) => ('spellId' in e.payload ? e.payload.spellId : null));
  expect(spells).toEqual(['RXN-SP-00900', 'RXN-SP-00902']);
  const [letter] = reader.deadLetters();
  expect(letter?.payload).toMatchObject({ errorCode: 'PAYLOAD_TOO_LARGE', retriable: false });
  expect(letter?.payload.reason).toMatch(/over the 786432-byte input limit and is not kept/);
  const raw = reader
    .of('homefirst.raw.v1')
    .map((r) => r.event as RawEvent)
    .find((e) => e.source.messageId === 'Encounter/RXN-SP-00901/_history/1');
  expect(raw?.payload.body.length).toBe(0);
});
