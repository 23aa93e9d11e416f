import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPersonKeyer } from '@homefirst/schemas';
import { BUILT_IN_MAPPINGS_DIR, loadMapping } from '../mapping-files/load';
import { kennethOutOfOrder, lasCsv, margaretJourney, mosaicCsv } from '../testing/corpus';
import { TEST_SECRET } from '../testing/memory';
import { MAX_JSON_DEPTH } from '../pipeline/json-body';
import { writeSyntheticCsv } from '../testing/generate';
import { mapFeedLines } from '../testing/map-feed';
import { useTempDirPerTest } from '../testing/temp-dir';

const dirs = [BUILT_IN_MAPPINGS_DIR];

let dir: string;
useTempDirPerTest('council-map-', (path) => {
  dir = path;
});

const run = async (file: string, mapping?: string) => {
  const { code, lines } = await mapFeedLines(
    file,
    mapping === undefined ? {} : { mappingFor: () => loadMapping(mapping, dirs) },
  );
  return { code, lines, json: lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
};

describe('map: the offline feed checker', () => {
  it('given a clean Mosaic export, then exit 0 and one JSON line per event, each with its type', async () => {
    const file = join(dir, 'derby.csv');
    await writeFile(file, mosaicCsv);
    const { code, json } = await run(file);
    expect(code).toBe(0);
    expect(json.map((event) => event.type)).toEqual([
      'ReferralReceived',
      'AssessmentCompleted',
      'PackageStarted',
      'ReablementEnded',
    ]);
    expect(json[0]).toMatchObject({
      occurredAt: '2025-06-02T09:00:00.000Z',
      source: { channel: 'COUNCIL_CSV', system: 'Mosaic', orgCode: 'E06000015', messageId: 'M-1' },
      personKey: createPersonKeyer(TEST_SECRET)('9990000026'),
      payload: { routeOfAccess: 'DISCHARGE_FROM_HOSPITAL', referringOrgCode: 'RTG', pathway: 'P3' },
    });
    expect(json[3]).toMatchObject({ payload: { outcome: 'ADMITTED_TO_HOSPITAL' } });
  });

  it('given an export with bad rows, then exit 1 and one JSON document of the rejections, without NHS numbers', async () => {
    const file = join(dir, 'liverpool.csv');
    await writeFile(file, lasCsv);
    const { code, lines, json } = await run(file);
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(json[0]).toMatchObject({
      status: 'rejected',
      mapping: 'las',
      records: 5,
      rejected: 2,
      errors: [
        { row: 3, line: 4, stage: 'VALIDATE', reasons: [{ field: 'nhsNumber', column: 'NHS No' }] },
        { row: 4, line: 5, stage: 'MAP', reasons: [{ field: 'event', column: 'Workflow Step' }] },
      ],
    });
    expect(lines[0]).not.toContain('999000');
    expect(lines[0]).not.toContain('A-100'); // nor the record ids (issue #12)
  });

  it('given a JSON file of records in the record format, then the same events the REST endpoint would publish, order flags included', async () => {
    const file = join(dir, 'records.json');
    await writeFile(
      file,
      JSON.stringify({ records: [...margaretJourney.slice(0, 2), ...kennethOutOfOrder] }),
    );
    const { code, json } = await run(file);
    expect(code).toBe(0);
    const flagsOf = (event: Record<string, unknown>) =>
      ((event.dataQuality ?? []) as { code: string }[]).map((flag) => flag.code);
    expect(json.map((event) => [event.type, flagsOf(event)])).toEqual([
      ['ReferralReceived', ['DERIVED_VALUE']], // route of access from the hospital named
      ['AssessmentScheduled', []],
      ['PackageStarted', []],
      ['PackageRequested', ['STEP_OUT_OF_ORDER']],
    ]);
  });

  it('given the same record twice in a file, then one event, as live', async () => {
    const file = join(dir, 'twice.json');
    await writeFile(file, JSON.stringify([margaretJourney[0], margaretJourney[0]]));
    const { code, json } = await run(file);
    expect(code).toBe(0);
    expect(json).toHaveLength(1);
  });
});

describe('map: files it cannot read, and big files', () => {
  it('given JSON nested a million deep, then exit 1 and a rejection naming the limit, not a stack overflow', async () => {
    const file = join(dir, 'deep.json');
    await writeFile(file, `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`);
    const { code, json } = await run(file);
    expect(code).toBe(1);
    expect(json).toEqual([
      expect.objectContaining({
        status: 'rejected',
        records: 0,
        errors: [
          {
            row: null,
            stage: 'PARSE',
            errorCode: 'COUNCIL_JSON_TOO_DEEP',
            reasons: [
              {
                field: 'body',
                column: null,
                message: expect.stringContaining(`deeper than ${MAX_JSON_DEPTH} levels`) as unknown,
              },
            ],
          },
        ],
      }),
    ]);
  });

  it('given JSON records after a UTF-8 byte-order mark, then the events, as without it', async () => {
    const file = join(dir, 'bom.json');
    await writeFile(file, `\uFEFF${JSON.stringify([margaretJourney[0]])}`);
    const { code, json } = await run(file);
    expect(code).toBe(0);
    expect(json.map((event) => event.type)).toEqual(['ReferralReceived']);
  });

  it('given a CSV after a UTF-8 byte-order mark, then the events, as without it', async () => {
    const file = join(dir, 'bom.csv');
    await writeFile(file, `\uFEFF${mosaicCsv}`);
    const { code, json } = await run(file);
    expect(code).toBe(0);
    expect(json).toHaveLength(4);
  });

  it('given a CSV header with a quote never closed, then exit 1 and the rejection document naming the line and the rule', async () => {
    const file = join(dir, 'header.csv');
    await writeFile(file, `record_id,"council_code,nhs_number\nX-1,E08000012,9434765919\n`);
    const { code, lines, json } = await run(file);
    expect(code).toBe(1);
    expect(json[0]).toMatchObject({
      status: 'rejected',
      errors: [
        {
          row: null,
          line: 1,
          stage: 'PARSE',
          errorCode: 'COUNCIL_CSV_HEADER_MALFORMED',
          reasons: [{ field: 'header', message: expect.stringContaining('CSV_QUOTE_NOT_CLOSED') as unknown }],
        },
      ],
    });
    expect(lines[0]).not.toContain('9434765919');
  });

  it('given a CSV row with a quote never closed, then exit 1 with that row, its line and the rule', async () => {
    const file = join(dir, 'row.csv');
    const [header = '', ...rows] = mosaicCsv.split(/\r?\n/);
    await writeFile(file, [header, rows[0], '', `${rows[1]},"THOMPSON`, rows[2]].join('\n'));
    const { code, json, lines } = await run(file);
    expect(code).toBe(1);
    expect(json[0]).toMatchObject({
      rejected: 1,
      errors: [{ row: 2, line: 4, stage: 'PARSE', errorCode: 'COUNCIL_CSV_ROW_MALFORMED' }],
    });
    expect(lines[0]).not.toContain('THOMPSON');
  });

  it('given an empty CSV file, then exit 1: its header is missing', async () => {
    const file = join(dir, 'empty.csv');
    await writeFile(file, '');
    const { code, json } = await run(file);
    expect(code).toBe(1);
    expect(json[0]).toMatchObject({ errors: [{ row: null, errorCode: 'COUNCIL_CSV_HEADER_MISSING' }] });
  });

  it('given more events than are kept for printing, then a second pass prints the same events', async () => {
    const file = join(dir, 'many.csv');
    await writeSyntheticCsv(file, 1200);
    const printed = async (maxKeptBytes?: number): Promise<string[]> => {
      const { code, lines } = await mapFeedLines(file, {
        now: () => new Date('2025-07-01T12:00:00Z'),
        ...(maxKeptBytes !== undefined && { maxKeptBytes }),
      });
      expect(code).toBe(0);
      // correlationIds are per batch and random; everything else is the same.
      return lines.map((line) => line.replace(/"correlationId":"[^"]*"/, ''));
    };
    const kept = await printed();
    const twice = await printed(1000);
    expect(kept).toHaveLength(1200);
    expect(twice).toEqual(kept);
  });
});
