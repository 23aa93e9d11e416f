import { onTheWire } from '../testing/corpus';
import { given } from '../testing/scenario';
import { SENDER_MISMATCH_REASON } from './sender';

// The organisation of a TLS connection (its client certificate) against what each message's MSH-4 says:
// the pipeline without servers, memory in place of Kafka.

const admission = onTheWire('a01-emergency-admission.hl7'); // MSH-4 RXN
const certifiedAs = (orgCode: string) => ({ orgCode });
const PATIENT_DATA = /999\d{7}|RXN\d{7}|THOMPSON|MARGARET|MILLBANK|19380214/;

describe('the sender organisation of a TLS connection', () => {
  it('given a certificate for RXN, when a message from MSH-4 RXN arrives, then AA and its events are from RXN', async () => {
    const hub = given();
    const result = await hub.pipeline.handleMessage(admission, Buffer.from(admission), certifiedAs('RXN'));
    expect(result.ack.code).toBe('AA');
    expect(hub.hospitalEvents().length).toBeGreaterThan(0);
    expect(new Set(hub.hospitalEvents().map((event) => event.source.orgCode))).toEqual(new Set(['RXN']));
  });

  it('given a certificate for RHF, when a message whose MSH-4 names RXN arrives, then AE 103 at MSH-4 naming the rule, dead-lettered as the certificate org, nothing on the hospital stream', async () => {
    const hub = given();
    const result = await hub.pipeline.handleMessage(admission, Buffer.from(admission), certifiedAs('RHF'));
    expect(result.ack).toEqual({
      code: 'AE',
      text: SENDER_MISMATCH_REASON,
      error: {
        condition: 'TABLE_VALUE_NOT_FOUND',
        location: { segment: 'MSH', field: 4 },
        reason: SENDER_MISMATCH_REASON,
      },
    });
    expect(result.errorCode).toBe('HL7_SENDING_FACILITY_NOT_CERTIFIED');
    expect(hub.hospitalEvents()).toEqual([]);
    const [batch] = hub.written;
    expect(batch?.raw?.source.orgCode).toBe('RHF');
    expect(batch?.deadLetters?.[0]).toMatchObject({
      source: { orgCode: 'RHF', messageId: 'RXN-PAS-000101' },
      payload: {
        stage: 'VALIDATE',
        errorCode: 'HL7_SENDING_FACILITY_NOT_CERTIFIED',
        reason: SENDER_MISMATCH_REASON,
        retriable: false,
        rawEventId: batch?.raw?.eventId,
      },
    });
    for (const text of [result.ack.text, batch?.deadLetters?.[0]?.payload.reason ?? ''])
      expect(text).not.toMatch(PATIENT_DATA);
  });

  it('given a mismatch in a frame, then the ACK on the wire is AE with ERR 103 at MSH-4 and no patient data', async () => {
    const ack = (await given().pipeline.handleFrame(Buffer.from(admission), certifiedAs('RHF'))).toString(
      'utf8',
    );
    expect(ack).toContain(`\rMSA|AE|RXN-PAS-000101|${SENDER_MISMATCH_REASON}`);
    expect(ack).toContain('\rERR|MSH^1^4^103&Table value not found&HL70357');
    expect(ack).not.toMatch(PATIENT_DATA);
  });

  it('given a facility name mapped to the certificate org, when it arrives, then AA (MSH-4 is read as the envelope reads it)', async () => {
    const named = admission.replace('|PAS|RXN|', '|PAS|ROYAL PRESTON|');
    const hub = given({ settings: { facilityOrgCodes: new Map([['ROYAL PRESTON', 'RHF']]) } });
    const result = await hub.pipeline.handleMessage(named, Buffer.from(named), certifiedAs('RHF'));
    expect(result.ack.code).toBe('AA');
  });

  it('given a plaintext connection (no certificate), then MSH-4 decides as before', async () => {
    const hub = given();
    expect((await hub.pipeline.handleMessage(admission, Buffer.from(admission))).ack.code).toBe('AA');
    expect(hub.hospitalEvents()[0]?.source.orgCode).toBe('RXN');
  });
});
