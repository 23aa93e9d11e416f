import { parse } from 'csv-parse/sync';
import { councilRecordFormat } from '@homefirst/schemas';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lasCsv, mosaicCsv } from '../testing/corpus';
import { RECORD_FIELDS } from '../record/council-record';
import {
  RECORD_EVENTS,
  RECORD_OUTCOMES,
  RECORD_ROUTES_OF_ACCESS,
  RECORD_SERVICE_TYPES,
} from '../record/vocabulary';
import { cellReader, columnIndex, compileMapping, mappingSchema, objectReader } from './mapping';
import { BUILT_IN_MAPPINGS_DIR, detectMapping, listMappingFiles, loadMapping } from '../mapping-files/load';

const dirs = [BUILT_IN_MAPPINGS_DIR];
const rowsOf = (csv: string): string[][] => parse(csv, { relaxColumnCount: true });

describe('per-council mappings: shipped files and known rows', () => {
  it('ships las, mosaic and homefirst, each valid', () => {
    expect([...listMappingFiles(dirs).keys()].sort()).toEqual(['homefirst', 'las', 'mosaic']);
    for (const name of ['homefirst', 'las', 'mosaic'])
      expect(loadMapping(name, dirs).mapping.name).toBe(name);
  });

  it('maps every canonical value of the record format, so the homefirst mapping needs no value tables', () => {
    const { mapping } = loadMapping('homefirst', dirs);
    expect(Object.values(mapping.columns).sort()).toEqual([...RECORD_FIELDS].sort());
    const header = readFileSync(
      join(BUILT_IN_MAPPINGS_DIR, '..', 'record-format', 'council-record-header.csv'),
      'utf8',
    )
      .trim()
      .split(',');
    expect(header).toEqual(Object.keys(mapping.columns));
    expect(header).toEqual([...councilRecordFormat.CSV_HEADER]);
  });

  it('given a LAS-style row, when mapped, then columns become record fields, step names codes and UK times instants', () => {
    const [header = [], referral = []] = rowsOf(lasCsv);
    const compiled = loadMapping('las', dirs);
    const mapped = compiled.mapRow(cellReader(columnIndex(header), referral));
    expect(mapped.issues).toEqual([]);
    expect(mapped.input).toEqual({
      recordId: 'A-1001',
      councilCode: 'E08000012',
      laPersonId: 'P100234',
      nhsNumber: '9990000018',
      referralId: 'REF-LIV-0001',
      event: 'referral_received',
      occurredAt: '2025-01-06T09:30:00.000Z',
      pathway: '1',
      hospitalOdsCode: 'REM',
      hospitalSpellId: 'V4412093',
      routeOfAccess: 'discharge_from_hospital',
    });
  });

  it('given a Mosaic-style row in summer, then its local time is read as BST', () => {
    const [header = [], referral = []] = rowsOf(mosaicCsv);
    const mapped = loadMapping('mosaic', dirs).mapRow(cellReader(columnIndex(header), referral));
    expect(mapped.input).toMatchObject({
      occurredAt: '2025-06-02T09:00:00.000Z',
      pathway: '3',
      event: 'referral_received',
    });
  });
});

describe('per-council mappings: unknown values, detection and validation', () => {
  it('given a step the mapping does not know, then the issue names the column, not the value', () => {
    const [header = [], , , , unknownStep = []] = rowsOf(lasCsv);
    const mapped = loadMapping('las', dirs).mapRow(cellReader(columnIndex(header), unknownStep));
    expect(mapped.issues).toEqual([
      {
        path: 'event',
        message: 'column "Workflow Step" has a value the las mapping does not know',
      },
    ]);
    expect(mapped.input).not.toHaveProperty('event');
  });

  it('given a canonical code the table does not list, then it passes through', () => {
    const compiled = loadMapping('las', dirs);
    const mapped = compiled.mapRow(
      objectReader({ 'Workflow Step': 'referral_cancelled', Outcome: 'deceased' }),
    );
    expect(mapped.issues).toEqual([]);
    expect(mapped.input).toMatchObject({ event: 'referral_cancelled', outcome: 'deceased' });
  });

  it('never quotes the value, which could be an identifier after a column shift', () => {
    const compiled = loadMapping('las', dirs);
    const mapped = compiled.mapRow(
      objectReader({ 'Workflow Step': 'Mrs Edna Jones', Outcome: '9990000018' }),
    );
    expect(mapped.issues).toHaveLength(2);
    expect(JSON.stringify(mapped.issues)).not.toMatch(/Edna|999/);
  });

  it('given a header, then the mapping is detected; an unknown header asks for --mapping', () => {
    expect(detectMapping(rowsOf(lasCsv)[0] ?? [], dirs).mapping.name).toBe('las');
    expect(detectMapping(rowsOf(mosaicCsv)[0] ?? [], dirs).mapping.name).toBe('mosaic');
    expect(() => detectMapping(['PersonRef', 'When', 'What'], dirs)).toThrow(/--mapping/);
  });

  it('refuses a mapping that misses a required field or maps a field twice', () => {
    const broken = mappingSchema.safeParse({
      name: 'broken',
      system: 'X',
      columns: { A: 'recordId', B: 'recordId', C: 'nhsNumber' },
    });
    expect(broken.success).toBe(false);
    const messages = broken.error?.issues.map((issue) => issue.message).join('\n') ?? '';
    expect(messages).toContain('already maps');
    expect(messages).toContain('councilCode');
  });

  it('takes constants for fields the export lacks (a one-council export)', () => {
    const compiled = compileMapping(
      mappingSchema.parse({
        name: 'sefton-las',
        system: 'Liquidlogic LAS',
        constants: { councilCode: 'E08000014' },
        columns: {
          Ref: 'recordId',
          NHS: 'nhsNumber',
          Step: 'event',
          When: 'occurredAt',
          Referral: 'referralId',
        },
        dateFormats: { occurredAt: ['DD/MM/YYYY HH:mm'] },
      }),
    );
    expect(compiled.mapRow(objectReader({ Ref: 'S-1', When: '31/12/2024 23:59' })).input).toEqual({
      councilCode: 'E08000014',
      recordId: 'S-1',
      occurredAt: '2024-12-31T23:59:00.000Z',
    });
  });
});

describe('record-format documents', () => {
  const schema = JSON.parse(
    readFileSync(join(BUILT_IN_MAPPINGS_DIR, '..', 'record-format', 'council-record.schema.json'), 'utf8'),
  ) as {
    $defs: { record: { properties: Record<string, { enum?: (string | null)[] }>; required: string[] } };
  };
  const { record } = schema.$defs;

  it('the JSON Schema names exactly the record fields', () => {
    expect(Object.keys(record.properties)).toEqual([...RECORD_FIELDS]);
    expect(record.required).toEqual([...councilRecordFormat.REQUIRED_FIELDS]);
  });

  it('the JSON Schema lists exactly the code values', () => {
    const values = (field: string) => record.properties[field]?.enum?.filter((v) => v !== null);
    expect(values('event')).toEqual([...RECORD_EVENTS]);
    expect(values('serviceType')).toEqual([...RECORD_SERVICE_TYPES]);
    expect(values('outcome')).toEqual([...RECORD_OUTCOMES]);
    expect(values('routeOfAccess')).toEqual([...RECORD_ROUTES_OF_ACCESS]);
  });
});
