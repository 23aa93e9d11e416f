import type { Readable } from 'node:stream';
import { ValidationError } from '@homefirst/runtime';
import { parse, type CsvError, type Parser } from 'csv-parse';

/**
 * What a CSV file yields, in file order: its header once, then each data row (parsed or malformed).
 * `line` is the line of the file where the entry starts (from 1; blank lines and line breaks inside
 * quoted cells counted), so a report can point at it.
 */
export type CsvEntry =
  | {
      readonly kind: 'header';
      readonly line: number;
      readonly cells: readonly string[];
      readonly raw: string;
    }
  | {
      readonly kind: 'row';
      readonly row: number;
      readonly line: number;
      readonly cells: readonly string[];
      readonly raw: string;
    }
  | {
      readonly kind: 'malformed';
      readonly row: number;
      readonly line: number;
      /** csv-parse's error code, e.g. CSV_QUOTE_NOT_CLOSED. */
      readonly code: string;
      /** What is wrong, with where: the rule broken and the field's position, never a value. */
      readonly reason: string;
      readonly raw: string;
    };

type ParserOutput =
  | { readonly record: string[]; readonly raw: string }
  | { readonly skipped: string; readonly raw: string; readonly field: number | null };

const isLineBreak = (code: number): boolean => code === 0x0a || code === 0x0d;

/**
 * csv-parse's raw text carries stray line-break characters at either end; a row's text has none. A loop,
 * not `/[\r\n]+$/`: that pattern retries at every line break of a long run inside a quoted cell, and so
 * took seconds (quadratic) on one row holding tens of thousands of them.
 */
export function trimLineBreaks(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isLineBreak(text.charCodeAt(start))) start += 1;
  while (end > start && isLineBreak(text.charCodeAt(end - 1))) end -= 1;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Line breaks in a text (LF, CRLF or CR), counted without a regular expression: this runs per row. */
function lineBreaks(text: string, from = 0, to = text.length): number {
  let count = 0;
  for (let i = from; i < to; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 0x0a || (code === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) count += 1;
  }
  return count;
}

/** Line breaks before the first character that is not one (the blank lines csv-parse puts in front of a row's text). */
function leadingLineBreaks(text: string): number {
  let end = 0;
  while (end < text.length && isLineBreak(text.charCodeAt(end))) end += 1;
  return lineBreaks(text, 0, end);
}

/**
 * The longest row (or header line) kept, in characters. A council record is a few hundred; a longer row
 * — a huge cell, or a quote never closed that swallows the rest of the file — is malformed, and only its
 * first MAX_ROW_CHARS are kept for its dead letter and the chunk's raw copy, which must each fit in one
 * Kafka message.
 */
export const MAX_ROW_CHARS = 64 * 1024;
const TOO_LONG = 'ROW_TOO_LONG';
const clip = (raw: string): string => (raw.length > MAX_ROW_CHARS ? raw.slice(0, MAX_ROW_CHARS) : raw);

/** The rule a malformed entry breaks, from csv-parse's code; `field` counts from 1. Never quotes the text. */
export function describeCsvProblem(code: string, field: number | null, lastLine: number): string {
  const where = field === null ? 'a field' : `field ${field}`;
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `a quoted value opened in ${where} is never closed, so everything after it to the end of the file (line ${lastLine}) is part of it`;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return `the closing quote of ${where} is followed by something other than a comma or a line break`;
    case 'INVALID_OPENING_QUOTE':
      return `${where} has a quote inside an unquoted value`;
    case TOO_LONG:
      return `the row is longer than ${MAX_ROW_CHARS} characters, the limit (only its start is kept)`;
    default:
      return 'the CSV syntax cannot be read';
  }
}

/** A CSV file whose header line cannot be read: nothing under it can be mapped. */
export class CsvHeaderError extends ValidationError {
  constructor(
    readonly line: number,
    /** csv-parse's error code, e.g. CSV_QUOTE_NOT_CLOSED. */
    readonly csvCode: string,
    reason: string,
  ) {
    super('the CSV header cannot be read', [
      { path: 'header', message: `line ${line}: ${reason} (${csvCode})` },
    ]);
  }
}

/**
 * Streams a CSV export row by row with back-pressure (constant memory whatever the file size). A UTF-8
 * byte-order mark is dropped. Quotes are read leniently; a row the parser cannot read at all (e.g. a
 * quote never closed) is yielded as malformed with csv-parse's error code and the reason, and the rows
 * around it still come through. A header that cannot be read throws CsvHeaderError. Row numbers count
 * data rows from 1 under the header, blank lines not counted.
 */
export async function* readCsv(source: Readable): AsyncGenerator<CsvEntry> {
  const parser: Parser = parse({
    raw: true,
    bom: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    // Push the skipped row into the output, so it keeps its place among the rows.
    on_skip: (err: CsvError | undefined, raw: string | undefined) => {
      const index = typeof err?.index === 'number' ? err.index : null;
      parser.push({
        skipped: err?.code ?? 'CSV_MALFORMED',
        raw: raw ?? '',
        field: index === null ? null : index + 1,
      } satisfies ParserOutput);
      return undefined;
    },
  });
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  let row = 0;
  let header = true;
  // Every character of the file is in some entry's raw text (blank lines in the next row's), so the
  // line breaks of the raw texts so far say where the next entry starts.
  let linesBefore = 0;
  for await (const output of parser as AsyncIterable<ParserOutput>) {
    const line = linesBefore + leadingLineBreaks(output.raw) + 1;
    linesBefore += lineBreaks(output.raw);
    if ('skipped' in output) {
      const endsWithBreak = isLineBreak(output.raw.charCodeAt(output.raw.length - 1));
      const lastLine = Math.max(line, linesBefore + (endsWithBreak ? 0 : 1));
      const reason = describeCsvProblem(output.skipped, output.field, lastLine);
      if (header) throw new CsvHeaderError(line, output.skipped, reason);
      row += 1;
      const raw = clip(trimLineBreaks(output.raw));
      yield { kind: 'malformed', row, line, code: output.skipped, reason, raw };
      continue;
    }
    const raw = trimLineBreaks(output.raw);
    if (raw.length > MAX_ROW_CHARS) {
      const reason = describeCsvProblem(TOO_LONG, null, line);
      if (header) throw new CsvHeaderError(line, TOO_LONG, reason);
      row += 1;
      yield { kind: 'malformed', row, line, code: TOO_LONG, reason, raw: clip(raw) };
      continue;
    }
    if (header) {
      header = false;
      yield { kind: 'header', line, cells: output.record.map((cell) => cell.trim()), raw };
      continue;
    }
    row += 1;
    yield { kind: 'row', row, line, cells: output.record, raw };
  }
}
