import { MAX_JSON_DEPTH, lineColumnOf, offsetBeyondDepth, parseCouncilJson } from './json-body';

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('council JSON: byte-order mark, nesting limit, errors without the text', () => {
  it('given a body starting with a UTF-8 byte-order mark, then it parses as without one', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"records":[{"a":1}]}')]);
    expect(parseCouncilJson(body)).toEqual({ ok: true, value: { records: [{ a: 1 }] } });
    expect(parseCouncilJson('\uFEFF[1]')).toEqual({ ok: true, value: [1] });
  });

  it('given nesting at the limit, then it parses; one level deeper, then a rejection naming the limit and where', () => {
    expect(parseCouncilJson(nested(MAX_JSON_DEPTH)).ok).toBe(true);
    const tooDeep = parseCouncilJson(`{"records":\n${nested(MAX_JSON_DEPTH)}}`);
    expect(tooDeep).toEqual({
      ok: false,
      code: 'COUNCIL_JSON_TOO_DEEP',
      issue: {
        path: 'body',
        message: expect.stringContaining(`deeper than ${MAX_JSON_DEPTH} levels`) as unknown,
      },
    });
    expect(!tooDeep.ok && tooDeep.issue.message).toContain('line 2, column 32');
  });

  it('given a million levels, then a rejection, not a stack overflow', () => {
    const result = parseCouncilJson(nested(1_000_000));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.code).toBe('COUNCIL_JSON_TOO_DEEP');
  });

  it('given brackets and escaped quotes inside strings, then they do not count as nesting', () => {
    const text = JSON.stringify({ note: `${'['.repeat(100)}\\"{{{{`, nested: [[1]] });
    expect(offsetBeyondDepth(text, 3)).toBe(-1);
    expect(offsetBeyondDepth(text, 2)).toBeGreaterThan(0);
  });

  it('given invalid JSON holding a name and an NHS number, then the reason says where, never what', () => {
    for (const body of [
      '{"recordId": THOMPSON 9434765919}',
      '{"name":"THOMPSON 9434765919"',
      '[9434765919,]',
    ]) {
      const result = parseCouncilJson(body);
      expect(result.ok).toBe(false);
      const text = JSON.stringify(result);
      expect(text).not.toContain('THOMPSON');
      expect(text).not.toContain('9434765919');
      expect(!result.ok && result.issue.message).toMatch(/^is not valid JSON/);
    }
    expect(JSON.stringify(parseCouncilJson('{\n"a": 1'))).toContain('line 2, column 7');
  });

  it('counts lines and columns from 1 over LF, CRLF and CR', () => {
    expect(lineColumnOf('ab\r\ncd\ref\ngh', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnOf('ab\r\ncd\ref\ngh', 5)).toEqual({ line: 2, column: 2 });
    expect(lineColumnOf('ab\r\ncd\ref\ngh', 11)).toEqual({ line: 4, column: 2 });
  });
});
