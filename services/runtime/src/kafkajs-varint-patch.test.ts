/**
 * patches/kafkajs+2.2.4.patch, part 7 (patches/README.md): kafkajs's varints and its default partitioner's
 * murmur2 hash in plain numbers, where kafkajs as released allocated an array and a Buffer per varint and a
 * Long (a BigInt wrapper) per arithmetic step. Same bytes, same partitions.
 */

import { seededRandom } from '@homefirst/testing';

// kafkajs's internal modules (no types; the shapes used are the ones below).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Encoder = require('kafkajs/src/protocol/encoder') as EncoderClass;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => {
  readVarInt(): number;
  readVarLong(): { toString(): string };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Long = require('kafkajs/src/utils/long') as { fromValue(value: unknown): unknown };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const murmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (
  key: Buffer | string,
) => number;

interface KafkaEncoder {
  readonly buffer: Buffer;
  writeVarInt(value: number): KafkaEncoder;
  writeVarLong(value: unknown): KafkaEncoder;
}

interface EncoderClass {
  new (): KafkaEncoder;
  sizeOfVarInt(value: number): number;
  sizeOfVarLong(value: unknown): number;
}

/** Unsigned LEB128 of a non-negative bigint: 7 bits a byte, low first, the high bit set on all but the last. */
const leb128 = (value: bigint): Buffer => {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 128n) {
    bytes.push(Number(rest & 127n) | 128);
    rest >>= 7n;
  }
  bytes.push(Number(rest));
  return Buffer.from(bytes);
};

const zigZag32 = (value: number): bigint => BigInt.asUintN(32, BigInt((value << 1) ^ (value >> 31)));
const zigZag64 = (value: bigint): bigint => BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));

/** murmur2 as Kafka's Java client computes it (32-bit int arithmetic), here in BigInt modulo 2^32. */
const referenceMurmur2 = (data: Buffer): number => {
  const u32 = (value: bigint): bigint => BigInt.asUintN(32, value);
  const m = 0x5bd1e995n;
  let h = u32(0x9747b28cn ^ BigInt(data.length));
  const whole = data.length - (data.length % 4);
  for (let i = 0; i < whole; i += 4) {
    let k = BigInt(data.readUInt32LE(i));
    k = u32(k * m);
    k ^= k >> 24n;
    k = u32(k * m);
    h = u32(h * m) ^ k;
  }
  const tail = data.length % 4;
  if (tail >= 3) h ^= BigInt(data[whole + 2]!) << 16n;
  if (tail >= 2) h ^= BigInt(data[whole + 1]!) << 8n;
  if (tail >= 1) h = u32((h ^ BigInt(data[whole]!)) * m);
  h ^= h >> 13n;
  h = u32(h * m);
  h ^= h >> 15n;
  return Number(BigInt.asIntN(32, h));
};

describe("kafkajs's default partitioner hash (patched)", () => {
  it("gives Kafka's own test vectors (and kafkajs 2.2.4's hash of the empty key)", () => {
    expect(murmur2('21')).toBe(-973932308);
    expect(murmur2('foobar')).toBe(-790332482);
    expect(murmur2('a-little-bit-long-string')).toBe(-985981536);
    expect(murmur2('a-little-bit-longer-string')).toBe(-1486304829);
    expect(murmur2('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8')).toBe(-58897971);
    expect(murmur2('abc')).toBe(479470107);
    expect(murmur2('')).toBe(275646681);
  });

  it('hashes 20,000 random keys (bytes and text, every length to 40) as the reference does', () => {
    const next = seededRandom(2026);
    for (let i = 0; i < 20_000; i += 1) {
      const length = i % 41;
      const bytes = Buffer.from(Array.from({ length }, () => Math.floor(next() * 256)));
      expect(murmur2(bytes)).toBe(referenceMurmur2(bytes));
      const text = String.fromCodePoint(...Array.from({ length }, () => 32 + Math.floor(next() * 0x2000)));
      expect(murmur2(text)).toBe(referenceMurmur2(Buffer.from(text)));
    }
  });

  it('makes no Long while hashing (kafkajs as released made several per 4 bytes of key)', () => {
    const fromValue = jest.spyOn(Long, 'fromValue');
    try {
      for (let i = 0; i < 100; i += 1) murmur2(`person-${i}-of-a-key-some-bytes-long`);
      expect(fromValue).not.toHaveBeenCalled();
    } finally {
      fromValue.mockRestore();
    }
  });
});

describe("kafkajs's protocol varints (patched)", () => {
  const next = seededRandom(7);
  const int32s = [
    0,
    1,
    -1,
    63,
    -64,
    64,
    -65,
    127,
    128,
    8191,
    8192,
    2 ** 31 - 1,
    -(2 ** 31),
    ...Array.from({ length: 2_000 }, () => Math.floor(next() * 2 ** 32) - 2 ** 31),
  ];
  const safe = [
    0,
    1,
    -1,
    2 ** 31,
    -(2 ** 31) - 1,
    2 ** 32,
    2 ** 51,
    -(2 ** 51),
    2 ** 51 + 1, // beyond the number path: kafkajs's Long path
    Number.MAX_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER,
    ...Array.from({ length: 2_000 }, () => Math.floor((next() - 0.5) * 2 ** 52)),
  ];

  it('writes each varint as the LEB128 of its zig-zag, which the decoder reads back, in the size it says', () => {
    for (const value of int32s) {
      const bytes = new Encoder().writeVarInt(value).buffer;
      expect(bytes).toEqual(leb128(zigZag32(value)));
      expect(bytes.length).toBe(Encoder.sizeOfVarInt(value));
      expect(new Decoder(bytes).readVarInt()).toBe(value);
    }
  });

  it('writes each varlong as a number exactly as from a Long, which the decoder reads back, in the size it says', () => {
    for (const value of safe) {
      const bytes = new Encoder().writeVarLong(value).buffer;
      expect(bytes).toEqual(leb128(zigZag64(BigInt(value))));
      expect(bytes).toEqual(new Encoder().writeVarLong(Long.fromValue(value)).buffer);
      expect(bytes.length).toBe(Encoder.sizeOfVarLong(value));
      expect(new Decoder(bytes).readVarLong().toString()).toBe(String(value));
    }
  });

  it('makes no Buffer per varint nor a Long per varlong (kafkajs as released made both)', () => {
    const from = jest.spyOn(Buffer, 'from');
    const fromValue = jest.spyOn(Long, 'fromValue');
    try {
      const encoder = new Encoder();
      for (let i = 0; i < 1_000; i += 1) encoder.writeVarInt(i * 1_000).writeVarLong(i * 1_000_003);
      expect(Encoder.sizeOfVarLong(1_700_000_000_000)).toBe(6);
      expect(from).not.toHaveBeenCalled();
      expect(fromValue).not.toHaveBeenCalled();
    } finally {
      from.mockRestore();
      fromValue.mockRestore();
    }
  });
});
