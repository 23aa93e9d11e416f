import { readFile, writeFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger, UnavailableError } from '@homefirst/runtime';
import { BUILT_IN_MAPPINGS_DIR, detectMapping, loadMapping } from '../mapping-files/load';
import { lasCsv } from '../testing/corpus';
import { writeSyntheticCsv } from '../testing/generate';
import { memoryIngest } from '../testing/memory';
import { checkpointPathOf } from './checkpoint';
import { errorReportPathOf } from './error-report';
import { ingestCsvFile, type FileIngestOptions } from './file-ingest';
import { CsvHeaderError } from './read-csv';
import { useTempDirPerTest } from '../testing/temp-dir';

const dirs = [BUILT_IN_MAPPINGS_DIR];
const logger = createLogger({ name: 'council-test', level: 'silent' });
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );
const readReport = async (file: string) =>
  (await readFile(errorReportPathOf(file), 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map(
      (line) =>
        JSON.parse(line) as {
          row: number;
          line?: number;
          reasons: { field: string; column: string | null }[];
        },
    );

// Pure: in-memory Kafka and Redis stand-ins; each test gets its own temporary directory.
let dir: string;
useTempDirPerTest('council-csv-', (path) => {
  dir = path;
});

const options = (
  file: string,
  ingest: FileIngestOptions['ingest'],
  extra: Partial<FileIngestOptions> = {},
): FileIngestOptions => ({
  file,
  mappingFor: (header) => detectMapping(header, dirs),
  ingest,
  target: 'memory|',
  logger,
  ...extra,
});

describe('CSV file ingest: a file in, its events, report and re-sends', () => {
  it('given a LAS export with good and bad rows, then good rows become events, bad rows dead letters and report lines', async () => {
    const file = join(dir, 'liverpool-las-2025-01-08.csv');
    await writeFile(file, lasCsv);
    const { ingest, publisher } = memoryIngest();

    const summary = await ingestCsvFile(options(file, ingest));

    expect(summary).toMatchObject({
      mapping: 'las',
      rows: 5,
      accepted: 3,
      rejected: 2,
      duplicates: 0,
      complete: true,
    });
    expect(
      publisher.events.map((e) => [e.type, e.source.channel, e.source.system, e.source.messageId]),
    ).toEqual([
      ['ReferralReceived', 'COUNCIL_CSV', 'Liquidlogic LAS', 'A-1001'],
      ['PackageRequested', 'COUNCIL_CSV', 'Liquidlogic LAS', 'A-1002'],
      ['PackageSourced', 'COUNCIL_CSV', 'Liquidlogic LAS', 'A-1005'],
    ]);
    expect(publisher.events[2]?.payload).toMatchObject({
      providerId: '1-2094837561',
      plannedStartDate: '2025-01-09',
    });
    expect(
      publisher.deadLetters.map((d) => [d.payload.stage, d.payload.errorCode, d.source.messageId]),
    ).toEqual([
      ['VALIDATE', 'COUNCIL_RECORD_INVALID', 'A-1003'],
      ['MAP', 'COUNCIL_MAPPING_FAILED', 'A-1004'],
    ]);
    expect(publisher.deadLetters[0]?.payload.input.toString()).toContain('A-1003');
    expect(publisher.raws).toHaveLength(1);
    expect(publisher.raws[0]?.source.messageId).toBe('liverpool-las-2025-01-08.csv#rows 1-5');
    expect(publisher.raws[0]?.payload.contentType).toBe('text/csv');

    const report = await readReport(file);
    // Rows and lines, never the record id: a shifted column can put a name or an NHS number there (issue #12).
    expect(report.map((line) => [line.row, line.line, line.reasons.map((r) => r.column)])).toEqual([
      [3, 4, ['NHS No']],
      [4, 5, ['Workflow Step']],
    ]);
    expect(JSON.stringify(report)).not.toContain('A-100');
    expect(JSON.stringify(report)).not.toContain('999000');
    expect(await exists(checkpointPathOf(file))).toBe(false);
  });

  it('given a file already ingested, when it is sent again, then every good row is a duplicate and no event is written twice', async () => {
    const file = join(dir, 'las.csv');
    await writeFile(file, lasCsv);
    const { ingest, publisher } = memoryIngest();
    await ingestCsvFile(options(file, ingest));
    const eventsBefore = publisher.events.length;

    const again = await ingestCsvFile(options(file, ingest));

    expect(again).toMatchObject({ accepted: 0, duplicates: 3, rejected: 2 });
    expect(publisher.events).toHaveLength(eventsBefore);
    expect(await readReport(file)).toHaveLength(2);
  });
});

describe('CSV file ingest: failures, stops and unreadable files', () => {
  it('given Kafka fails part way, then the run stops with a retriable error, and a re-run resumes after the last durable chunk with no event twice', async () => {
    const file = join(dir, 'big.csv');
    await writeSyntheticCsv(file, 2_000, { badEvery: 97 });
    const { ingest, publisher } = memoryIngest();
    publisher.failOn = {
      call: 7,
      error: new UnavailableError('Kafka did not acknowledge the write', { dependency: 'kafka' }),
    };

    await expect(
      ingestCsvFile(options(file, ingest, { batchSize: 100, maxInFlight: 3, checkpointEveryMs: 0 })),
    ).rejects.toMatchObject({
      retriable: true,
    });
    const checkpoint = JSON.parse(await readFile(checkpointPathOf(file), 'utf8')) as { rowsDone: number };
    expect(checkpoint.rowsDone).toBe(600);
    const reportAfterFailure = await readReport(file);
    expect(reportAfterFailure.map((line) => line.row)).toEqual([97, 194, 291, 388, 485, 582]);

    publisher.failOn = undefined;
    const resumed = await ingestCsvFile(options(file, ingest, { batchSize: 100, maxInFlight: 3 }));

    expect(resumed).toMatchObject({ resumedAfterRow: 600, rows: 2_000, complete: true });
    const bad = Math.floor(2_000 / 97);
    expect(resumed.accepted + resumed.duplicates).toBe(2_000 - bad);
    expect(resumed.rejected).toBe(bad);
    const ids = publisher.events.map((e) => e.eventId);
    expect(new Set(ids).size).toBe(2_000 - bad);
    expect(ids).toHaveLength(2_000 - bad);
    const report = await readReport(file);
    expect(report.map((line) => line.row)).toEqual(Array.from({ length: bad }, (_, i) => (i + 1) * 97));
    expect(await exists(checkpointPathOf(file))).toBe(false);
  });

  it('given a stop request, then chunks under way finish, the checkpoint says how far, and the next run goes on from there', async () => {
    const file = join(dir, 'stop.csv');
    await writeSyntheticCsv(file, 1_000);
    const { ingest, publisher } = memoryIngest();
    const controller = new AbortController();
    const first = await ingestCsvFile(
      options(file, ingest, {
        batchSize: 100,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.accepted >= 300) controller.abort();
        },
      }),
    );
    expect(first.complete).toBe(false);
    const second = await ingestCsvFile(options(file, ingest, { batchSize: 100 }));
    expect(second.resumedAfterRow).toBeGreaterThanOrEqual(300);
    expect(second).toMatchObject({ complete: true, rows: 1_000 });
    expect(new Set(publisher.events.map((e) => e.eventId)).size).toBe(1_000);
    expect(publisher.events).toHaveLength(1_000);
  });

  it('given rows a CSV parser cannot read or with the wrong number of fields, then they are rejected at PARSE and the rest go in', async () => {
    const file = join(dir, 'broken.csv');
    const lines = lasCsv.split('\r\n');
    await writeFile(
      file,
      [lines[0], lines[1], 'A-1,E08000012,too,few', `"A-2"x,E08000012`, lines[5], 'A-9,"never closed'].join(
        '\n',
      ),
    );
    const { ingest, publisher } = memoryIngest();
    const summary = await ingestCsvFile(
      options(file, ingest, { mappingFor: () => loadMapping('las', dirs) }),
    );
    expect(summary).toMatchObject({ rows: 5, accepted: 2, rejected: 3 });
    expect(publisher.deadLetters.map((d) => d.payload.stage)).toEqual(['PARSE', 'PARSE', 'PARSE']);
    expect((await readReport(file)).map((line) => [line.row, line.reasons.map((r) => r.field)])).toEqual([
      [2, ['row']],
      [3, ['row']],
      [5, ['row']],
    ]);
  });

  it('given a file of another shape, then it stops before reading rows and asks for a mapping', async () => {
    const file = join(dir, 'unknown.csv');
    await writeFile(file, 'PersonRef,When,What\n1,2,3\n');
    const { ingest, publisher } = memoryIngest();
    await expect(ingestCsvFile(options(file, ingest))).rejects.toThrow(/--mapping/);
    expect(publisher.calls).toBe(0);
  });
});

describe('CSV file ingest: what a CSV parser cannot read', () => {
  it('given a header with a quote never closed, then CsvHeaderError naming the line and the rule, and nothing written', async () => {
    const file = join(dir, 'broken-header.csv');
    await writeFile(file, `record_id,"council_code,nhs_number\nX-1,E08000012,9434765919\n`);
    const { ingest, publisher } = memoryIngest();
    const failure: unknown = await ingestCsvFile(options(file, ingest)).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(CsvHeaderError);
    expect((failure as CsvHeaderError).issues).toEqual([
      { path: 'header', message: expect.stringMatching(/^line 1: .*\(CSV_QUOTE_NOT_CLOSED\)$/) as unknown },
    ]);
    expect(JSON.stringify((failure as CsvHeaderError).issues)).not.toContain('9434765919');
    expect(publisher.calls).toBe(0);
  });

  it('given a row with a quote never closed, then the rows before it go in and the report names its line and the rule', async () => {
    const file = join(dir, 'broken-row.csv');
    const [header = '', ...rows] = lasCsv.split('\r\n');
    await writeFile(file, [header, rows[0], rows[1], '', `${rows[4]},"THOMPSON`, rows[3]].join('\r\n'));
    const { ingest, publisher } = memoryIngest();
    const summary = await ingestCsvFile(options(file, ingest));
    expect(summary).toMatchObject({ rows: 3, accepted: 2, rejected: 1 });
    const report = await readReport(file);
    expect(report).toEqual([
      {
        row: 3,
        line: 5,
        stage: 'PARSE',
        errorCode: 'COUNCIL_CSV_ROW_MALFORMED',
        reasons: [
          {
            field: 'row',
            column: null,
            message: expect.stringContaining(
              'line 5: the CSV row cannot be read: a quoted value opened in field 22',
            ) as unknown,
          },
        ],
      },
    ]);
    expect(JSON.stringify(report)).not.toContain('THOMPSON');
    expect(publisher.deadLetters).toHaveLength(1);
  });
});
