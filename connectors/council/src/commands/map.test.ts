import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPersonKeyer } from '@homefirst/schemas';
import { BUILT_IN_MAPPINGS_DIR, detectMapping, loadMapping } from '../mapping-files/load';
import { kennethOutOfOrder, lasCsv, margaretJourney, mosaicCsv } from '../testing/corpus';
import { TEST_SECRET } from '../testing/memory';
import { mapFeed } from './map';
import { useTempDirPerTest } from '../testing/temp-dir';

const dirs = [BUILT_IN_MAPPINGS_DIR];

describe('map: the offline feed checker', () => {
  let dir: string;
  useTempDirPerTest('council-map-', (path) => {
    dir = path;
  });

  const run = async (file: string, mapping?: string) => {
    const lines: string[] = [];
    const code = await mapFeed(file, {
      personKeySecret: TEST_SECRET,
      write: (line) => {
        lines.push(line);
      },
      mappingFor: (header) =>
        mapping !== undefined
          ? loadMapping(mapping, dirs)
          : header === null
            ? null
            : detectMapping(header, dirs),
    });
    // write() is handed blocks of lines.
    const printed = lines.flatMap((block) => block.split('\n'));
    return { code, lines: printed, json: printed.map((line) => JSON.parse(line) as Record<string, unknown>) };
  };

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
    expect(json.map((event) => [event.type, (event.source as { system: string }).system])).toEqual([
      ['ReferralReceived', 'council-api'],
      ['AssessmentScheduled', 'council-api'],
      ['PackageStarted', 'council-api'],
      ['PackageRequested', 'council-api [flags: PACKAGE_STARTED_BEFORE_PACKAGE_REQUESTED]'],
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
