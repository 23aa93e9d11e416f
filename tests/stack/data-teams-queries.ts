import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** The ```sql blocks of docs/data-teams.md, in order: the set-up block first, then the worked queries. */
export function docSqlBlocks(): string[] {
  const page = readFileSync(join(__dirname, '..', '..', 'docs', 'data-teams.md'), 'utf8');
  const blocks: string[] = [];
  const fence = '```sql\n';
  for (let at = page.indexOf(fence); at !== -1; at = page.indexOf(fence, at + 1)) {
    const start = at + fence.length;
    blocks.push(page.slice(start, page.indexOf('```', start)));
  }
  return blocks;
}

/** Runs the page's set-up (with `hub.parquet` pointing at `parquetPath`) and then each worked query. */
export async function runDocQueries(parquetPath: string): Promise<Record<string, unknown>[][]> {
  const [setUp = '', ...queries] = docSqlBlocks();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const statements = setUp
      .replace('hub.parquet', parquetPath.replace(/'/g, "''"))
      .split(';')
      .map((statement) => statement.replace(/--[^\n]*/g, '').trim())
      .filter((statement) => statement !== '');
    for (const statement of statements) await connection.run(statement);
    const results: Record<string, unknown>[][] = [];
    for (const query of queries) {
      results.push((await connection.runAndReadAll(query)).getRowObjectsJS());
    }
    return results;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
