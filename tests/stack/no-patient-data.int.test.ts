import {
  createCodec,
  GroupCommitPublisher,
  IdentityIndex,
  MessageDedupe,
  createKafka,
  createProducer,
  loadConfig,
} from '@homefirst/runtime';
import { createPersonKeyer, type DeadLetterEvent } from '@homefirst/schemas';
import {
  TopicReader,
  connectedRedis,
  createCatalogueTopics,
  deleteCatalogueTopics,
  deleteRedisKeys,
  uniqueName,
} from '@homefirst/testing';
import type { Redis } from 'ioredis';
import type { Kafka, Producer } from 'kafkajs';
import { DEFAULT_MAPPING_SETTINGS, Hl7Pipeline } from '@homefirst/connector-hl7v2';
import { onTheWire } from '../../connectors/hl7v2/src/testing/corpus';
import { LACED, LACED_TEXT, capturedLogger, patientDataIn } from '../support/patient-data';

// No patient data in any rejection (issue #12 item 6), HL7 v2 edge: every way the pipeline refuses a message
// laced with a known name and NHS number — the ACK (MSA, ERR), the dead letter's reason and the log lines —
// says the field and the rule, never the person. The pipeline is the live one, writing to the real Kafka,
// registry and Redis. The FHIR and council edges: no-patient-data-fhir-council.int.test.ts.
//
// Not laced: MSH-3…6 and MSH-10. The ACK returns them to the sender by protocol (routing and correlation),
// over the connection they came in on; they are checked for control characters, not for names.

const { family, given, nhsNumber } = LACED;
const PID = `PID|1||${nhsNumber}^^^NHS^NH~RXN7654321^^^RXN^MR||${family}^${given}^^^MR||19380214|M|||1 ${family} LANE^^PRESTON^^PR1 1AA`;
/** The corpus admission about the laced person. */
const admission = (messageId: string): string =>
  onTheWire('a01-emergency-admission.hl7')
    .replace(/PID\|[^\r]*/, PID)
    .replace('RXN-PAS-000101', messageId);

/** Hostile variants of the admission: each must be refused. */
const CASES: ReadonlyArray<readonly [string, (message: string) => string]> = [
  ['MSH-9.1 (message type) holding the person', (m) => m.replace('|ADT^A01^ADT_A01|', `|${LACED_TEXT}^A01|`)],
  ['MSH-9.2 (trigger) holding the name', (m) => m.replace('|ADT^A01^ADT_A01|', `|ADT^${family}^ADT_A01|`)],
  ['MSH-9.2 (trigger) holding the number', (m) => m.replace('|ADT^A01^ADT_A01|', `|ADT^${nhsNumber}|`)],
  [
    'PID-3 NHS number written with the name',
    (m) => m.replace(`|${nhsNumber}^^^NHS`, `|${family} ${nhsNumber}^^^NHS`),
  ],
  [
    'PID-3 NHS number with no-break spaces',
    (m) => m.replace(`|${nhsNumber}^^^NHS`, '|999\\XA0\\000\\XA0\\0018^^^NHS'),
  ],
  ['PID-3 NHS number with a wrong check digit', (m) => m.replace(`|${nhsNumber}^^^NHS`, '|9990000019^^^NHS')],
  [
    'PV1-19 visit number with a control character',
    (m) => m.replace('V000123^', `${family}\\X00\\${nhsNumber}^`),
  ],
  [
    'PV1-37 destination holding the name',
    (m) => m.replace(/(PV1(?:\|[^|\r]*){36})\|[^|\r]*/, `$1|${family}`),
  ],
  ['PV1-44 admit time holding the person', (m) => m.replace('|20250106092500', `|${LACED_TEXT}`)],
  ['ZDR-4 delay reason holding the person', (m) => `${m}\rZDR|20250107|R|1|${LACED_TEXT}`],
  ['ZDR-3 pathway holding the name', (m) => `${m}\rZDR|20250107|R|${family}`],
  ['a segment named with the person', (m) => `${m}\r${family} ${nhsNumber}|X`],
  ['no MSH, patient data first', (m) => m.slice(m.indexOf('PID|'))],
];

let kafka: Kafka;
let producer: Producer;
let redis: Redis;
let reader: TopicReader;
let pipeline: Hl7Pipeline;
const log = capturedLogger('hl7v2-no-patient-data');
const prefix = `${uniqueName('nopd-hl7')}.`;
const redisPrefix = `${uniqueName('nopd-hl7')}:`;

beforeAll(async () => {
  const config = loadConfig({ ...process.env, HOMEFIRST_TOPIC_PREFIX: prefix });
  kafka = createKafka(config, log.logger);
  await createCatalogueTopics(kafka, prefix, { partitions: 1 });
  producer = createProducer(kafka);
  await producer.connect();
  const codec = createCodec(config, prefix);
  redis = await connectedRedis(config, { keyPrefix: redisPrefix });
  pipeline = new Hl7Pipeline({
    mapping: { settings: DEFAULT_MAPPING_SETTINGS, personKey: createPersonKeyer(config.personKeySecret) },
    identity: new IdentityIndex(redis),
    dedupe: new MessageDedupe(redis, { namespace: 'hl7v2' }),
    writer: new GroupCommitPublisher({ producer, codec, topicPrefix: prefix, timeoutMs: 30_000 }),
    logger: log.logger,
    transport: 'MLLP',
    ackTimeoutMs: 20_000,
  });
  reader = new TopicReader(kafka, codec, prefix);
  await reader.start(['homefirst.deadletter.v1']);
});

afterAll(async () => {
  await reader?.stop();
  await producer?.disconnect();
  if (redis !== undefined) {
    await deleteRedisKeys(redis, redisPrefix);
    redis.disconnect();
  }
  if (kafka !== undefined) await deleteCatalogueTopics(kafka, prefix);
});

describe('HL7 v2: no patient data in any rejection', () => {
  it('given the admission of the laced person, then it is accepted (the cases below differ by one field)', async () => {
    const ack = (await pipeline.handleFrame(Buffer.from(admission('NOPD-OK')))).toString('utf8');
    expect(ack).toMatch(/\rMSA\|AA\|NOPD-OK/);
  });

  it.each(CASES.map(([what, edit], index) => [what, edit, `NOPD-${index}`] as const))(
    'given %s, when handled, then AE and the ACK names neither the name nor the NHS number',
    async (_what, edit, messageId) => {
      const ack = (await pipeline.handleFrame(Buffer.from(edit(admission(messageId))))).toString('utf8');
      expect(ack).toMatch(/\rMSA\|AE\|/);
      expect(patientDataIn(ack)).toEqual([]);
    },
  );

  it('given text with patient data before the MSH of a batch, then it is ignored without logging it', async () => {
    const ack = await pipeline.handleFrame(Buffer.from(`${LACED_TEXT}\r${admission('NOPD-LEADING')}`));
    expect(patientDataIn(ack.toString('utf8'))).toEqual([]);
  });

  it('given a frame over the size limit, then AR without patient data', () => {
    const ack = pipeline.oversizeAck(Buffer.from(admission('NOPD-OVERSIZE')), 64).toString('utf8');
    expect(ack).toMatch(/\rMSA\|AR\|/);
    expect(patientDataIn(ack)).toEqual([]);
  });

  it('then no dead letter reason or source, and no log line, names the person', async () => {
    await reader.readToHighWatermark();
    expect(reader.of('homefirst.deadletter.v1').length).toBeGreaterThanOrEqual(CASES.length);
    const deadLetters = reader.events('homefirst.deadletter.v1') as DeadLetterEvent[];
    for (const deadLetter of deadLetters) {
      const { input: _input, ...withoutTheInput } = deadLetter.payload; // the input itself is kept, by design
      expect(patientDataIn(JSON.stringify({ ...withoutTheInput, source: deadLetter.source }))).toEqual([]);
    }
    expect(log.text()).toContain('message rejected (AE)');
    expect(patientDataIn(log.text())).toEqual([]);
  });
});
