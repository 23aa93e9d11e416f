import { Hl7Document, valueOf } from '../hl7/message';
import { ackHeaderOf } from '../mapping/header';
import { onTheWire } from '../testing/corpus';
import { buildAck } from './ack';
import { acknowledgementOf } from './outcome';
import { Hl7ContentError } from '../hl7/errors';
import { UnavailableError } from '@homefirst/runtime';

const now = new Date('2025-01-06T09:30:01.000Z');
const headerOf = (file: string, version?: string) => {
  const text = version ? onTheWire(file).replace('|P|2.4|', `|P|${version}|`) : onTheWire(file);
  return ackHeaderOf(Hl7Document.parse(text));
};
/** The ACK, with this control id, that answers the A01 emergency admission of the corpus. */
const admissionAck = (answer: Parameters<typeof buildAck>[1], controlId: string) =>
  buildAck(headerOf('a01-emergency-admission.hl7'), answer, now, controlId);

describe('ACK', () => {
  it('given an accepted v2.4 message, then MSH swaps sender and receiver, keeps version and processing id, and MSA echoes MSH-10', () => {
    const ack = admissionAck({ code: 'AA', text: 'accepted', error: null }, 'ACK1');
    expect(ack.split('\r')).toEqual([
      'MSH|^~\\&|HOMEFIRST|HUB|PAS|RXN|20250106093001+0000||ACK^A01^ACK|ACK1|P|2.4',
      'MSA|AA|RXN-PAS-000101|accepted',
    ]);
    const parsed = Hl7Document.parse(ack);
    expect(valueOf(parsed.segment('MSA'), 2)).toBe('RXN-PAS-000101');
  });

  it('given content the sender must fix in a v2.4 message, then AE with ERR-1 (segment^sequence^field^code&text&HL70357)', () => {
    const error = new Hl7ContentError(
      'REQUIRED_FIELD_MISSING',
      { segment: 'PV1', field: 19 },
      'PV1-19 (visit number) is required and missing',
    );
    const ack = admissionAck(acknowledgementOf(error), 'ACK2');
    expect(ack.split('\r').slice(1)).toEqual([
      'MSA|AE|RXN-PAS-000101|PV1-19 (visit number) is required and missing',
      'ERR|PV1^1^19^101&Required field missing&HL70357',
    ]);
  });

  it('given the same in a v2.5 message, then ERR-2 location, ERR-3 code, ERR-4 severity and ERR-8 the reason', () => {
    const error = new Hl7ContentError(
      'TABLE_VALUE_NOT_FOUND',
      { segment: 'ZDR', field: 4 },
      'ZDR-4 (delay reason) is not a known code; expected a sitrep delay reason code (see README)',
    );
    const ack = buildAck(headerOf('a21-leave-of-absence.hl7', '2.5'), acknowledgementOf(error), now, 'ACK3');
    const [, msa, err] = ack.split('\r');
    expect(msa?.length).toBeLessThanOrEqual('MSA|AE|RXN-PAS-000501|'.length + 80);
    expect(err).toBe(
      'ERR||ZDR^1^4|103^Table value not found^HL70357|E||||ZDR-4 (delay reason) is not a known code; expected a sitrep delay reason code (see README)',
    );
  });

  it('given Kafka is unavailable, then AR with 207 and a retry-later text', () => {
    const ack = admissionAck(
      acknowledgementOf(new UnavailableError('down', { dependency: 'kafka' })),
      'ACK4',
    );
    expect(ack.split('\r').slice(1)).toEqual([
      'MSA|AR|RXN-PAS-000101|the hub cannot store messages at the moment; send again later',
      'ERR|^^^207&Application internal error&HL70357',
    ]);
  });

  it('escapes separators in texts', () => {
    const ack = admissionAck({ code: 'AA', text: 'a|b^c', error: null }, 'ACK5');
    expect(ack.split('\r')[1]).toBe('MSA|AA|RXN-PAS-000101|a\\F\\b\\S\\c');
  });
});
