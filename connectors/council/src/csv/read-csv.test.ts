import { Readable } from 'node:stream';
import { CsvHeaderError, MAX_ROW_CHARS, readCsv, trimLineBreaks, type CsvEntry } from './read-csv';

const entriesOf = async (text: string | Buffer): Promise<CsvEntry[]> => {
  const entries: CsvEntry[] = [];
  for await (const entry of readCsv(Readable.from([typeof text === 'string' ? Buffer.from(text) : text])))
    entries.push(entry);
  return entries;
};

describe('readCsv: rows with their lines, and what cannot be read', () => {
  it('gives each entry the line it starts on: blank lines, CRLF and line breaks inside quotes counted', async () => {
    const entries = await entriesOf('a,b\r\n\r\n1,"two\r\nlines"\r\n3,4\r\n');
    expect(entries.map((entry) => [entry.kind, entry.line, 'row' in entry ? entry.row : null])).toEqual([
      ['header', 1, null],
      ['row', 3, 1],
      ['row', 5, 2],
    ]);
  });

  it('given a UTF-8 byte-order mark, then the first header cell is clean', async () => {
    const [header] = await entriesOf(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\n1,2\n')]),
    );
    expect(header).toMatchObject({ kind: 'header', cells: ['a', 'b'] });
  });

  it('given a row with a quote never closed, then a malformed entry with its line, field and rule; the rows before it come through', async () => {
    const entries = await entriesOf('a,b,c\n1,2,3\n\n4,"THOMPSON 9434765919,6\n7,8,9\n');
    expect(entries.map((entry) => entry.kind)).toEqual(['header', 'row', 'malformed']);
    const malformed = entries[2];
    expect(malformed).toMatchObject({ kind: 'malformed', row: 2, line: 4, code: 'CSV_QUOTE_NOT_CLOSED' });
    expect(malformed?.kind === 'malformed' && malformed.reason).toBe(
      'a quoted value opened in field 2 is never closed, so everything after it to the end of the file (line 5) is part of it',
    );
    expect(malformed?.kind === 'malformed' && malformed.reason).not.toContain('THOMPSON');
  });

  it('given a header with a quote never closed, then CsvHeaderError (a ValidationError) naming the line and the rule, not the text', async () => {
    const failure = await entriesOf('record_id,"council_code\nTHOMPSON,9434765919\n').then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(CsvHeaderError);
    const error = failure as CsvHeaderError;
    expect(error).toMatchObject({ line: 1, csvCode: 'CSV_QUOTE_NOT_CLOSED', code: 'VALIDATION_FAILED' });
    expect(error.issues).toEqual([
      {
        path: 'header',
        message:
          'line 1: a quoted value opened in field 2 is never closed, so everything after it to the end of the file (line 2) is part of it (CSV_QUOTE_NOT_CLOSED)',
      },
    ]);
    expect(JSON.stringify(error.issues) + error.message).not.toMatch(/THOMPSON|9434765919/);
  });

  it('trims line breaks at either end only, in time linear in the text (a quoted cell can hold a long run of them)', () => {
    expect(trimLineBreaks('\r\n\na,"b\r\n\r\nc"\r\n')).toBe('a,"b\r\n\r\nc"');
    expect(trimLineBreaks('\r\n')).toBe('');
    expect(trimLineBreaks('a')).toBe('a');
    // The regular expression this replaced took ~9 s for 40,000 CRLFs inside a row (quadratic).
    const row = `a,"${'\r\n'.repeat(200_000)}"`;
    const started = performance.now();
    expect(trimLineBreaks(`${row}\r\n`)).toBe(row);
    expect(performance.now() - started).toBeLessThan(1_000); // generous: it takes well under a millisecond
  });

  it('given a row whose quoted cell holds 30,000 line breaks, then it is read with its line numbers', async () => {
    const entries = await entriesOf(`a,b\n1,"${'\r\n'.repeat(30_000)}"\n2,3\n`);
    expect(entries.map((entry) => [entry.kind, entry.line])).toEqual([
      ['header', 1],
      ['row', 2],
      ['row', 30_003],
    ]);
  });

  it('given a row longer than the limit (here: a quote never closed early in a big file), then it is malformed and only its start is kept', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},THOMPSON 9434765919,x`);
    const entries = await entriesOf(`a,b,c\n1,2,3\n4,"5,6\n${rows.join('\n')}\n`);
    expect(entries.map((entry) => entry.kind)).toEqual(['header', 'row', 'malformed']);
    const malformed = entries[2];
    expect(malformed).toMatchObject({ kind: 'malformed', row: 2, line: 3, code: 'CSV_QUOTE_NOT_CLOSED' });
    expect(malformed?.raw.length).toBe(MAX_ROW_CHARS);

    const long = await entriesOf(`a,b\n1,${'x'.repeat(MAX_ROW_CHARS)}\n2,3\n`);
    expect(long.map((entry) => [entry.kind, 'code' in entry ? entry.code : null])).toEqual([
      ['header', null],
      ['malformed', 'ROW_TOO_LONG'],
      ['row', null],
    ]);
    expect(long[1]?.kind === 'malformed' && long[1].reason).toBe(
      `the row is longer than ${MAX_ROW_CHARS} characters, the limit (only its start is kept)`,
    );
  });
});
