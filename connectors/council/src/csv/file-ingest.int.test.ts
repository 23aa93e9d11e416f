import { access, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUILT_IN_MAPPINGS_DIR, detectMapping } from '../mapping-files/load';
import { lasCsv } from '../testing/corpus';
import { CANONICAL_HEADER, syntheticRow, writeSyntheticCsv } from '../testing/generate';
import { CouncilEdge } from '../testing/edge';
import { useTempDirPerSuite } from '../testing/temp-dir';
import { watchDropFolder } from './drop-folder';
import { errorReportPathOf } from './error-report';
import { ingestCsvFile } from './file-ingest';

// CSV files into the real Kafka, registry and Redis: mixed rows, a re-sent file, a drop folder.
// (The built CLI killed half way through a file, and `serve`, are in commands/cli.int.test.ts.)
const dirs = [BUILT_IN_MAPPINGS_DIR];
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe('council CSV files on the real stack', () => {
  const edge = new CouncilEdge('council-csv');
  beforeAll(() => edge.start());
  afterAll(() => edge.stop());
  let dir: string;
  useTempDirPerSuite('council-csv-int-', (made) => (dir = made));

  const ingest = (file: string, signal?: AbortSignal) =>
    ingestCsvFile({
      file,
      mappingFor: (header) => detectMapping(header, dirs),
      ingest: edge.runtime.fileIngest,
      target: edge.runtime.target,
      logger: edge.stack.logger,
      ...(signal === undefined ? {} : { signal }),
    });

  it('given a LAS export with good and bad rows, then the good go in, the bad are dead-lettered and reported; re-sent, nothing is added', async () => {
    const file = join(dir, 'liverpool-las.csv');
    await writeFile(file, lasCsv);

    const summary = await ingest(file);

    expect(summary).toMatchObject({ mapping: 'las', rows: 5, accepted: 3, rejected: 2, complete: true });
    expect(await edge.stack.count('homefirst.council.events.v1')).toBe(3);
    expect(await edge.stack.count('homefirst.deadletter.v1')).toBe(2);
    expect(await edge.stack.count('homefirst.raw.v1')).toBe(1);
    const deadLetters = await edge.stack.readAll('homefirst.deadletter.v1');
    expect(deadLetters.map((d) => [d.event.source.messageId, d.event.payload.stage]).sort()).toEqual([
      ['A-1003', 'VALIDATE'],
      ['A-1004', 'MAP'],
    ]);
    expect(deadLetters[0]?.event.payload.contentType).toBe('text/csv');
    const report = (await readFile(errorReportPathOf(file), 'utf8')).trim().split('\n');
    expect(report.map((line) => (JSON.parse(line) as { row: number }).row)).toEqual([3, 4]);

    const again = await ingest(file);
    expect(again).toMatchObject({ accepted: 0, duplicates: 3, rejected: 2 });
    expect(await edge.stack.count('homefirst.council.events.v1')).toBe(3);
  });

  it('given a file dropped in the drop folder, then it is ingested and moved to done/ with its report', async () => {
    const drop = join(dir, 'drop');
    await mkdir(drop);
    const before = await edge.stack.count('homefirst.council.events.v1');
    const watcher = watchDropFolder({
      dir: drop,
      pollMs: 200,
      logger: edge.stack.logger,
      ingestFile: ingest,
    });
    try {
      await writeSyntheticCsv(join(drop, 'sefton-export.csv'), 1_000, { tag: 'DROP', badEvery: 250 });
      const deadline = Date.now() + 30_000;
      while (!(await exists(join(drop, 'done', 'sefton-export.csv'))) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect((await readdir(join(drop, 'done'))).sort()).toEqual([
        'sefton-export.csv',
        'sefton-export.csv.errors.jsonl',
      ]);
      expect((await readdir(drop)).sort()).toEqual(['done']);
      expect(await edge.stack.count('homefirst.council.events.v1')).toBe(before + 996);
    } finally {
      await watcher.stop();
    }
  });

  it('given a BOM and a row with a quote never closed, then the rows before it go in and it is dead-lettered with its line and rule; a header that cannot be read writes nothing', async () => {
    const file = join(dir, 'broken-row.csv');
    const [header = '', ...rows] = lasCsv.split('\r\n');
    const brokenRow = `${(rows[4] ?? '').replace('A-1005', 'B-1005')},"THOMPSON`;
    await writeFile(file, `\uFEFF${[header, rows[0]?.replace('A-1001', 'B-1001'), brokenRow].join('\r\n')}`);
    const deadLettersBefore = await edge.stack.count('homefirst.deadletter.v1');
    const summary = await ingest(file);
    expect(summary).toMatchObject({ mapping: 'las', rows: 2, accepted: 1, rejected: 1 });
    const deadLetters = await edge.stack.readAll('homefirst.deadletter.v1');
    expect(deadLetters).toHaveLength(deadLettersBefore + 1);
    const last = deadLetters[deadLetters.length - 1];
    expect(last?.event.payload).toMatchObject({ stage: 'PARSE', errorCode: 'COUNCIL_CSV_ROW_MALFORMED' });
    expect(last?.event.payload.reason).toMatch(
      /^row: line 3: the CSV row cannot be read: .*\(CSV_QUOTE_NOT_CLOSED\)$/,
    );

    const raws = await edge.stack.count('homefirst.raw.v1');
    const headerFile = join(dir, 'broken-header.csv');
    await writeFile(headerFile, `Step Audit ID,"LA Code\n${rows[0] ?? ''}\n`);
    await expect(ingest(headerFile)).rejects.toThrow('the CSV header cannot be read');
    expect(await edge.stack.count('homefirst.raw.v1')).toBe(raws);
  });

  it('given a quote never closed early in a 3 MB file, then the row is dead-lettered (its first 64 KiB), not refused by Kafka as too large', async () => {
    const file = join(dir, 'swallowed.csv');
    const rows = Array.from({ length: 20_000 }, (_, i) => syntheticRow(i + 1, { tag: 'SWALLOW' }));
    rows[1] = `${rows[1] ?? ''},"never closed`;
    await writeFile(file, `${CANONICAL_HEADER}\n${rows.join('\n')}\n`);
    const deadLettersBefore = await edge.stack.count('homefirst.deadletter.v1');
    const summary = await ingest(file);
    expect(summary).toMatchObject({ rows: 2, accepted: 1, rejected: 1, complete: true });
    expect(await edge.stack.count('homefirst.deadletter.v1')).toBe(deadLettersBefore + 1);
    const report = (await readFile(errorReportPathOf(file), 'utf8')).trim();
    expect(JSON.parse(report)).toMatchObject({ row: 2, line: 3, errorCode: 'COUNCIL_CSV_ROW_MALFORMED' });
  });
});
