import { eventFingerprint } from './fingerprint';

const event = {
  eventId: 'e1',
  type: 'PatientAdmitted',
  occurredAt: new Date('2026-12-01T09:00:00Z'),
  recordedAt: new Date('2026-12-01T09:00:01Z'),
  source: { channel: 'HL7V2', system: 'PAS', orgCode: 'RXN', messageId: 'M1' },
  personKey: 'pk',
  correlationId: 'c1',
  payload: { nhsNumber: '9991234012', ward: 'W1', bed: null as string | null },
};

describe('eventFingerprint', () => {
  it('ignores when and in which request the event was recorded', () => {
    const again = { ...event, recordedAt: new Date(), correlationId: 'c2' };
    expect(eventFingerprint(again)).toBe(eventFingerprint(event));
  });

  it('treats a missing optional field, null and undefined alike, and ignores key order', () => {
    const { bed: _bed, ...withoutBed } = event.payload;
    const { payload: _payload, ...envelope } = event;
    const reordered = { payload: { ward: 'W1', nhsNumber: '9991234012', bed: undefined }, ...envelope };
    expect(eventFingerprint({ ...event, payload: withoutBed })).toBe(eventFingerprint(event));
    expect(eventFingerprint(reordered)).toBe(eventFingerprint(event));
  });

  it('changes when anything the event says changes: a payload field, the event time, the source', () => {
    const base = eventFingerprint(event);
    expect(eventFingerprint({ ...event, payload: { ...event.payload, ward: 'W2' } })).not.toBe(base);
    expect(eventFingerprint({ ...event, occurredAt: new Date('2026-12-01T09:00:00.001Z') })).not.toBe(base);
    expect(eventFingerprint({ ...event, source: { ...event.source, messageId: 'M2' } })).not.toBe(base);
    expect(eventFingerprint({ ...event, payload: { ...event.payload, bed: 'B1' } })).not.toBe(base);
  });

  it('tells a Date from the same instant written as a string, and arrays in order', () => {
    expect(eventFingerprint({ at: new Date(0) })).not.toBe(
      eventFingerprint({ at: '1970-01-01T00:00:00.000Z' }),
    );
    expect(eventFingerprint({ list: [1, 2] })).not.toBe(eventFingerprint({ list: [2, 1] }));
  });
});
