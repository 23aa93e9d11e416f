/**
 * patches/kafkajs+2.2.4.patch, part 8 (patches/README.md): kafkajs's record decoder sums offsets and
 * timestamps, and reads the timestamp delta, in number arithmetic when exact, and builds a record's headers
 * in one object. Same offsets, timestamps and headers as kafkajs's Long (BigInt) arithmetic gives.
 */

// kafkajs's internal modules (no types; the shapes used are the ones below).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (record: {
  offsetDelta: number;
  timestampDelta: unknown;
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, string | string[]>;
}) => { readonly buffer: Buffer };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RecordDecoder = require('kafkajs/src/protocol/recordBatch/record/v0/decoder') as (
  decoder: KafkaDecoder,
  batchContext: { firstOffset: string; firstTimestamp: string },
) => DecodedRecord;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => KafkaDecoder;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Encoder = require('kafkajs/src/protocol/encoder') as new () => {
  writeVarLong(value: unknown): { readonly buffer: Buffer };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Long = require('kafkajs/src/utils/long') as {
  fromValue(value: unknown): unknown;
  fromInt(value: number): unknown;
};

interface KafkaDecoder {
  readVarInt(): number;
  readSafeVarLong(): number | { toString(): string };
}

interface DecodedRecord {
  readonly offset: string;
  readonly timestamp: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, Buffer | null | (Buffer | null)[]>;
}

/** Encodes a record as a producer does, then decodes it as a consumer does (its length first). */
const roundTrip = (
  record: Parameters<typeof Record>[0],
  context: { firstOffset: string; firstTimestamp: string },
): DecodedRecord => {
  const decoder = new Decoder(Record(record).buffer);
  decoder.readVarInt();
  return RecordDecoder(decoder, context);
};

const text = (value: Buffer | null | (Buffer | null)[] | undefined): unknown =>
  Array.isArray(value) ? value.map((v) => v?.toString()) : value?.toString();

describe("kafkajs's record decoder (patched)", () => {
  it('gives every offset and timestamp as the exact decimal sum, also beyond the safe integers', () => {
    const firsts = ['0', '1700000000000', '-1', '9007199254740990', '9223372036854775000'];
    const deltas = [0, 1, -1, 5_000, -86_400_000, 2 ** 48, -(2 ** 48), 2 ** 49 + 3, 2 ** 53 - 1];
    for (const first of firsts)
      for (const [i, delta] of deltas.entries()) {
        const offsetDelta = i * 1_000_003;
        const decoded = roundTrip(
          { offsetDelta, timestampDelta: delta, key: 'k', value: 'v' },
          { firstOffset: first, firstTimestamp: first },
        );
        expect(decoded.offset).toBe(String(BigInt(first) + BigInt(offsetDelta)));
        expect(decoded.timestamp).toBe(String(BigInt(first) + BigInt(delta)));
      }
  });

  it('reads a varlong as a number up to 7 bytes and as a Long beyond, the same value either way', () => {
    for (const value of [0, -1, 1, 2 ** 48 - 1, -(2 ** 48), 2 ** 48, 2 ** 52, -(2 ** 53) + 1]) {
      const read = new Decoder(new Encoder().writeVarLong(value).buffer).readSafeVarLong();
      expect(read.toString()).toBe(String(value));
      // Seven bytes hold a zig-zag below 2^49: the values from -(2^48) to 2^48 - 1.
      expect(typeof read).toBe(value >= -(2 ** 48) && value < 2 ** 48 ? 'number' : 'object');
    }
  });

  it('keeps key, value and headers; a repeated header name collects its values, in order', () => {
    const decoded = roundTrip(
      {
        offsetDelta: 0,
        timestampDelta: 0,
        key: 'person-1',
        value: Buffer.from([0, 1, 2]),
        headers: { eventId: 'e-1', type: ['A', 'B', 'C'], correlationId: 'c' },
      },
      { firstOffset: '0', firstTimestamp: '0' },
    );
    expect(decoded.key?.toString()).toBe('person-1');
    expect(decoded.value).toEqual(Buffer.from([0, 1, 2]));
    expect(Object.keys(decoded.headers)).toEqual(['eventId', 'type', 'correlationId']);
    expect(text(decoded.headers.eventId)).toBe('e-1');
    expect(text(decoded.headers.type)).toEqual(['A', 'B', 'C']);
  });

  it('gives a header named like an Object.prototype member its own value, and never sets the prototype', () => {
    const headers = Object.defineProperty({ toString: 'x' }, '__proto__', {
      value: 'p',
      enumerable: true,
    });
    const decoded = roundTrip(
      { offsetDelta: 0, timestampDelta: 0, key: null, value: null, headers },
      { firstOffset: '0', firstTimestamp: '0' },
    );
    expect(String(Object.getOwnPropertyDescriptor(decoded.headers, 'toString')?.value)).toBe('x');
    expect(Object.getPrototypeOf(decoded.headers)).toBe(Object.prototype);
    expect(Object.getOwnPropertyNames(decoded.headers)).toEqual(['toString', '__proto__']);
  });

  it('makes no Long for an ordinary record (kafkajs as released made several)', () => {
    const bytes = Record({
      offsetDelta: 7,
      timestampDelta: 12,
      key: 'k',
      value: 'v',
      headers: { a: '1' },
    }).buffer;
    const fromValue = jest.spyOn(Long, 'fromValue');
    const fromInt = jest.spyOn(Long, 'fromInt');
    try {
      const decoder = new Decoder(bytes);
      decoder.readVarInt();
      RecordDecoder(decoder, { firstOffset: '1000', firstTimestamp: '1700000000000' });
      expect(fromValue).not.toHaveBeenCalled();
      expect(fromInt).not.toHaveBeenCalled();
    } finally {
      fromValue.mockRestore();
      fromInt.mockRestore();
    }
  });
});
