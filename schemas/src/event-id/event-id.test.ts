import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { derivedEventId, EVENT_ID_NAMESPACE, eventIdFor, uuidV5 } from './event-id';

/** RFC 9562 section 5.5 written out plainly, to check the fast uuidV5 against. */
const referenceUuidV5 = (parts: readonly string[]): string => {
  const bytes = createHash('sha1')
    .update(Buffer.from(EVENT_ID_NAMESPACE.replace(/-/g, ''), 'hex'))
    .update(parts.join('\u001f'), 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
};

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

  it("gives the ids it has always given: they are in topics and councils' systems for good", () => {
    expect(uuidV5(['a', 'bc'])).toBe('4f053626-5235-5f65-a958-032e00c8dcc7');
    expect(eventIdFor(source, 'PatientAdmitted')).toBe('cc013f5a-e71a-500e-ac2c-f8378432cde4');
    expect(derivedEventId('FeedEvent', 'E08000012', '2dfb96e5-8241-5b01-9fd7-64849e7a0e84')).toBe(
      '5124d8b4-02d0-52a4-9350-007473a64cab',
    );
    expect(uuidV5(['ünïcödé ✓', '😀', 'x'.repeat(3000)])).toBe('75c375b2-4ab6-59ef-b5f4-a657395c7e3f');
    expect(uuidV5([])).toBe('c5f5662d-8a51-5558-b988-e6ee1bd4dd62');
    expect(uuidV5([''])).toBe(uuidV5([]));
  });

  it('is RFC 9562 version 5 of the joined parts, for any text (long, non-ASCII, lone surrogates)', () => {
    // Any code point, and any UTF-16 unit alone (a lone surrogate is written as U+FFFD both ways).
    const part = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.string({ unit: fc.nat(0xffff).map((c) => String.fromCharCode(c)), maxLength: 400 }),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), (parts) => {
        expect(uuidV5(parts)).toBe(referenceUuidV5(parts));
      }),
      { numRuns: 2_000 },
    );
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
