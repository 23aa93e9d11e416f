import { z } from 'zod';
import {
  parseStoredRecord,
  parseStoredValues,
  storedJson,
  storedInstant,
  storedRecord,
  UnreadableStoredRecordError,
} from './stored-record';

const checkpoint = storedRecord('checkpoint', 2, z.object({ at: z.string(), nhsNumber: z.string() }));
const legacy = storedRecord('legacy', 1, z.object({ count: z.number() }));
const KEY = 'ns:checkpoint:RXN';

describe('stored records', () => {
  it('given a record written with its version, when read back, then it parses without the version', () => {
    const text = storedJson(checkpoint, { at: '2025-01-06', nhsNumber: '9434765919' });
    expect(JSON.parse(text)).toEqual({ v: 2, at: '2025-01-06', nhsNumber: '9434765919' });
    expect(parseStoredRecord(checkpoint, KEY, text)).toEqual({ at: '2025-01-06', nhsNumber: '9434765919' });
  });

  it('given a record written before versions existed, then it reads as version 1', () => {
    expect(parseStoredRecord(legacy, KEY, '{"count":3}')).toEqual({ count: 3 });
    expect(() => parseStoredRecord(checkpoint, KEY, '{"at":"x","nhsNumber":"y"}')).toThrow(
      /version 1; this build reads version 2/,
    );
  });

  it('given a newer version, then a non-retriable error naming the key and both versions', () => {
    const read = () => parseStoredRecord(legacy, KEY, '{"v":3,"count":3}');
    expect(read).toThrow(UnreadableStoredRecordError);
    expect(read).toThrow(`Stored legacy at ${KEY} is unreadable: version 3; this build reads version 1`);
    const caught: unknown = (() => {
      try {
        return read();
      } catch (error) {
        return error;
      }
    })();
    expect(caught).toMatchObject({ code: 'STORED_RECORD_UNREADABLE', retriable: false });
  });

  it.each([
    ['not JSON', '{"nhsNumber":"9434765919"', /not JSON/],
    ['not an object', '["9434765919"]', /not a JSON object/],
    ['a field of the wrong type', '{"v":2,"at":1,"nhsNumber":"9434765919"}', /at: invalid_type/],
  ])('given %s, then the error names the key and the problem but never the content', (_why, text, detail) => {
    let error: unknown;
    try {
      parseStoredRecord(checkpoint, KEY, text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnreadableStoredRecordError);
    const { message, key } = error as UnreadableStoredRecordError;
    expect(key).toBe(KEY);
    expect(message).toMatch(detail);
    expect(message).not.toContain('9434765919');
    expect((error as Error).cause).toBeUndefined();
  });

  it('given hash values with a missing field, then it skips it and names the field of a bad one', () => {
    expect(parseStoredValues(legacy, 'ns:h', ['a', 'b', 'c'], ['{"count":1}', null, '{"count":2}'])).toEqual([
      { count: 1 },
      { count: 2 },
    ]);
    expect(() => parseStoredValues(legacy, 'ns:h', ['a', 'b'], ['{"count":1}', '{}'])).toThrow(
      'Stored legacy at ns:h b is unreadable: count: invalid_type',
    );
  });
});

describe('stored records with instants and fallbacks', () => {
  const pullCheckpoint = storedRecord(
    'pull checkpoint',
    1,
    z.object({ at: storedInstant, seen: z.array(z.string()) }),
  );

  it('round-trip with their version and instants', () => {
    const value = { at: new Date('2025-01-06T10:00:00.000Z'), seen: ['a'] };
    expect(JSON.parse(pullCheckpoint.serialise(value))).toMatchObject({
      v: 1,
      at: '2025-01-06T10:00:00.000Z',
    });
    expect(pullCheckpoint.parse('k', pullCheckpoint.serialise(value))).toEqual(value);
  });

  it('given a record that is not this record, then safeParse answers the error naming the key, not the values', () => {
    expect(() => pullCheckpoint.parse('fhir:pull:checkpoint:RXN', '{')).toThrow(
      'Stored pull checkpoint at fhir:pull:checkpoint:RXN is unreadable: not JSON',
    );
    const result = pullCheckpoint.safeParse('k', JSON.stringify({ v: 1, at: '9434765919', seen: [] }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(UnreadableStoredRecordError);
    expect(result.error).toMatchObject({ key: 'k', code: 'STORED_RECORD_UNREADABLE', retriable: false });
    expect(result.error.message).toMatch(/at:/);
    expect(result.error.message).not.toContain('9434765919');
  });
});

describe('storedJson', () => {
  it('writes exactly the text of the record with its version first, whatever the value', () => {
    const values: object[] = [
      {},
      { at: '2025-01-06', nested: { a: [1, { b: null }], when: new Date(0) }, skipped: undefined },
      { v: 7, at: 'x' }, // its own `v`: the stored version wins, as with a spread
      { toJSON: () => ({ replaced: true }) },
      { '1': 'integer-like keys first', z: 1 },
      { '01': 'a key starting with a digit', z: 1 },
    ];
    for (const value of values)
      expect(storedJson(checkpoint, value)).toBe(JSON.stringify({ v: 2, ...value }));
  });
});
