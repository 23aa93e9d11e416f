import {
  Binary,
  Bool,
  DateDay,
  Field,
  Float64,
  Int32,
  Int64,
  RecordBatch as ArrowRecordBatch,
  Schema,
  Struct,
  Table as ArrowTable,
  TimestampMillisecond,
  Utf8,
  makeData,
  tableToIPC,
  type DataType,
} from 'apache-arrow';
import type { Column } from './columns';
import { arrowColumn } from './arrow-columns';
import { openParquetSink, type ParquetSink } from './parquet-sink';
import { compileGather, type Gather } from './row-gather';
import type { ExportedEvent } from './rows';
import type { LeafKind } from './schema-walk';

/** Rows per row group: what one batch in memory holds before it is encoded and written. */
const DEFAULT_ROW_GROUP_SIZE = 10_000;
/** A row group of raw or dead-letter records ends early at this many bytes of message bodies. */
const MAX_ROW_GROUP_BINARY_BYTES = 16 * 1024 * 1024;

/** The Arrow (and so Parquet) type of each kind of column. Instants are UTC timestamps in milliseconds. */
const arrowTypeOf = (kind: LeafKind): DataType => {
  switch (kind) {
    case 'string':
    case 'enum':
    case 'list':
      return new Utf8();
    case 'timestamp':
      return new TimestampMillisecond('UTC');
    case 'date':
      return new DateDay();
    case 'boolean':
      return new Bool();
    case 'int':
      return new Int32();
    case 'long':
      return new Int64();
    case 'double':
      return new Float64();
    case 'bytes':
      return new Binary();
  }
};

/** The parquet schema of an export: every column nullable (a typed union of the event types). */
const arrowSchemaOf = (columns: readonly Column[]): Schema =>
  new Schema(columns.map((column) => new Field(column.name, arrowTypeOf(column.kind), true)));

/**
 * Parquet through Apache Arrow and parquet-wasm (the Rust `parquet` crate compiled to WebAssembly): rows
 * are gathered column by column in Arrow builders; every `rowGroupSize` rows the batch is handed to
 * parquet-wasm's streaming writer, which encodes it (Snappy) as one row group and streams the bytes to the
 * file. At most one batch waits, so memory is bounded by the row group size whatever the topic's length.
 */
export class ParquetExportWriter {
  private readonly schema: Schema;
  private readonly struct: Struct;
  /**
   * Per column, this row group's cells (undefined = no value). The same arrays for every row group, emptied
   * after each: new ones per row group were most of what the writer allocated, and lived long enough to
   * be copied by every young-generation collection on the way.
   */
  private readonly values: unknown[][];
  private rows = 0;
  /** Bytes of binary cells (raw and dead-letter bodies) gathered in this row group. */
  private binaryBytes = 0;
  /** Per event type, the columns its events can fill (the others stay empty). */
  private readonly gatherOfType = new Map<string, Gather>();
  private readonly sink: ParquetSink;
  private batches = 0;

  private constructor(
    private readonly columns: readonly Column[],
    path: string,
    private readonly rowGroupSize: number,
  ) {
    this.schema = arrowSchemaOf(columns);
    this.struct = new Struct(this.schema.fields);
    this.values = columns.map(() => new Array<unknown>(rowGroupSize));
    this.sink = openParquetSink({ path, rowGroupSize });
  }

  static open(
    columns: readonly Column[],
    path: string,
    rowGroupSize = DEFAULT_ROW_GROUP_SIZE,
  ): ParquetExportWriter {
    return new ParquetExportWriter(columns, path, rowGroupSize);
  }

  /** Empties the cells of the row group just built (the arrays stay). */
  private resetValues(): void {
    for (const column of this.values) column.fill(undefined, 0, this.rows);
    this.rows = 0;
    this.binaryBytes = 0;
  }

  /**
   * The columns an event of this type can fill: every envelope column (optional ones such as dataQuality
   * come and go), and the payload columns whose field its payload record has (the same for every event of
   * a type: the decoder gives every field, null when empty; pseudonymisation drops the same ones).
   */
  private gatherOf(event: Readonly<Record<string, unknown>>): Gather {
    const type = String(event.type);
    let gather = this.gatherOfType.get(type);
    if (gather === undefined) {
      const payload = (event.payload ?? {}) as Readonly<Record<string, unknown>>;
      const indexes = this.columns.flatMap((column, i) => {
        if (!Array.isArray(column.from)) return [i];
        const [head, next] = column.from as readonly string[];
        return head === 'payload' && next !== undefined && !(next in payload) ? [] : [i];
      });
      gather = compileGather(this.columns, indexes);
      this.gatherOfType.set(type, gather);
    }
    return gather;
  }

  /** Gathers one row; a promise only when the row group is full and goes to the encoder. */
  write(exported: ExportedEvent): Promise<void> | undefined {
    const event = exported.event as unknown as Readonly<Record<string, unknown>>;
    this.binaryBytes += this.gatherOf(event)(exported, this.values, this.rows);
    this.rows += 1;
    return this.rows >= this.rowGroupSize || this.binaryBytes >= MAX_ROW_GROUP_BINARY_BYTES
      ? this.flush()
      : undefined;
  }

  /** Hands the gathered rows to the parquet sink as one batch, waiting while one is still queued. */
  private async flush(evenEmpty = false): Promise<void> {
    if (this.rows === 0 && !evenEmpty) return;
    this.batches += 1;
    const children = this.schema.fields.map((field, i) =>
      arrowColumn(field.type as DataType, (this.columns[i] as Column).kind, this.values[i] ?? [], this.rows),
    );
    const batch = new ArrowRecordBatch(
      this.schema,
      makeData({ type: this.struct, length: this.rows, nullCount: 0, children }),
    );
    this.resetValues();
    // Across the boundary as Arrow IPC: the JS and WebAssembly Arrow libraries share no memory.
    await this.sink.add(tableToIPC(new ArrowTable([batch]), 'stream'));
  }

  async close(): Promise<void> {
    // An export that matched nothing is still a file with the columns (one empty row group).
    try {
      await this.flush(this.batches === 0);
    } finally {
      await this.sink.close();
    }
  }
}
