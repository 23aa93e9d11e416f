import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import type { Column } from './columns';
import { ParquetExportWriter } from './parquet-writer';
import { cellsOf, csvText, ndjsonLine, type ExportedEvent } from './rows';

export const EXPORT_FORMATS = ['ndjson', 'csv', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Writes exported events to a file, streamed: memory is bounded by one buffer or one row group. */
export interface ExportWriter {
  /** A promise only when the caller must wait (a chunk or row group going out): most rows return none. */
  write(exported: ExportedEvent): Promise<void> | undefined;
  close(): Promise<void>;
}

const TEXT_CHUNK_BYTES = 256 * 1024;

/** A text file written in chunks, waiting for the disk when the stream's buffer is full. */
class ChunkedText {
  private readonly stream: WriteStream;
  private pending: string[] = [];
  private pendingBytes = 0;

  private failure: Error | undefined;

  constructor(path: string) {
    this.stream = createWriteStream(path, { flags: 'wx' });
    // Kept and thrown from the next add or close: a stream's error must never go unhandled.
    this.stream.on('error', (error) => (this.failure = error));
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  /** A promise only when a chunk goes out. */
  add(text: string): Promise<void> | undefined {
    this.throwIfFailed();
    this.pending.push(text);
    this.pendingBytes += text.length;
    return this.pendingBytes >= TEXT_CHUNK_BYTES ? this.flush() : undefined;
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.stream.write(chunk)) {
      // Whichever comes first; the other listener is removed (a 'close' listener per drain would pile up).
      const settled = new AbortController();
      const { signal } = settled;
      try {
        await Promise.race([once(this.stream, 'drain', { signal }), once(this.stream, 'close', { signal })]);
      } finally {
        settled.abort();
      }
    }
    this.throwIfFailed();
  }

  async close(): Promise<void> {
    await this.flush();
    if (!this.stream.closed) {
      this.stream.end();
      await once(this.stream, 'close');
    }
    this.throwIfFailed();
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
  // csv-stringify quotes a whole block of rows in one call: far cheaper than one call per row.
  let rows: string[][] = [columns.map((c) => c.name)];
  const flush = async (): Promise<void> => {
    if (rows.length === 0) return;
    const text = stringify(rows);
    rows = [];
    await file.add(text);
  };
  return {
    write: (exported) => {
      rows.push(cellsOf(columns, exported).map(csvText));
      return rows.length >= CSV_BLOCK_ROWS ? flush() : undefined;
    },
    close: async () => {
      await flush();
      await file.close();
    },
  };
}

const CSV_BLOCK_ROWS = 1_000;

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
      return Promise.resolve(ParquetExportWriter.open(columns, path));
  }
}
