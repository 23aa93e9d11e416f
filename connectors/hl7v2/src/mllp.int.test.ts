import { connect as connectTls } from 'node:tls';
import {
  createCodec,
  connectRedis,
  createKafka,
  createLogger,
  createRedis,
  loadConfig,
} from '@homefirst/runtime';
import { createPersonKeyer, type RawEvent } from '@homefirst/schemas';
import {
  ThrowawayPki,
  TopicReader,
  createCatalogueTopics,
  deleteCatalogueTopics,
  deleteRedisKeys,
  uniqueName,
  waitFor,
} from '@homefirst/testing';
import { Hl7Message } from '@medplum/core';
import { Hl7Connection } from '@medplum/hl7';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { loadHl7Config, type Hl7ConnectorConfig } from './config';
import { startHl7Connector, type RunningConnector } from './connector';
import { eventIdOf } from './mapping/adt';
import { SENDER_MISMATCH_REASON } from './ingest/sender';
import { MllpClient, type MllpClientTls } from './mllp/client';
import { mllpFrame } from './mllp/decoder';
import { onTheWire } from './testing/corpus';
import { syntheticAdmission } from './testing/synthetic';

// The live connector on the real stack: a real MLLP socket over mutual TLS (certificates made for this
// file) sends, ACKs are read, and what Kafka holds is read back and decoded through the registry. Each run
// has its own topic prefix, consumer groups and Redis key prefix.

const silent = createLogger({ name: 'hl7v2-int', level: 'silent' });
const msa = (ack: string): string[] =>
  (ack.split('\r').find((segment) => segment.startsWith('MSA|')) ?? '').split('|');
const pas = (messageId: string) => ({ channel: 'HL7V2', system: 'PAS', orgCode: 'RXN', messageId }) as const;

// The hub's CA, the listener's certificate, and the RXN PAS's client certificate (subject O = RXN).
let pki: ThrowawayPki;
let rxn: MllpClientTls;
/** Connects as the RXN PAS (or with other TLS material). */
const connectAs = (port: number, tls: MllpClientTls = rxn): Promise<MllpClient> =>
  MllpClient.connect(port, '127.0.0.1', tls);

function configFor(
  prefix: string,
  redisPrefix: string,
  overrides: Record<string, string> = {},
): Hl7ConnectorConfig {
  return loadHl7Config({
    ...process.env,
    ...pki.listenerEnv(),
    HOMEFIRST_TOPIC_PREFIX: prefix,
    HOMEFIRST_REDIS_KEY_PREFIX: redisPrefix,
    HOMEFIRST_MLLP_HOST: '127.0.0.1',
    HOMEFIRST_MLLP_PORT: '0',
    HOMEFIRST_KAFKA_CLIENT_ID: 'hl7v2-int',
    ...overrides,
  });
}

// One connector for the accept/ack tests (the limits below start their own).
const prefix = `${uniqueName('hl7it')}.`;
const redisPrefix = `${uniqueName('hl7it')}:`;
let config: Hl7ConnectorConfig;
let kafka: Kafka;
let connector: RunningConnector;
let reader: TopicReader;
let redis: Redis;
const personKey = createPersonKeyer(loadConfig(process.env).personKeySecret);
const raws = (): RawEvent[] => reader.events('homefirst.raw.v1') as RawEvent[];

beforeAll(async () => {
  pki = new ThrowawayPki('hl7it');
  rxn = pki.clientTls(pki.client('rxn-pas', { commonName: 'RXN PAS interface engine', organisation: 'RXN' }));
  config = configFor(prefix, redisPrefix);
  kafka = createKafka(config, silent);
  await createCatalogueTopics(kafka, prefix, { partitions: 3 });
  connector = await startHl7Connector(config, silent);
  const codec = createCodec(config, prefix);
  reader = new TopicReader(kafka, codec, prefix);
  await reader.start(['homefirst.raw.v1', 'homefirst.hospital.events.v1', 'homefirst.deadletter.v1']);
  redis = createRedis(config);
  await connectRedis(redis);
});

afterAll(async () => {
  await reader?.stop();
  await connector?.close();
  if (redis) {
    await deleteRedisKeys(redis, redisPrefix);
    redis.disconnect();
  }
  if (kafka) await deleteCatalogueTopics(kafka, prefix);
  pki?.remove();
});

describe('HL7 v2 connector over MLLP on the real stack: accepted, resent and malformed messages', () => {
  it('given an A01, when sent over MLLP, then AA, and the raw message and the decoded PatientAdmitted are on Kafka, keyed as the catalogue says', async () => {
    const client = await connectAs(connector.mllpPort);
    const message = onTheWire('a01-emergency-admission.hl7');
    const ack = await client.send(message);
    await client.close();
    expect(msa(ack).slice(0, 3)).toEqual(['MSA', 'AA', 'RXN-PAS-000101']);
    const admittedId = eventIdOf(pas('RXN-PAS-000101'), 'PatientAdmitted');
    const admitted = await waitFor('PatientAdmitted on the hospital topic', () =>
      reader.hospitalEvents().find((e) => e.eventId === admittedId),
    );
    expect(admitted).toMatchObject({
      type: 'PatientAdmitted',
      personKey: personKey('9991234012'),
      occurredAt: new Date('2025-01-06T09:25:00.000Z'),
      payload: {
        nhsNumber: '9991234012',
        spellId: 'V000123',
        location: { ward: 'WARD7', site: 'RXN02' },
        // contract v3, through the registry: PID-7 banded, PV1-14 read; the date of birth is not carried
        ageBandAtAdmission: 'AGE_85_AND_OVER',
        usualPlaceOfResidence: 'PRIVATE_RESIDENCE',
        admissionSourceCode: '19',
      },
    });
    expect(JSON.stringify(admitted)).not.toContain('1938');
    const record = reader.records.find((r) => r.event.eventId === admittedId);
    expect(record?.key).toBe(personKey('9991234012'));
    const raw = await waitFor('the raw message', () =>
      raws().find((e) => e.source.messageId === 'RXN-PAS-000101'),
    );
    expect(raw.payload.body.toString('utf8')).toBe(message);
    expect(raw.correlationId).toBe(admitted.correlationId);
    expect(reader.records.find((r) => r.event === raw)?.key).toBe('RXN');
  });

  it('given a message already accepted, when the sender resends the same MSH-10, then AA and no second event', async () => {
    const client = await connectAs(connector.mllpPort);
    const message = onTheWire('a02-ward-transfer.hl7');
    expect(msa(await client.send(message))[1]).toBe('AA');
    const resent = msa(await client.send(message));
    await client.close();
    expect(resent.slice(1)).toEqual([
      'AA',
      'RXN-PAS-000102',
      'accepted; duplicate of a message already accepted, no new event',
    ]);
    // A marker sent after the resend: once it is read, anything the resend wrote would have been read too.
    const marker = await connectAs(connector.mllpPort);
    expect(msa(await marker.send(onTheWire('a13-cancel-discharge.hl7')))[1]).toBe('AA');
    await marker.close();
    await waitFor('the marker', () =>
      reader.hospitalEvents().find((e) => e.source.messageId === 'RXN-PAS-000107'),
    );
    expect(reader.hospitalEvents().filter((e) => e.source.messageId === 'RXN-PAS-000102')).toHaveLength(1);
    expect(raws().filter((e) => e.source.messageId === 'RXN-PAS-000102')).toHaveLength(1);
  });

  it('given a malformed message, when sent, then AE with MSA-3 and ERR, and a dead letter with the reason and the raw record id', async () => {
    const client = await connectAs(connector.mllpPort);
    const ack = await client.send(onTheWire('malformed-nhs-number-check-digit.hl7'));
    await client.close();
    expect(msa(ack).slice(1)).toEqual([
      'AE',
      'RXN-PAS-009001',
      'PID-3 carries an NHS number that fails the modulus-11 check',
    ]);
    expect(ack).toContain('\rERR|PID^1^3^102&Data type error&HL70357');
    const deadLetter = await waitFor('the dead letter', () =>
      reader.deadLetters().find((e) => e.source.messageId === 'RXN-PAS-009001'),
    );
    const raw = await waitFor('the raw copy', () =>
      raws().find((e) => e.source.messageId === 'RXN-PAS-009001'),
    );
    expect(deadLetter.payload).toMatchObject({
      stage: 'VALIDATE',
      errorCode: 'HL7_DATA_TYPE_ERROR',
      retriable: false,
      rawEventId: raw.eventId,
    });
    expect(deadLetter.payload.reason).not.toMatch(/999\d{7}/);
    expect(reader.hospitalEvents().some((e) => e.source.messageId === 'RXN-PAS-009001')).toBe(false);
  });
});

describe('HL7 v2 connector over MLLP on the real stack: held messages, many connections, framing and other clients', () => {
  it('given an admission with only an MRN, when sent, then AA "held"; when an A28 brings the identity on another connection, then the admission is published for that person', async () => {
    const first = await connectAs(connector.mllpPort);
    const held = msa(await first.send(onTheWire('a01-mrn-only.hl7')));
    await first.close();
    expect(held.slice(1)).toEqual([
      'AA',
      'RXN-PAS-000901',
      'accepted; person not yet identified — held until identity arrives',
    ]);
    await waitFor('the raw copy of the held message', () =>
      raws().find((e) => e.source.messageId === 'RXN-PAS-000901'),
    );
    expect(reader.hospitalEvents().some((e) => e.source.messageId === 'RXN-PAS-000901')).toBe(false);
    expect(await connector.redis.llen('identity:held:RXN:RXN5678901')).toBe(1);

    const second = await connectAs(connector.mllpPort);
    expect(msa(await second.send(onTheWire('a28-add-person.hl7')))[1]).toBe('AA');
    await second.close();
    const admitted = await waitFor('the released admission', () =>
      reader.hospitalEvents().find((e) => e.source.messageId === 'RXN-PAS-000901'),
    );
    expect(admitted).toMatchObject({
      type: 'PatientAdmitted',
      personKey: personKey('9991789561'),
      payload: { nhsNumber: '9991789561', spellId: 'V003003' },
    });
    expect(await connector.redis.llen('identity:held:RXN:RXN5678901')).toBe(0);
    expect(await connector.redis.get('identity:RXN:RXN5678901')).toBe('9991789561');
  });

  it('given 20 connections sending 10 messages each at once, then every message gets AA in its order and 200 admissions are on Kafka', async () => {
    const connections = 20;
    const perConnection = 10;
    const runId = uniqueName('c').slice(-8);
    const results = await Promise.all(
      Array.from({ length: connections }, async (_, c) => {
        const client = await connectAs(connector.mllpPort);
        const ids = Array.from({ length: perConnection }, (_unused, i) => `${runId}-${c}-${i}`);
        // pipelined: all sent before any ACK is read; MLLP answers in order
        const acks = await Promise.all(
          ids.map((id, i) => client.send(syntheticAdmission(1000 + c * perConnection + i, id).message)),
        );
        await client.close();
        return { ids, acked: acks.map((ack) => msa(ack).slice(1, 3)) };
      }),
    );
    for (const { ids, acked } of results) expect(acked).toEqual(ids.map((id) => ['AA', id]));
    const admissions = await waitFor(
      '200 admissions',
      () => {
        const found = reader
          .hospitalEvents()
          .filter((e) => e.type === 'PatientAdmitted' && e.source.messageId?.startsWith(runId));
        return found.length >= connections * perConnection ? found : undefined;
      },
      30_000,
    );
    expect(new Set(admissions.map((e) => e.eventId)).size).toBe(connections * perConnection);
  });

  it('given noise before a frame and the frame split over three writes, when sent, then AA', async () => {
    const client = await connectAs(connector.mllpPort);
    const frame = mllpFrame(Buffer.from(onTheWire('a22-return-from-leave.hl7')));
    client.write(Buffer.from('\r\nGET / HTTP/1.0\r\n'));
    client.write(frame.subarray(0, 10));
    client.write(frame.subarray(10, 200));
    const ack = await client.sendBytes(frame.subarray(200));
    await client.close();
    expect(msa(ack).slice(1, 3)).toEqual(['AA', 'RXN-PAS-000502']);
  });

  it("given Medplum's MLLP connection (a third-party implementation) over a TLS socket, when it sends an A21, then it reads our AA", async () => {
    const socket = connectTls({ host: '127.0.0.1', port: connector.mllpPort, ...rxn });
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', resolve);
      socket.once('error', reject);
    });
    const connection = new Hl7Connection(socket);
    try {
      const ack = await connection.sendAndWait(Hl7Message.parse(onTheWire('a21-leave-of-absence.hl7')));
      expect(ack.getSegment('MSA')?.getField(1).toString()).toBe('AA');
      expect(ack.getSegment('MSA')?.getField(2).toString()).toBe('RXN-PAS-000501');
    } finally {
      await connection.close();
    }
  });
});

describe('HL7 v2 connector over MLLP on the real stack: who the sender is', () => {
  it('given a client certificate for RHF, when it sends a message whose MSH-4 is RXN, then AE naming the rule (no patient data), a dead letter as RHF, and no event', async () => {
    const rhf = pki.clientTls(pki.client('rhf-pas', { commonName: 'RHF PAS', organisation: 'RHF' }));
    const client = await connectAs(connector.mllpPort, rhf);
    const ack = await client.send(onTheWire('a03-discharge-home.hl7'));
    await client.close();
    const [, code, controlId, text] = msa(ack);
    expect([code, controlId, text]).toEqual(['AE', 'RXN-PAS-000105', SENDER_MISMATCH_REASON]);
    expect(ack).toContain('\rERR|MSH^1^4^103&Table value not found&HL70357');
    expect(ack).not.toMatch(/999\d{7}|RXN\d{7}|THOMPSON|MARGARET/);
    const deadLetter = await waitFor('the dead letter', () =>
      reader
        .deadLetters()
        .find(
          (e) =>
            e.source.messageId === 'RXN-PAS-000105' &&
            e.payload.errorCode === 'HL7_SENDING_FACILITY_NOT_CERTIFIED',
        ),
    );
    expect(deadLetter.source.orgCode).toBe('RHF');
    expect(deadLetter.payload).toMatchObject({
      stage: 'VALIDATE',
      reason: SENDER_MISMATCH_REASON,
      retriable: false,
    });
    expect(reader.hospitalEvents().some((e) => e.source.messageId === 'RXN-PAS-000105')).toBe(false);
  });

  it('given a client without a certificate, when it tries to send, then it never gets an ACK: the handshake is refused', async () => {
    const outcome = await connectAs(connector.mllpPort, { ca: rxn.ca })
      .then((client) => client.send(onTheWire('a01-emergency-admission.hl7')))
      .then(
        (ack) => ({ ack }),
        () => ({ refused: true }),
      );
    expect(outcome).toEqual({ refused: true });
  });
});

describe('MLLP limits on the real stack', () => {
  const prefix = `${uniqueName('hl7lim')}.`;
  const redisPrefix = `${uniqueName('hl7lim')}:`;
  let kafka: Kafka;
  let connector: RunningConnector;

  beforeAll(async () => {
    const config = configFor(prefix, redisPrefix, {
      HOMEFIRST_MLLP_MAX_FRAME_BYTES: '4096',
      HOMEFIRST_MLLP_IDLE_TIMEOUT_MS: '1000',
    });
    kafka = createKafka(config, silent);
    await createCatalogueTopics(kafka, prefix, { partitions: 1 });
    connector = await startHl7Connector(config, silent);
  });

  afterAll(async () => {
    await connector?.close();
    if (kafka) await deleteCatalogueTopics(kafka, prefix);
    const redis = createRedis(loadConfig(process.env));
    await connectRedis(redis);
    await deleteRedisKeys(redis, redisPrefix);
    redis.disconnect();
  });

  it('given a frame over the size limit, when sent, then AR naming the limit, and the connection is closed', async () => {
    const client = await connectAs(connector.mllpPort);
    const huge = onTheWire('a01-emergency-admission.hl7') + `\rNTE|1||${'x'.repeat(8000)}`;
    const ack = await client.send(huge);
    expect(msa(ack).slice(1)).toEqual([
      'AR',
      'RXN-PAS-000101',
      "message larger than the hub's frame limit of 4096 bytes",
    ]);
    await waitFor('the server to close the connection', () => client.closed.then(() => true), 5_000);
  });

  it('given a connection that sends nothing, when the idle timeout passes, then the server closes it', async () => {
    const client = await connectAs(connector.mllpPort);
    const started = Date.now();
    await client.closed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    await waitFor(
      'the server to drop the connection',
      () => (connector.server.openConnections === 0 ? true : undefined),
      2_000,
    );
  });

  it('given a busy connection, when it keeps sending within the timeout, then it stays open', async () => {
    const client = await connectAs(connector.mllpPort);
    for (let i = 0; i < 4; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(msa(await client.send(onTheWire('a31-update-person.hl7')))[1]).toBe('AA');
    }
    await client.close();
  });
});
