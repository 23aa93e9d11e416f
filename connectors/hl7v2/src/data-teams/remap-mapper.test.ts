import { MemoryIdentityIndex } from '@homefirst/runtime';
import { createPersonKeyer, type RawEvent } from '@homefirst/schemas';
import { DEFAULT_MAPPING_SETTINGS } from '../mapping/settings';
import { onTheWire } from '../testing/corpus';
import { hl7RawMapper } from './remap-mapper';

// The HL7 remap mapper over raw records, with the live identity index in memory: held messages are retried
// with what the index knows today, and nothing the remap learns reaches the live index.

const mapping = {
  settings: DEFAULT_MAPPING_SETTINGS,
  personKey: createPersonKeyer('test-only-person-key-secret-0123456789abcdef'),
};
const rawOf = (file: string): RawEvent => ({
  eventId: `raw-${file}`,
  type: 'RawMessageReceived',
  occurredAt: new Date('2025-01-06T22:30:05Z'),
  recordedAt: new Date('2025-01-06T22:30:05Z'),
  source: { channel: 'HL7V2', system: 'PAS', orgCode: 'RXN', messageId: null },
  personKey: null,
  correlationId: 'c',
  payload: { transport: 'MLLP', contentType: 'x-application/hl7-v2+er7', body: Buffer.from(onTheWire(file)) },
});

describe('hl7RawMapper', () => {
  it('given a message held for an unknown MRN, when the live index has learned the MRN since, then it maps to its events', async () => {
    const live = new MemoryIdentityIndex();
    const held = await hl7RawMapper(mapping, live).map(rawOf('a01-mrn-only.hl7'));
    expect(held).toMatchObject({ status: 'held', events: [] });

    await live.learn('RXN', 'RXN5678901', '9991234012');
    const retried = await hl7RawMapper(mapping, live).map(rawOf('a01-mrn-only.hl7'));
    expect(retried.status).toBe('mapped');
    expect(retried.events.map((event) => event.type)).toEqual(['PatientAdmitted']);
    expect(retried.events[0]?.payload).toMatchObject({ nhsNumber: '9991234012' });
  });

  it('maps the same raw record to the same events (ids and content), whenever it runs', async () => {
    const first = await hl7RawMapper(mapping, new MemoryIdentityIndex()).map(
      rawOf('a01-emergency-admission.hl7'),
    );
    const again = await hl7RawMapper(mapping, new MemoryIdentityIndex()).map(
      rawOf('a01-emergency-admission.hl7'),
    );
    expect(first.status).toBe('mapped');
    const strip = (events: typeof first.events) =>
      events.map(({ correlationId: _c, recordedAt: _r, ...rest }) => rest);
    expect(strip(again.events)).toEqual(strip(first.events));
    expect(first.events[0]?.recordedAt).toEqual(new Date('2025-01-06T22:30:05Z'));
  });

  it('reports a message the mapping refuses today with its error code', async () => {
    const refused = await hl7RawMapper(mapping, new MemoryIdentityIndex()).map(
      rawOf('malformed-nhs-number-check-digit.hl7'),
    );
    expect(refused.status).toBe('refused');
    expect(refused.errorCode).toMatch(/^HL7_/);
  });
});
