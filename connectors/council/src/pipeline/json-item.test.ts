import { BUILT_IN_MAPPINGS_DIR, loadMapping } from '../mapping-files/load';
import { jsonItemOf } from './json-item';

describe('jsonItemOf: a posted JSON record as the pipeline input', () => {
  const mosaic = loadMapping('mosaic', [BUILT_IN_MAPPINGS_DIR]);

  it('keeps a record in the record format as it is, with its JSON as the raw text', () => {
    const record = { recordId: 'R-1', councilCode: 'E09000001' };
    expect(jsonItemOf(record, 3, undefined)).toEqual({
      position: 3,
      input: record,
      earlyIssues: [],
      rawText: JSON.stringify(record),
    });
  });

  it('does not map what is not an object, even with a mapping', () => {
    expect(jsonItemOf(['a'], 0, mosaic)).toEqual({
      position: 0,
      input: ['a'],
      earlyIssues: [],
      rawText: '["a"]',
    });
    expect(jsonItemOf(null, 1, null)).toEqual({ position: 1, input: null, earlyIssues: [], rawText: 'null' });
  });

  it("maps an export's own field names to record fields", () => {
    const item = jsonItemOf({ Source_Record_ID: 'R-9', LA_Code: 'E09000001' }, 0, mosaic);
    expect(item.input).toMatchObject({ recordId: 'R-9', councilCode: 'E09000001' });
    expect(item.rawText).toBe('{"Source_Record_ID":"R-9","LA_Code":"E09000001"}');
  });
});
