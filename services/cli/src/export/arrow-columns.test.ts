import { Utf8, makeVector, type Data } from 'apache-arrow';
import { arrowColumn } from './arrow-columns';

// Given a row group's cells of a text column, when built as Arrow data, then each row reads back as its
// cell (null for none) whichever path built it: all-ASCII strings at once, else cell by cell.

const readBack = (cells: readonly unknown[], length = cells.length) => {
  const data = arrowColumn(new Utf8(), 'string', cells, length);
  const vector = makeVector(data as Data<Utf8>);
  return { rows: [...vector].map((cell: string | null) => cell ?? null), nullCount: data.nullCount };
};

describe('arrowColumn (text)', () => {
  it('reads back ASCII cells, empty strings and missing cells', () => {
    expect(readBack(['W7', undefined, '', null, 'RX1'])).toEqual({
      rows: ['W7', null, '', null, 'RX1'],
      nullCount: 2,
    });
  });

  it('reads back non-ASCII text and cells that are not strings, nulls counted once', () => {
    expect(readBack([undefined, 'Zoë', 'ward 7', null, 7])).toEqual({
      rows: [null, 'Zoë', 'ward 7', null, '7'],
      nullCount: 2,
    });
  });

  it('reads only the first `length` cells of a longer array', () => {
    expect(readBack(['a', 'b', undefined, undefined], 2)).toEqual({ rows: ['a', 'b'], nullCount: 0 });
  });
});
