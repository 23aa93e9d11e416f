import { makeData, type Data, type DataType } from 'apache-arrow';
import type { LeafKind } from './schema-walk';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * One row group's column as Arrow data, built straight into typed arrays (an Arrow builder per value is
 * several times slower). `values` holds the column's cells, undefined or null for "no value": the columns
 * of an export are a typed union of the event types, so most cells of most columns are empty.
 */
export function arrowColumn(
  type: DataType,
  kind: LeafKind,
  values: readonly unknown[],
  length: number,
): Data {
  const nullBitmap = new Uint8Array(Math.ceil(length / 8));
  let nullCount = 0;
  const present = (i: number): boolean => {
    const value = values[i];
    if (value === undefined || value === null) {
      nullCount += 1;
      return false;
    }
    nullBitmap[i >> 3] = (nullBitmap[i >> 3] ?? 0) | (1 << (i & 7));
    return true;
  };
  switch (kind) {
    case 'string':
    case 'enum':
    case 'list':
    case 'bytes':
      return variableWidth(
        type,
        kind,
        values,
        length,
        present,
        () => ({ nullBitmap, nullCount }),
        () => {
          nullBitmap.fill(0);
          nullCount = 0;
        },
      );
    case 'timestamp':
    case 'long': {
      // int64s written as two int32 words (low first: little-endian): a BigInt per cell costs more than
      // the rest of the column. Other cells, and every cell on a big-endian machine, go through BigInt.
      const words = new Int32Array(length * 2);
      for (let i = 0; i < length; i += 1) {
        if (!present(i)) continue;
        const value = values[i];
        const n = kind === 'timestamp' ? (value as Date).getTime() : Number(value);
        if (LITTLE_ENDIAN && Number.isSafeInteger(n)) {
          words[2 * i] = (n % 0x1_0000_0000) | 0;
          words[2 * i + 1] = Math.floor(n / 0x1_0000_0000) | 0;
        } else {
          const big = kind === 'timestamp' ? BigInt(n) : BigInt(value as number | string);
          new BigInt64Array(words.buffer, i * 8, 1)[0] = big;
        }
      }
      const data = new BigInt64Array(words.buffer);
      return makeData({ type, length, nullCount, nullBitmap, data } as never);
    }
    case 'date': {
      const data = new Int32Array(length);
      for (let i = 0; i < length; i += 1)
        if (present(i)) data[i] = Date.parse(`${String(values[i])}T00:00:00.000Z`) / 86_400_000;
      return makeData({ type, length, nullCount, nullBitmap, data } as never);
    }
    case 'int': {
      const data = new Int32Array(length);
      for (let i = 0; i < length; i += 1) if (present(i)) data[i] = values[i] as number;
      return makeData({ type, length, nullCount, nullBitmap, data } as never);
    }
    case 'double': {
      const data = new Float64Array(length);
      for (let i = 0; i < length; i += 1) if (present(i)) data[i] = values[i] as number;
      return makeData({ type, length, nullCount, nullBitmap, data } as never);
    }
    case 'boolean': {
      const data = new Uint8Array(Math.ceil(length / 8));
      for (let i = 0; i < length; i += 1)
        if (present(i) && values[i] === true) data[i >> 3] = (data[i >> 3] ?? 0) | (1 << (i & 7));
      return makeData({ type, length, nullCount, nullBitmap, data } as never);
    }
  }
}

function variableWidth(
  type: DataType,
  kind: LeafKind,
  values: readonly unknown[],
  length: number,
  present: (i: number) => boolean,
  nulls: () => { nullBitmap: Uint8Array; nullCount: number },
  /** Forgets the cells `present` has seen, for a second pass. */
  forgetNulls: () => void,
): Data {
  if (kind === 'string' || kind === 'enum') {
    const valueOffsets = new Int32Array(length + 1);
    const data = asciiCells(values, length, present, valueOffsets);
    if (data !== undefined) {
      const { nullBitmap, nullCount } = nulls();
      return makeData({ type, length, nullCount, nullBitmap, valueOffsets, data } as never);
    }
    forgetNulls();
  }
  const texts: (string | Buffer | undefined)[] = new Array<string | Buffer | undefined>(length);
  let bytes = 0;
  for (let i = 0; i < length; i += 1) {
    if (!present(i)) continue;
    const value = values[i];
    if (kind === 'bytes') {
      texts[i] = value as Buffer;
      bytes += (value as Buffer).length;
    } else {
      texts[i] = kind === 'list' ? JSON.stringify(value) : String(value);
    }
  }
  const valueOffsets = new Int32Array(length + 1);
  if (kind !== 'bytes') {
    const strings = texts as readonly (string | undefined)[];
    const data = asciiRun(strings, valueOffsets);
    if (data !== undefined) {
      const { nullBitmap, nullCount } = nulls();
      return makeData({ type, length, nullCount, nullBitmap, valueOffsets, data } as never);
    }
    for (const text of strings) if (text !== undefined) bytes += Buffer.byteLength(text, 'utf8');
  }
  const buffer = Buffer.allocUnsafe(bytes);
  let position = 0;
  for (let i = 0; i < length; i += 1) {
    const text = texts[i];
    if (typeof text === 'string') position += buffer.write(text, position, 'utf8');
    else if (text !== undefined) position += text.copy(buffer, position);
    valueOffsets[i + 1] = position;
  }
  const { nullBitmap, nullCount } = nulls();
  return makeData({
    type,
    length,
    nullCount,
    nullBitmap,
    valueOffsets,
    data: new Uint8Array(buffer.buffer, buffer.byteOffset, bytes),
  } as never);
}

/**
 * A column of cells that are all ASCII strings (nearly every text column: codes, ids, enums) encoded in one
 * call, straight from the cells: their offsets their lengths. undefined when some cell is not a string or
 * not ASCII (its UTF-8 bytes then outnumber its characters), for the cell-by-cell path.
 */
function asciiCells(
  values: readonly unknown[],
  length: number,
  present: (i: number) => boolean,
  valueOffsets: Int32Array,
): Uint8Array | undefined {
  let position = 0;
  for (let i = 0; i < length; i += 1) {
    if (present(i)) {
      const value = values[i];
      if (typeof value !== 'string') return undefined;
      position += value.length;
    }
    valueOffsets[i + 1] = position;
  }
  // Cells past `length` and empty ones are undefined or null: join writes nothing for them.
  const joined = (values.length === length ? values : values.slice(0, length)).join('');
  const encoded = Buffer.from(joined, 'utf8');
  if (encoded.length !== position) return undefined;
  return new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.length);
}

/**
 * A column of ASCII text (nearly every column: codes, ids, enums, instants) encoded in one call: the
 * cells joined, their offsets their lengths. undefined when some cell is not ASCII (its UTF-8 bytes then
 * outnumber its characters), for the cell-by-cell path.
 */
function asciiRun(texts: readonly (string | undefined)[], valueOffsets: Int32Array): Uint8Array | undefined {
  const joined = texts.join('');
  if (Buffer.byteLength(joined, 'utf8') !== joined.length) return undefined;
  const encoded = Buffer.from(joined, 'latin1');
  let position = 0;
  for (let i = 0; i < texts.length; i += 1) {
    position += texts[i]?.length ?? 0;
    valueOffsets[i + 1] = position;
  }
  return new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.length);
}
