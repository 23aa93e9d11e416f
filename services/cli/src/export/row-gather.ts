import type { Column } from './columns';
import type { ExportedEvent } from './rows';

/** Puts one event's cells into row `row` of the column arrays; returns the bytes of its binary cells. */
export type Gather = (exported: ExportedEvent, values: readonly unknown[][], row: number) => number;

type Compiled = (
  event: unknown,
  exported: ExportedEvent,
  values: readonly unknown[][],
  row: number,
  isBuffer: (value: unknown) => value is Buffer,
) => number;

/**
 * A gatherer of these columns (indexes into `columns`) for one event type, generated as straight-line code
 * (as avsc generates its readers): one property path per column, each read site seeing one shape of
 * object. A loop over the columns reads every property through one megamorphic site, the export's single
 * most expensive line. Only names of the contract's own schemas, quoted as JSON, go into the code.
 */
export function compileGather(columns: readonly Column[], indexes: readonly number[]): Gather {
  const lines = indexes.map((index) => {
    const column = columns[index] as Column;
    const from = column.from;
    const value =
      from === 'topic' || from === 'partition' || from === 'offset'
        ? `exported.${from}`
        : `event${from.map((name) => `?.[${JSON.stringify(name)}]`).join('')}`;
    const count = column.kind === 'bytes' ? ' if (isBuffer(v)) bytes += v.length;' : '';
    return `v = ${value}; values[${index}][row] = v;${count}`;
  });
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from the contract's schemas only (see above)
  const compiled = new Function(
    'event',
    'exported',
    'values',
    'row',
    'isBuffer',
    `'use strict'; let bytes = 0; let v;\n${lines.join('\n')}\nreturn bytes;`,
  ) as Compiled;
  const isBuffer = (value: unknown): value is Buffer => Buffer.isBuffer(value);
  return (exported, values, row) => compiled(exported.event, exported, values, row, isBuffer);
}
