import { z } from 'zod';
import { parseStoredRecord, storedInstant, storedRecord, StoredRecordError } from './stored-record';

const checkpoint = storedRecord(
  'pull checkpoint',
  z.object({ v: z.literal(1), at: storedInstant, seen: z.array(z.string()) }),
);

describe('stored records', () => {
  it('round-trip with their version and instants', () => {
    const value = { v: 1 as const, at: new Date('2025-01-06T10:00:00.000Z'), seen: ['a'] };
    expect(checkpoint.parse('k', checkpoint.serialise(value))).toEqual(value);
  });

  it('given a record that is not JSON or not this record, then a StoredRecordError names the key, not the values', () => {
    expect(() => checkpoint.parse('fhir:pull:checkpoint:RXN', '{')).toThrow(
      /pull checkpoint stored under fhir:pull:checkpoint:RXN is not readable: not JSON/,
    );
    const result = checkpoint.safeParse('k', JSON.stringify({ v: 1, at: '9434765919', seen: [] }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(StoredRecordError);
    expect(result.error).toMatchObject({ key: 'k', code: 'STORED_RECORD_UNREADABLE', retriable: false });
    expect(result.error.message).toMatch(/at:/);
    expect(result.error.message).not.toContain('9434765919');
    expect(() => parseStoredRecord('spell', z.object({ v: z.literal(2) }), 'k', '{"v":1}')).toThrow(
      /spell stored under k is not readable: v:/,
    );
  });
});
