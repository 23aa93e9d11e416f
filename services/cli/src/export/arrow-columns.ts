import { makeData, type Data, type DataType } from 'apache-arrow';
import type { LeafKind } from './schema-walk';

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
      return variableWidth(type, kind, values, length, present, () => ({ nullBitmap, nullCount }));
    case 'timestamp':
    case 'long': {
      const data = new BigInt64Array(length);
      for (let i = 0; i < length; i += 1)
        if (present(i))
          data[i] =
            kind === 'timestamp'
              ? BigInt((values[i] as Date).getTime())
              : BigInt(values[i] as number | string);
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
): Data {
  const texts: (string | Buffer | undefined)[] = new Array<string | Buffer | undefined>(length);
  let bytes = 0;
  for (let i = 0; i < length; i += 1) {
    if (!present(i)) continue;
    const value = values[i];
    if (kind === 'bytes') {
      texts[i] = value as Buffer;
      bytes += (value as Buffer).length;
    } else {
      const text = kind === 'list' ? JSON.stringify(value) : String(value);
      texts[i] = text;
      bytes += Buffer.byteLength(text, 'utf8');
    }
  }
  const data = Buffer.allocUnsafe(bytes);
  const valueOffsets = new Int32Array(length + 1);
  let position = 0;
  for (let i = 0; i < length; i += 1) {
    const text = texts[i];
    if (typeof text === 'string') position += data.write(text, position, 'utf8');
    else if (text !== undefined) position += text.copy(data, position);
    valueOffsets[i + 1] = position;
  }
  const { nullBitmap, nullCount } = nulls();
  return makeData({
    type,
    length,
    nullCount,
    nullBitmap,
    valueOffsets,
    data: new Uint8Array(data.buffer, data.byteOffset, bytes),
  } as never);
}
