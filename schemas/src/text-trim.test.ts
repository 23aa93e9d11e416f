import { LINE_BREAKS, linesWithBreaks, trimEndOf, trimStartOf } from './text-trim';

describe('linear-time trims', () => {
  it('trims the given characters at either end only', () => {
    expect(trimEndOf('MSH|a\r\n\r', LINE_BREAKS)).toBe('MSH|a');
    expect(trimStartOf('\n\rPID|b\r', LINE_BREAKS)).toBe('PID|b\r');
    expect(trimEndOf('a^b^^^', '^')).toBe('a^b');
    expect(trimEndOf('\r\n', LINE_BREAKS)).toBe('');
    expect(trimEndOf('plain', LINE_BREAKS)).toBe('plain');
  });

  it('answers at once where /[\\r\\n]+$/ is quadratic (a run of line breaks, then one letter)', () => {
    const hostile = `${'\n'.repeat(200_000)}x`;
    const started = process.hrtime.bigint();
    expect(trimEndOf(hostile, LINE_BREAKS)).toBe(hostile);
    expect(trimStartOf(hostile, LINE_BREAKS)).toBe('x');
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(200);
  });
});

describe('lines with their breaks', () => {
  it('keeps each line break with its line, CR, LF or CRLF', () => {
    expect([...linesWithBreaks('a\rb\nc\r\nd')]).toEqual([
      { line: 'a\r', index: 0 },
      { line: 'b\n', index: 2 },
      { line: 'c\r\n', index: 4 },
      { line: 'd', index: 7 },
    ]);
    expect([...linesWithBreaks('')]).toEqual([]);
    expect([...linesWithBreaks('\r\r')].map((l) => l.line)).toEqual(['\r', '\r']);
  });
});
