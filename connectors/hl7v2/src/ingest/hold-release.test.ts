import { sealHeld, unreadableHeldKey } from '@homefirst/runtime';
import { onTheWire } from '../testing/corpus';
import { given, testPersonKey } from '../testing/scenario';
import { heldMessageSchema, HL7_HELD_OWNER } from './held';

describe('held messages of other owners and unreadable ones', () => {
  it('given an A01 held and items of the FHIR connector and of nobody under the same MRN, when an A28 brings the identity, then the A01 is released, the FHIR item is put back untouched and the unreadable one is set aside under the trust key', async () => {
    const hub = given();
    await hub.when(onTheWire('a01-mrn-only.hl7'));
    const foreign = sealHeld('fhir', { unit: { facts: {} } });
    await hub.identity.hold('RXN', 'RXN5678901', foreign, '{"v":1,"owner":"hl7v2","payload":{}}');

    const identity = await hub.when(onTheWire('a28-add-person.hl7'));

    expect(identity.ack.code).toBe('AA');
    expect(hub.hospitalEvents().map((e) => [e.type, e.personKey])).toEqual([
      ['PatientAdmitted', testPersonKey('9991789561')],
    ]);
    expect(await hub.identity.learn('RXN', 'RXN5678901', '9991789561')).toEqual([foreign]);
    expect(hub.identity.setAsideItems.get(unreadableHeldKey('RXN'))).toEqual([
      JSON.stringify({ mrn: 'RXN5678901', item: '{"v":1,"owner":"hl7v2","payload":{}}' }),
    ]);
  });
});

describe('the held message payload', () => {
  it('round-trips through the held envelope with its instant intact', () => {
    const held = {
      rawEventId: 'raw-1',
      correlationId: 'c-1',
      receivedAt: new Date('2025-01-06T22:20:00.000Z'),
      hl7: 'MSH|^~\\&|PAS|RXN',
    };
    const item = JSON.parse(sealHeld(HL7_HELD_OWNER, held)) as { v: number; owner: string; payload: unknown };
    expect(item).toMatchObject({ v: 1, owner: 'hl7v2' });
    expect(heldMessageSchema.parse(item.payload)).toEqual(held);
  });
});
