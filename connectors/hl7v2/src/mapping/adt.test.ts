import { isValidNhsNumber, normaliseNhsNumber } from '@homefirst/schemas';
import { corpusFiles, corpusText, onTheWire } from '../testing/corpus';
import { essentials, given, testPersonKey, TEST_NOW } from '../testing/scenario';
import { testNhsNumber } from '../testing/synthetic';
import { eventIdOf } from './adt';
import { DEFAULT_MAPPING_SETTINGS } from './settings';

// The mapping, given / when / then, on the UK corpus (connectors/hl7v2/corpus): ITK-style ADT from a PAS
// (RXN, v2.4, UTF-8), with Z-segments, escape sequences, repeating fields, batches and messages without PV1.

const margaret = { nhsNumber: '9991234012', mrn: 'RXN1234567' };
const pas = (messageId: string) => ({ channel: 'HL7V2', system: 'PAS', orgCode: 'RXN', messageId }) as const;
/** Sends the corpus message `file` with the first `from` replaced by `to`, into a hub with no history. */
const sentEdited = (file: string, from: string, to: string) =>
  given().when(onTheWire(file).replace(from, to));
/** The essentials of an event of Margaret's spell V000123, sent by the PAS in message `messageId`. */
const margaretEvent = (
  type: string,
  occurredAt: string,
  messageId: string,
  fields: Record<string, unknown>,
) => ({
  type,
  occurredAt,
  personKey: testPersonKey(margaret.nhsNumber),
  source: pas(messageId),
  payload: { nhsNumber: margaret.nhsNumber, spellId: 'V000123', ...fields },
});
const ward = (wardCode: string, room: string | null, bed: string | null) => ({
  site: 'RXN02',
  ward: wardCode,
  room,
  bed,
});

describe('the corpus', () => {
  it('uses only NHS numbers in the 999 test range that pass modulus 11 (except the one meant to fail)', () => {
    const numbers = corpusFiles()
      .filter((file) => file !== 'malformed-nhs-number-check-digit.hl7')
      .flatMap((file) =>
        [...corpusText(file).matchAll(/(?<![\d])(999 ?\d{3} ?\d{4})(?!\d)/g)].map((m) => m[1] ?? ''),
      );
    expect(numbers.length).toBeGreaterThan(20);
    // written as the corpus writes them, with or without spaces
    for (const number of numbers) expect(normaliseNhsNumber(number)).not.toBeNull();
    expect(isValidNhsNumber('9991234013')).toBe(false);
  });
});

describe('A01 admit', () => {
  it('given an ITK emergency admission with NHS number and MRN, when mapped, then PatientAdmitted at PV1-44 and the expected discharge date', async () => {
    const hub = given();
    const result = await hub.when(onTheWire('a01-emergency-admission.hl7'));
    expect(result.ack).toEqual({ code: 'AA', text: 'accepted', error: null });
    expect(result.events.map(essentials)).toEqual([
      // occurredAt PV1-44, GMT
      margaretEvent('PatientAdmitted', '2025-01-06T09:25:00.000Z', 'RXN-PAS-000101', {
        location: ward('WARD7', 'BAY2', 'B3'),
        patientClass: 'INPATIENT',
        admissionMethodCode: '21',
        // PID-7 1938-02-14: 86 at admission; PV1-14 19 (usual place of residence)
        ageBandAtAdmission: 'AGE_85_AND_OVER',
        usualPlaceOfResidence: 'PRIVATE_RESIDENCE',
        admissionSourceCode: '19',
      }),
      // occurredAt EVN-6
      margaretEvent('ExpectedDischargeDateSet', '2025-01-06T09:25:00.000Z', 'RXN-PAS-000101', {
        expectedDischargeDate: '2025-01-10',
      }),
    ]);
    expect(result.events[0]?.eventId).toBe(eventIdOf(pas('RXN-PAS-000101'), 'PatientAdmitted'));
    expect(result.events[0]?.recordedAt).toEqual(TEST_NOW);
  });

  it('given a summer admission sent in local time, when mapped, then the time is read as BST (UTC+1)', async () => {
    const result = await given().when(onTheWire('a01-summer-time-admission.hl7'));
    expect(result.events[0]?.occurredAt.toISOString()).toBe('2025-07-12T13:30:00.000Z');
    expect(result.events[0]?.payload).toMatchObject({
      location: { site: 'RXN02', ward: 'AMU', room: null, bed: '12' },
    });
  });

  it('given LF line ends (a file export) instead of CR, when mapped, then the same events', async () => {
    const wire = await given().when(onTheWire('a01-emergency-admission.hl7'));
    const file = await given().when(corpusText('a01-emergency-admission.hl7'));
    expect(file.events.map(essentials)).toEqual(wire.events.map(essentials));
  });

  it('given the NHS number as "999 156 7348^^^NHS^HN" and the MRN typed PI, when mapped, then both are recognised', async () => {
    const hub = given();
    const result = await hub.when(onTheWire('a01-nhs-type-variants.hl7'));
    expect(result.events[0]?.payload).toMatchObject({ nhsNumber: '9991567348' });
    expect(await hub.identity.resolve('RXN', 'RXN4567890')).toBe('9991567348');
  });

  it.each([
    ['NHS authority, type NH', '9991234012^^^NHS^NH'],
    ['NHS authority, no type', '9991234012^^^NHS'],
    ['NHS authority, type NHS', '9991234012^^^NHS^NHS'],
    ['NHS number OID as universal id', '9991234012^^^&2.16.840.1.113883.2.1.4.1&ISO^NH'],
    ['type NH, no authority', '9991234012^^^^NH'],
  ])('given PID-3 with the NHS number as %s, when mapped, then it is the NHS number', async (_case, cx) => {
    const result = await sentEdited('a01-emergency-admission.hl7', '9991234012^^^NHS^NH', cx);
    expect(result.events[0]?.payload).toMatchObject({ nhsNumber: margaret.nhsNumber });
  });

  it.each([
    [
      'the NHS number only in PID-2 (v2.3 feeds), when mapped, then it is used',
      'PID|1||9991234012^^^NHS^NH~RXN1234567^^^RXN^MR',
      'PID|1|9991234012^^^NHS^NH|RXN1234567^^^RXN^MR',
      { nhsNumber: margaret.nhsNumber },
    ],
    [
      'escape sequences in values, when mapped, then they are decoded',
      'WARD7^BAY2^B3',
      'WARD\\T\\7^BAY\\S\\2^B\\X33\\',
      { location: { ward: 'WARD&7', room: 'BAY^2', bed: 'B3' } },
    ],
  ])('given %s', async (_case, from, to, expected) => {
    const result = await sentEdited('a01-emergency-admission.hl7', from, to);
    expect(result.events[0]?.payload).toMatchObject(expected);
  });
});

describe('A02 transfer and A12 cancel transfer', () => {
  it('given a ward transfer, when mapped, then PatientTransferred from PV1-6 to PV1-3 at EVN-6', async () => {
    const result = await given().when(onTheWire('a02-ward-transfer.hl7'));
    expect(result.events.map(essentials)).toEqual([
      margaretEvent('PatientTransferred', '2025-01-07T11:00:00.000Z', 'RXN-PAS-000102', {
        from: ward('WARD7', 'BAY2', 'B3'),
        to: ward('WARD12', 'SIDE ROOM 1', 'B1'),
      }),
    ]);
  });

  it('given a cancelled transfer, when mapped, then a move back to the location before it', async () => {
    const result = await given().when(onTheWire('a12-cancel-transfer.hl7'));
    expect(result.events.map((e) => [e.type, e.payload])).toEqual([
      [
        'PatientTransferred',
        {
          nhsNumber: margaret.nhsNumber,
          spellId: 'V000123',
          from: ward('WARD12', 'SIDE ROOM 1', 'B1'),
          to: ward('WARD7', 'BAY2', 'B3'),
        },
      ],
    ]);
  });
});

describe('A08 update: discharge readiness and expected discharge date', () => {
  it('given a ZDR declaring the patient ready on pathway 1 awaiting a new package, when mapped, then DischargeReadyDeclared with the DRD, time, pathway and delay, and the EDD', async () => {
    const result = await given().when(onTheWire('a08-discharge-ready-zdr.hl7'));
    expect(result.events.map((e) => [e.type, e.payload])).toEqual([
      [
        'ExpectedDischargeDateSet',
        { nhsNumber: margaret.nhsNumber, spellId: 'V000123', expectedDischargeDate: '2025-01-10' },
      ],
      [
        'DischargeReadyDeclared',
        {
          nhsNumber: margaret.nhsNumber,
          spellId: 'V000123',
          dischargeReadyDate: '2025-01-08',
          dischargeReadyAt: new Date('2025-01-08T08:00:00.000Z'),
          proposedPathway: 'P1',
          delay: { reason: 'AWAITING_P1_NEW_PACKAGE', attribution: 'SOCIAL_CARE' },
        },
      ],
    ]);
  });

  it('given readiness sent as OBX with local codes, when mapped, then the same event, the DRD a date without time', async () => {
    const result = await given().when(onTheWire('a08-discharge-ready-obx.hl7'));
    expect(result.events.map((e) => [e.type, e.source.system, e.payload])).toEqual([
      [
        'DischargeReadyDeclared',
        'EPR',
        {
          nhsNumber: '9991456236',
          spellId: 'V000789',
          dischargeReadyDate: '2025-01-08',
          dischargeReadyAt: null,
          proposedPathway: 'P2',
          delay: { reason: 'AWAITING_P2_BED', attribution: 'BOTH' },
        },
      ],
    ]);
  });

  it('given the trust sends its own OBX codes and the hub is configured for them, when mapped, then they are read', async () => {
    const message = onTheWire('a08-discharge-ready-obx.hl7')
      .replace(/HF-DRD/, 'DRDATE')
      .replace(/HF-NCTR/, 'NCTR');
    const settings = {
      readiness: {
        source: 'obx' as const,
        segment: 'ZDR',
        obxCodes: {
          readyAt: 'DRDATE',
          status: 'NCTR',
          pathway: 'HF-PATHWAY',
          delayReason: 'HF-DELAY',
          criterion: 'HF-CTR',
          attribution: 'HF-ATTRIBUTION',
        },
      },
    };
    const result = await given({ settings }).when(message);
    expect(result.events.map((e) => e.type)).toEqual(['DischargeReadyDeclared']);
    const unconfigured = await given().when(message);
    expect(unconfigured.events).toEqual([]);
    expect(unconfigured.ack.text).toBe('accepted; nothing the hub tracks changed');
  });

  it('given the Z-segment renamed by configuration, when mapped, then it is read', async () => {
    const message = onTheWire('a08-discharge-ready-zdr.hl7').replace('\rZDR|', '\rZHF|');
    const settings = {
      readiness: {
        source: 'zsegment' as const,
        segment: 'ZHF',
        obxCodes: { readyAt: '', status: '', pathway: '', delayReason: '', criterion: '', attribution: '' },
      },
    };
    const result = await given({ settings }).when(message);
    expect(result.events.map((e) => e.type)).toEqual(['ExpectedDischargeDateSet', 'DischargeReadyDeclared']);
  });

  it('given ZDR status W with criterion 02, when mapped, then DischargeReadinessWithdrawn (oxygen therapy)', async () => {
    const result = await given().when(onTheWire('a08-readiness-withdrawn.hl7'));
    expect(result.events.map((e) => [e.type, e.payload])).toEqual([
      [
        'DischargeReadinessWithdrawn',
        { nhsNumber: margaret.nhsNumber, spellId: 'V000123', criterion: 'CTR02_OXYGEN_THERAPY' },
      ],
    ]);
  });

  it('given a delay attribution sent in ZDR-6, when mapped, then it replaces the hub default', async () => {
    const result = await sentEdited(
      'a08-discharge-ready-zdr.hl7',
      'AWAITING_P1_NEW_PACKAGE||',
      'AWAITING_P1_NEW_PACKAGE||BOTH',
    );
    expect(result.events[1]?.payload).toMatchObject({
      delay: { reason: 'AWAITING_P1_NEW_PACKAGE', attribution: 'BOTH' },
    });
  });
});

describe("delay reasons: hub codes of either return, and the trust's own codes (docs/delay-reasons.md)", () => {
  it('given a current-return code in ZDR-4, when mapped, then it is kept with its default attribution', async () => {
    const result = await sentEdited(
      'a08-discharge-ready-zdr.hl7',
      'AWAITING_P1_NEW_PACKAGE||',
      'P2_BED_NOT_AVAILABLE||',
    );
    expect(result.events[1]?.payload).toMatchObject({
      delay: { reason: 'P2_BED_NOT_AVAILABLE', attribution: 'BOTH' },
    });
  });

  it('given a local code configured for the trust, when mapped, then the hub code; unconfigured, AE 103', async () => {
    const message = onTheWire('a08-discharge-ready-zdr.hl7').replace(
      'AWAITING_P1_NEW_PACKAGE||',
      'MFFD-OT||',
    );
    const settings = {
      readiness: {
        ...DEFAULT_MAPPING_SETTINGS.readiness,
        delayReasonCodes: new Map([['MFFD-OT', 'AWAITING_THERAPY_REVIEW_FOR_SUPPORTED_DISCHARGE' as const]]),
      },
    };
    const configured = await given({ settings }).when(message);
    expect(configured.events[1]?.payload).toMatchObject({
      delay: { reason: 'AWAITING_THERAPY_REVIEW_FOR_SUPPORTED_DISCHARGE', attribution: 'NHS' },
    });
    const unconfigured = await given().when(message);
    expect(unconfigured.events).toEqual([]);
    expect(unconfigured.ack.text).toContain('delay reason');
  });
});

describe('A03 discharge', () => {
  it('given a discharge home on pathway 1, when mapped, then PatientDischarged at PV1-45 to DD19 with the actual pathway', async () => {
    const result = await given().when(onTheWire('a03-discharge-home.hl7'));
    expect(result.events.map(essentials)).toEqual([
      margaretEvent('PatientDischarged', '2025-01-10T15:15:00.000Z', 'RXN-PAS-000105', {
        destination: 'DD19_USUAL_PLACE_OF_RESIDENCE',
        actualPathway: 'P1',
        dischargeMethodCode: '1',
      }),
    ]);
  });

  it('given a patient who died in hospital (method 4, destination 79, PID-30 Y), when mapped, then PatientDischarged and PatientDied at the time of death', async () => {
    const result = await given().when(onTheWire('a03-died-in-hospital.hl7'));
    expect(result.events.map((e) => [e.type, e.occurredAt.toISOString(), e.payload])).toEqual([
      [
        'PatientDischarged',
        '2025-02-14T04:40:00.000Z',
        {
          nhsNumber: '9991567348',
          spellId: 'V000901',
          destination: 'DD79_DIED',
          actualPathway: 'UNKNOWN',
          dischargeMethodCode: '4',
        },
      ],
      ['PatientDied', '2025-02-14T04:40:00.000Z', { nhsNumber: '9991567348', spellId: 'V000901' }],
    ]);
  });

  it('given a two-digit destination in PV1-36 and no PV1-37, when mapped, then it is the destination', async () => {
    const result = await sentEdited('a03-discharge-home.hl7', '|1|19|', '|54||');
    expect(result.events[0]?.payload).toMatchObject({
      destination: 'DD54_NHS_CARE_HOME',
      dischargeMethodCode: null,
    });
  });
});

describe('cancellations and leave', () => {
  it.each([
    ['a11-cancel-admission.hl7', 'AdmissionCancelled', { nhsNumber: '9991789561', spellId: 'V001001' }],
    ['a13-cancel-discharge.hl7', 'DischargeCancelled', { nhsNumber: margaret.nhsNumber, spellId: 'V000123' }],
    [
      'a21-leave-of-absence.hl7',
      'LeaveOfAbsenceStarted',
      { nhsNumber: '9991456236', spellId: 'V000789', expectedReturnAt: new Date('2025-03-15T18:00:00.000Z') },
    ],
    ['a22-return-from-leave.hl7', 'LeaveOfAbsenceEnded', { nhsNumber: '9991456236', spellId: 'V000789' }],
  ])('given %s, when mapped, then %s', async (file, type, payload) => {
    const result = await given().when(onTheWire(file));
    expect(result.events.map((e) => [e.type, e.payload])).toEqual([[type, payload]]);
  });
});

describe('identity-only, registration and merge', () => {
  it('given an A28 without PV1, when mapped, then no event, AA, and the MRN now resolves to the NHS number', async () => {
    const hub = given();
    const result = await hub.when(onTheWire('a28-add-person.hl7'));
    expect(result.ack).toEqual({
      code: 'AA',
      text: 'accepted; identity recorded, no hospital event',
      error: null,
    });
    expect(result.events).toEqual([]);
    expect(await hub.identity.resolve('RXN', 'RXN5678901')).toBe('9991789561');
    expect(hub.written).toHaveLength(1);
    expect(hub.written[0]?.raw?.personKey).toBe(testPersonKey('9991789561'));
  });

  it.each([
    ['a31-update-person.hl7', 'accepted; identity recorded, no hospital event'],
    ['a04-ed-registration.hl7', 'accepted; registration stored, no hospital event'],
    ['a05-pre-admission.hl7', 'accepted; pre-admission stored, events follow the admission (A01)'],
  ])('given %s, when mapped, then AA with no event and the raw message kept', async (file, text) => {
    const hub = given();
    const result = await hub.when(onTheWire(file));
    expect(result.ack).toEqual({ code: 'AA', text, error: null });
    expect(result.events).toEqual([]);
    expect(hub.written.map((batch) => batch.raw?.type)).toEqual(['RawMessageReceived']);
  });

  it('given an A17 (swap patients), when mapped, then AA, stored only', async () => {
    const message = onTheWire('a02-ward-transfer.hl7')
      .replace('ADT^A02^ADT_A02', 'ADT^A17^ADT_A17')
      .replace('EVN|A02', 'EVN|A17');
    const result = await given().when(message);
    expect(result.ack.text).toBe('accepted; trigger not used by the hub, stored only');
    expect(result.events).toEqual([]);
  });

  it('given an A40 merging a retired MRN into the surviving patient, when mapped, then PatientsMerged and the retired MRN resolves to the survivor', async () => {
    const hub = given();
    const result = await hub.when(onTheWire('a40-merge.hl7'));
    expect(result.events.map((e) => [e.type, e.personKey, e.payload])).toEqual([
      [
        'PatientsMerged',
        testPersonKey('9991567348'),
        {
          nhsNumber: '9991567348',
          retiredPatientId: 'RXN9999001',
          retiredNhsNumber: null,
          retiredPersonKey: null,
        },
      ],
    ]);
    expect(await hub.identity.resolve('RXN', 'RXN9999001')).toBe('9991567348');
  });

  it('given an A40 whose retired record had another NHS number, when mapped, then its personKey is carried', async () => {
    const result = await sentEdited(
      'a40-merge.hl7',
      'MRG|RXN9999001^^^RXN^MR',
      'MRG|RXN9999001^^^RXN^MR~9992011785^^^NHS^NH',
    );
    expect(result.events[0]?.payload).toMatchObject({
      retiredNhsNumber: '9992011785',
      retiredPersonKey: testPersonKey('9992011785'),
    });
  });
});

describe('batches', () => {
  it('given an FHS/BHS batch of three messages, when the frame is handled, then each is mapped in order and the reply is a batch ACK', async () => {
    const hub = given();
    const ack = (await hub.pipeline.handleFrame(Buffer.from(onTheWire('batch-fhs-bhs.hl7')))).toString(
      'utf8',
    );
    expect(hub.hospitalEvents().map((e) => [e.type, e.source.messageId])).toEqual([
      ['PatientAdmitted', 'RXN-PAS-002001'],
      ['PatientTransferred', 'RXN-PAS-002002'],
      ['ExpectedDischargeDateSet', 'RXN-PAS-002003'],
    ]);
    const segments = ack.split('\r').map((segment) => segment.split('|').slice(0, 3).join('|'));
    expect(segments.filter((s) => s.startsWith('MSA'))).toEqual([
      'MSA|AA|RXN-PAS-002001',
      'MSA|AA|RXN-PAS-002002',
      'MSA|AA|RXN-PAS-002003',
    ]);
    expect(ack.startsWith('FHS|')).toBe(true);
    expect(ack).toContain('\rBTS|3\r');
  });
});

describe('synthetic volume messages', () => {
  it('use distinct NHS numbers that pass modulus 11', () => {
    const numbers = Array.from({ length: 2000 }, (_, n) => testNhsNumber(n));
    expect(new Set(numbers).size).toBe(2000);
    for (const number of numbers) expect(isValidNhsNumber(number)).toBe(true);
  });
});
