import { isLocalDate, parseAvro } from './logical-types';

/** A record of an instant (`at`) and a calendar day (`day`), with their logical types or as bare long and int. */
const instantAndDay = (types: 'logical' | 'bare') =>
  parseAvro({
    type: 'record',
    name: 'T',
    fields:
      types === 'logical'
        ? [
            { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
            { name: 'day', type: { type: 'int', logicalType: 'date' } },
          ]
        : [
            { name: 'at', type: 'long' },
            { name: 'day', type: 'int' },
          ],
  });

describe('logical types', () => {
  const type = instantAndDay('logical');

  it('round-trips timestamp-millis as Date and date as YYYY-MM-DD', () => {
    const value = { at: new Date('2025-03-30T00:59:59.999Z'), day: '2025-03-30' };
    const decoded = type.fromBuffer(type.toBuffer(value)) as typeof value;
    expect(decoded.at).toEqual(value.at);
    expect(decoded.day).toBe('2025-03-30');
  });

  it('writes the Avro encodings other languages expect (epoch millis, epoch days)', () => {
    const plain = instantAndDay('bare');
    const decoded = plain.fromBuffer(type.toBuffer({ at: new Date(86_400_000), day: '1970-01-03' })) as {
      at: number;
      day: number;
    };
    expect(decoded).toEqual({ at: 86_400_000, day: 2 });
  });

  it.each([
    ['a date string as timestamp', { at: '2025-01-01', day: '2025-01-01' }],
    ['an invalid Date', { at: new Date('nope'), day: '2025-01-01' }],
    ['a Date as date', { at: new Date(0), day: new Date(0) }],
    ['an impossible day', { at: new Date(0), day: '2025-02-30' }],
  ])('rejects %s', (_why, value) => {
    expect(type.isValid(value)).toBe(false);
  });

  it('gives the same days and dates however many it has seen (its cache is bounded)', () => {
    const plain = instantAndDay('bare');
    for (let pass = 0; pass < 2; pass += 1)
      for (let day = -500; day < 25_000; day += 1) {
        const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
        const written = type.toBuffer({ at: new Date(0), day: iso });
        expect((plain.fromBuffer(written) as { day: number }).day).toBe(day);
        expect((type.fromBuffer(plain.toBuffer({ at: 0, day })) as { day: string }).day).toBe(iso);
      }
    expect(type.isValid({ at: new Date(0), day: '2025-02-30' })).toBe(false);
    expect(type.isValid({ at: new Date(0), day: '2025-02-28' })).toBe(true);
  });

  it('knows real calendar days', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2025-02-29')).toBe(false);
    expect(isLocalDate('2025-1-1')).toBe(false);
  });
});

describe('logical types under schema resolution', () => {
  it('reads values written with the same logical type, or with its bare underlying type', () => {
    const reader = instantAndDay('logical');
    const bare = instantAndDay('bare');
    const value = { at: new Date(1_000), day: '1970-01-02' };
    expect(
      reader.fromBuffer(reader.toBuffer(value), reader.createResolver(parseAvro(reader.schema()))),
    ).toEqual(value);
    expect(reader.fromBuffer(bare.toBuffer({ at: 1_000, day: 1 }), reader.createResolver(bare))).toEqual(
      value,
    );
  });
});
