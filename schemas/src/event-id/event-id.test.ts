import { derivedEventId, eventIdFor, uuidV5 } from './event-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('eventId', () => {
  const source = { channel: 'HL7V2', orgCode: 'RXN', messageId: 'MSG00001' };

  it('is a deterministic UUID v5 when the source message has an id, so resends dedupe', () => {
    const id = eventIdFor(source, 'PatientAdmitted');
    expect(id).toMatch(UUID);
    expect(id[14]).toBe('5');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
    expect(eventIdFor({ ...source }, 'PatientAdmitted')).toBe(id);
  });

  it('differs by event type, part, sender and message', () => {
    const ids = new Set([
      eventIdFor(source, 'PatientAdmitted'),
      eventIdFor(source, 'PatientTransferred'),
      eventIdFor(source, 'PatientAdmitted', 'entry-2'),
      eventIdFor({ ...source, orgCode: 'RXH' }, 'PatientAdmitted'),
      eventIdFor({ ...source, messageId: 'MSG00002' }, 'PatientAdmitted'),
    ]);
    expect(ids.size).toBe(5);
  });

  it('joins parts unambiguously', () => {
    expect(uuidV5(['a', 'bc'])).not.toBe(uuidV5(['ab', 'c']));
  });

  it('is random when the source has no id', () => {
    const noId = { ...source, messageId: null };
    expect(eventIdFor(noId, 'PatientAdmitted')).not.toBe(eventIdFor(noId, 'PatientAdmitted'));
  });

  it('derives alert ids from what identifies the alert', () => {
    expect(derivedEventId('DischargeDeadlineBreached', 'pk', 'V1', '2025-01-06T08:00:00.000Z')).toBe(
      derivedEventId('DischargeDeadlineBreached', 'pk', 'V1', '2025-01-06T08:00:00.000Z'),
    );
  });
});
