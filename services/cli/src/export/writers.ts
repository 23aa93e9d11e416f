import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { ParquetSchema, ParquetWriter } from '@dsnp/parquetjs';
import type { ParquetType } from '@dsnp/parquetjs/dist/lib/declare';
import { stringify } from 'csv-stringify/sync';
import type { Column } from './columns';
import type { LeafKind } from './schema-walk';
import { cellsOf, csvText, ndjsonLine, type Cell, type ExportedEvent } from './rows';

export const EXPORT_FORMATS = ['ndjson', 'csv', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Writes exported events to a file, streamed: memory is bounded by one buffer or one row group. */
export interface ExportWriter {
  write(exported: ExportedEvent): Promise<void>;
  close(): Promise<void>;
}

const TEXT_CHUNK_BYTES = 256 * 1024;

/** A text file written in chunks, waiting for the disk when the stream's buffer is full. */
class ChunkedText {
  private readonly stream: WriteStream;
  private pending: string[] = [];
  private pendingBytes = 0;

  constructor(path: string) {
    this.stream = createWriteStream(path, { flags: 'wx' });
  }

  async add(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingBytes += text.length;
    if (this.pendingBytes >= TEXT_CHUNK_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'close');
  }
}

export function ndjsonWriter(path: string): ExportWriter {
  const file = new ChunkedText(path);
  return {
    write: (exported) => file.add(`${ndjsonLine(exported)}\n`),
    close: () => file.close(),
  };
}

/** RFC 4180 CSV (csv-stringify's quoting), a header row of the column names, cells as `csvText` says. */
export function csvWriter(path: string, columns: readonly Column[]): ExportWriter {
  const file = new ChunkedText(path);
  let header: string | undefined = stringify([columns.map((c) => c.name)]);
  return {
    write: async (exported) => {
      if (header !== undefined) {
        await file.add(header);
        header = undefined;
      }
      await file.add(stringify([cellsOf(columns, exported).map(csvText)]));
    },
    close: async () => {
      if (header !== undefined) await file.add(header);
      await file.close();
    },
  };
}

const PARQUET_TYPES: Record<LeafKind, ParquetType> = {
  string: 'UTF8',
  enum: 'UTF8',
  list: 'UTF8',
  timestamp: 'TIMESTAMP_MILLIS',
  date: 'DATE',
  boolean: 'BOOLEAN',
  int: 'INT32',
  long: 'INT64',
  double: 'DOUBLE',
  bytes: 'BYTE_ARRAY',
};

/** The parquet schema of these columns: every column optional (a typed union of the event types). */
export function parquetSchemaOf(columns: readonly Column[]): ParquetSchema {
  return new ParquetSchema(
    Object.fromEntries(
      columns.map((c) => [c.name, { type: PARQUET_TYPES[c.kind], optional: true, compression: 'SNAPPY' }]),
    ),
  );
}

function parquetValue(column: Column, cell: Exclude<Cell, null>): unknown {
  if (column.kind === 'date') return new Date(`${String(cell)}T00:00:00.000Z`);
  if (column.kind === 'long') return BigInt(cell as number | string);
  return cell;
}

export const DEFAULT_ROW_GROUP_SIZE = 20_000;

/**
 * Parquet with @dsnp/parquetjs: rows are buffered up to one row group, which is then encoded (Snappy) and
 * written, so memory is bounded by the row group size whatever the length of the topic.
 */
export async function parquetWriter(
  path: string,
  columns: readonly Column[],
  rowGroupSize = DEFAULT_ROW_GROUP_SIZE,
): Promise<ExportWriter> {
  const writer = await ParquetWriter.openFile(parquetSchemaOf(columns), path, {
    rowGroupSize,
    flags: 'wx',
  });
  return {
    write: async (exported) => {
      const cells = cellsOf(columns, exported);
      const row: Record<string, unknown> = {};
      cells.forEach((cell, i) => {
        const column = columns[i];
        if (cell !== null && column !== undefined) row[column.name] = parquetValue(column, cell);
      });
      await writer.appendRow(row);
    },
    close: () => writer.close(),
  };
}

export function openWriter(
  format: ExportFormat,
  path: string,
  columns: readonly Column[],
): Promise<ExportWriter> {
  switch (format) {
    case 'ndjson':
      return Promise.resolve(ndjsonWriter(path));
    case 'csv':
      return Promise.resolve(csvWriter(path, columns));
    case 'parquet':
      return parquetWriter(path, columns);
  }
}
