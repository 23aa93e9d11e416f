import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';

/** What a parquet reader found in a file: its column names in order and its rows. */
export interface ParquetContents {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, unknown>[];
}

/** Reads a parquet file with DuckDB (`@duckdb/node-api`, DuckDB's own engine). */
export async function readWithDuckDb(path: string, sql = 'SELECT * FROM export'): Promise<ParquetContents> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`CREATE VIEW export AS SELECT * FROM read_parquet('${path.replace(/'/g, "''")}')`);
    const described = await connection.runAndReadAll('DESCRIBE export');
    const columns = described.getRowObjectsJS().map((row) => row.column_name as string);
    const result = await connection.runAndReadAll(sql);
    return { columns, rows: result.getRowObjectsJS() };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Reads a parquet file with hyparquet (pure JavaScript, written independently of the writer used). */
export async function readWithHyparquet(path: string): Promise<ParquetContents> {
  const bytes = readFileSync(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const metadata = parquetMetadata(file);
  const columns = parquetSchema(metadata).children.map((child) => child.element.name);
  const rows = (await parquetReadObjects({ file, metadata })) as Record<string, unknown>[];
  return { columns, rows };
}
