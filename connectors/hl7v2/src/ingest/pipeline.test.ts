import { UnavailableError } from '@homefirst/runtime';
import type { PublishBatch } from '@homefirst/runtime';
import { formatLocation } from '../hl7/errors';
import { DEFAULT_MAPPING_SETTINGS } from '../mapping/settings';
import { onTheWire, corpusText } from '../testing/corpus';
import { given, testPersonKey } from '../testing/scenario';
import { ACK_TEXT } from './pipeline';

const kafkaDown = {
  write: () =>
    Promise.reject(new UnavailableError('Kafka did not acknowledge the write', { dependency: 'kafka' })),
};

describe('malformed input: AE, dead-lettered with the reason, nothing on the hospital stream', () => {
  it.each([
    ['malformed-nhs-number-check-digit.hl7', 'HL7_DATA_TYPE_ERROR', '102', 'PID-3', 'VALIDATE'],
    ['malformed-missing-visit-number.hl7', 'HL7_REQUIRED_FIELD_MISSING', '101', 'PV1-19', 'VALIDATE'],
    ['malformed-unknown-delay-reason.hl7', 'HL7_TABLE_VALUE_NOT_FOUND', '103', 'ZDR-4', 'VALIDATE'],
    ['malformed-impossible-date.hl7', 'HL7_DATA_TYPE_ERROR', '102', 'PV1-44', 'VALIDATE'],
    ['malformed-not-adt.hl7', 'HL7_UNSUPPORTED_MESSAGE_TYPE', '200', 'MSH-9.1', 'VALIDATE'],
    ['malformed-no-msh.hl7', 'HL7_SEGMENT_SEQUENCE_ERROR', '100', 'MSH', 'PARSE'],
    ['malformed-no-patient-id.hl7', 'HL7_REQUIRED_FIELD_MISSING', '101', 'PID-3', 'VALIDATE'],
  ])(
    'given %s, when handled, then AE %s (%s at %s) and a dead letter at stage %s',
    async (file, errorCode, hl7Code, location, stage) => {
      const hub = given();
      const result = await hub.when(onTheWire(file));
      expect(result.ack.code).toBe('AE');
      expect(result.errorCode).toBe(errorCode);
      expect(result.events).toEqual([]);
      expect(hub.hospitalEvents()).toEqual([]);
      const [batch] = hub.written;
      expect(batch?.raw?.payload.body.toString('utf8')).toBe(onTheWire(file));
      const deadLetter = batch?.deadLetters?.[0];
      expect(deadLetter?.payload).toMatchObject({
        stage,
        errorCode,
        retriable: false,
        rawEventId: batch?.raw?.eventId,
      });
      // No patient identifier in the reason, the ACK text or the ERR segment.
      for (const text of [
        deadLetter?.payload.reason ?? '',
        result.ack.text,
        result.ack.error?.reason ?? '',
      ]) {
        expect(text).not.toMatch(/999\d{7}|RXN\d{7}|THOMPSON|MARGARET/);
      }
      const ack = (await given().pipeline.handleFrame(Buffer.from(onTheWire(file)))).toString('utf8');
      expect(ack).toMatch(new RegExp(`\\rMSA\\|AE\\|`));
      expect(ack).toContain(hl7Code);
      expect(result.ack.error?.location ? formatLocation(result.ack.error.location) : null).toBe(location);
    },
  );

  it('given a message the sender fixed and resent with the same MSH-10, when handled, then it is accepted (an AE is not remembered)', async () => {
    const hub = given();
    const broken = onTheWire('malformed-missing-visit-number.hl7');
    expect((await hub.when(broken)).ack.code).toBe('AE');
    const fixed = broken.replace(
      'PV1|1|I|WARD7^BAY2^B3^RXN02|21',
      'PV1|1|I|WARD7^BAY2^B3^RXN02|21|||||||||||||||V000123',
    );
    expect((await hub.when(fixed)).ack.code).toBe('AA');
    expect(hub.hospitalEvents().map((e) => e.type)).toEqual(['PatientAdmitted']);
  });

  it('given a frame without any MSH, when handled, then AE with an empty MSA-2', async () => {
    const ack = (await given().pipeline.handleFrame(Buffer.from('hello\rworld'))).toString('utf8');
    expect(ack.split('\r')[1]).toMatch(/^MSA\|AE\|\|/);
  });
});

describe('duplicates', () => {
  it('given a message already accepted, when the same MSH-10 comes again from the same sender, then AA and no second write', async () => {
    const hub = given();
    const message = onTheWire('a01-emergency-admission.hl7');
    expect((await hub.when(message)).status).toBe('accepted');
    const again = await hub.when(message);
    expect(again.ack).toEqual({ code: 'AA', text: ACK_TEXT.duplicate, error: null });
    expect(again.status).toBe('duplicate');
    expect(hub.written).toHaveLength(1);
  });

  it('given the same MSH-10 from another sending application, when handled, then it is a different message', async () => {
    const hub = given();
    const message = onTheWire('a01-emergency-admission.hl7');
    await hub.when(message);
    const fromEpr = await hub.when(message.replace('MSH|^~\\&|PAS|', 'MSH|^~\\&|EPR|'));
    expect(fromEpr.status).toBe('accepted');
    const [first, second] = hub.hospitalEvents();
    expect(first?.eventId).not.toBe(second?.eventId);
  });
});

describe('unresolved person: accepted, stored, held, released when the identity arrives', () => {
  it('given an A01 with only an MRN the hub has never seen, when handled, then AA "held", the raw is written and no event yet', async () => {
    const hub = given();
    const result = await hub.when(onTheWire('a01-mrn-only.hl7'));
    expect(result.ack).toEqual({
      code: 'AA',
      text: 'accepted; person not yet identified — held until identity arrives',
      error: null,
    });
    expect(result.status).toBe('held');
    expect(hub.written.map((batch) => [batch.raw?.type, batch.hospital?.length ?? 0])).toEqual([
      ['RawMessageReceived', 0],
    ]);
    expect(hub.identity.totalHeld()).toBe(1);
  });

  it('given a held A01, when an A28 brings MRN and NHS number, then the admission is published for that person, with its own ids', async () => {
    const hub = given();
    const held = await hub.when(onTheWire('a01-mrn-only.hl7'));
    const rawOfHeld = hub.written[0]?.raw;
    const identity = await hub.when(onTheWire('a28-add-person.hl7'));
    expect(identity.ack.code).toBe('AA');
    expect(hub.identity.totalHeld()).toBe(0);
    const [admitted] = hub.hospitalEvents();
    expect(admitted).toMatchObject({
      type: 'PatientAdmitted',
      personKey: testPersonKey('9991789561'),
      correlationId: rawOfHeld?.correlationId,
      source: { messageId: 'RXN-PAS-000901' },
      occurredAt: new Date('2025-01-06T22:20:00.000Z'),
      payload: { nhsNumber: '9991789561', spellId: 'V003003' },
    });
    expect(held.status).toBe('held');
    expect(identity.events).toHaveLength(1);
  });

  it('given an admission held under an MRN that an A40 then retires, when the merge arrives, then the admission is published for the surviving person', async () => {
    const hub = given();
    const underRetiredMrn = onTheWire('a01-mrn-only.hl7').replace(
      'PID|1||RXN5678901^^^RXN^MR',
      'PID|1||RXN9999001^^^RXN^MR',
    );
    expect((await hub.when(underRetiredMrn)).status).toBe('held');
    const merge = await hub.when(onTheWire('a40-merge.hl7'));
    expect(merge.events.map((e) => [e.type, e.personKey])).toEqual([
      ['PatientsMerged', testPersonKey('9991567348')],
      ['PatientAdmitted', testPersonKey('9991567348')],
    ]);
    expect(hub.identity.totalHeld()).toBe(0);
  });

  it('given the identity was learned before, when an MRN-only message arrives, then it maps at once', async () => {
    const hub = given({ identities: [{ orgCode: 'RXN', mrn: 'RXN5678901', nhsNumber: '9991789561' }] });
    const result = await hub.when(onTheWire('a01-mrn-only.hl7'));
    expect(result.status).toBe('accepted');
    expect(result.events[0]?.payload).toMatchObject({ nhsNumber: '9991789561' });
  });

  it('given held messages, when the message that would release them cannot be written, then they stay held and the sender gets AR', async () => {
    const written: PublishBatch[] = [];
    let kafkaUp = true;
    const hub = given({
      writer: {
        write: (batch) => {
          if (!kafkaUp) return kafkaDown.write();
          written.push(batch);
          return Promise.resolve();
        },
      },
    });
    await hub.when(onTheWire('a01-mrn-only.hl7'));
    kafkaUp = false;
    const release = await hub.when(onTheWire('a28-add-person.hl7'));
    expect(release.ack.code).toBe('AR');
    expect(hub.identity.totalHeld()).toBe(1);
    kafkaUp = true;
    expect((await hub.when(onTheWire('a28-add-person.hl7'))).ack.code).toBe('AA');
    expect(written.flatMap((batch) => batch.hospital ?? []).map((e) => e.type)).toEqual(['PatientAdmitted']);
    expect(hub.identity.totalHeld()).toBe(0);
  });

  it('given a connector that died after taking held messages and before writing them, when a message of the person comes after the lease, then they are released', async () => {
    let now = 0;
    const hub = given({ lease: { ms: 60_000, now: () => now } });
    await hub.when(onTheWire('a01-mrn-only.hl7'));
    // What a connector killed between the identity index's learn and its write leaves: taken, never written.
    expect(await hub.identity.learn('RXN', 'RXN5678901', '9991789561')).toHaveLength(1);
    expect((await hub.when(onTheWire('a28-add-person.hl7'))).ack.code).toBe('AA');
    // Within the lease its writer may still be writing: not handed out twice.
    expect(hub.hospitalEvents()).toEqual([]);
    expect(hub.identity.totalHeld()).toBe(1);
    now = 60_000;
    expect((await hub.when(onTheWire('a31-update-person.hl7'))).ack.code).toBe('AA');
    expect(hub.hospitalEvents().map((e) => e.type)).toEqual(['PatientAdmitted']);
    expect(hub.identity.totalHeld()).toBe(0);
  });
});

describe('when the hub cannot write: AR, nothing acknowledged', () => {
  it('given Kafka does not acknowledge, when a message comes, then AR with ERR 207 and the message is not remembered', async () => {
    let fail = true;
    const written: PublishBatch[] = [];
    const hub = given({
      writer: { write: (batch) => (fail ? kafkaDown.write() : (written.push(batch), Promise.resolve())) },
    });
    const message = onTheWire('a02-ward-transfer.hl7');
    const result = await hub.when(message);
    expect(result.ack.code).toBe('AR');
    expect(result.ack.error?.condition).toBe('APPLICATION_INTERNAL_ERROR');
    expect(hub.dedupe.remembered.size).toBe(0);
    fail = false;
    expect((await hub.when(message)).status).toBe('accepted');
    expect(written).toHaveLength(1);
  });

  it('given a rejected message whose dead letter cannot be written, when handled, then AR, not AE', async () => {
    const hub = given({ writer: kafkaDown });
    expect((await hub.when(onTheWire('malformed-missing-visit-number.hl7'))).ack.code).toBe('AR');
  });

  it('given a write slower than the ACK deadline, when the sender resends, then it waits for the first write: one write, AR then AA', async () => {
    let finish: (() => void) | undefined;
    const writes: PublishBatch[] = [];
    const hub = given({
      ackTimeoutMs: 50,
      writer: {
        write: (batch) => {
          writes.push(batch);
          return new Promise<void>((resolve) => {
            finish = resolve;
          });
        },
      },
    });
    const message = onTheWire('a02-ward-transfer.hl7');
    expect((await hub.when(message)).ack.code).toBe('AR');
    const resend = hub.when(message);
    finish?.();
    expect((await resend).ack).toEqual({ code: 'AA', text: ACK_TEXT.duplicate, error: null });
    expect((await hub.when(message)).status).toBe('duplicate');
    expect(writes).toHaveLength(1);
  });

  it('given a programming error while mapping, when handled, then AR (never blamed on the sender)', async () => {
    const hub = given({
      settings: {
        readiness: {
          ...DEFAULT_MAPPING_SETTINGS.readiness,
          get source(): 'both' {
            throw new TypeError('boom');
          },
        },
      },
    });
    const result = await hub.when(onTheWire('a01-emergency-admission.hl7'));
    expect(result.ack.code).toBe('AR');
    expect(result.errorCode).toBe('UNEXPECTED');
  });
});

describe('character sets', () => {
  it('given a Latin-1 message (8859/1), when handled, then names decode and the ACK is Latin-1 too', async () => {
    const text = onTheWire('a01-emergency-admission.hl7')
      .replace('THOMPSON^MARGARET', 'THOMPSON^SIÂN')
      .replace('UNICODE UTF-8', '8859/1');
    const bytes = Buffer.from(text, 'latin1');
    const hub = given();
    const ack = await hub.pipeline.handleFrame(bytes);
    expect(ack.toString('latin1')).toContain('MSA|AA|RXN-PAS-000101');
    expect(hub.written[0]?.raw?.payload.body.equals(bytes)).toBe(true);
  });

  it('given the corpus file text with LF, when handled as a frame, then the raw body is the bytes unchanged', async () => {
    const hub = given();
    const bytes = Buffer.from(corpusText('a02-ward-transfer.hl7'));
    await hub.pipeline.handleFrame(bytes);
    expect(hub.written[0]?.raw?.payload.body.equals(bytes)).toBe(true);
  });
});
