import type { Readable } from 'node:stream';
import { parse, type CsvError, type Parser } from 'csv-parse';

/** What a CSV file yields, in file order: its header once, then each data row (parsed or malformed). */
export type CsvEntry =
  | { readonly kind: 'header'; readonly cells: readonly string[]; readonly raw: string }
  | { readonly kind: 'row'; readonly row: number; readonly cells: readonly string[]; readonly raw: string }
  | { readonly kind: 'malformed'; readonly row: number; readonly code: string; readonly raw: string };

type ParserOutput =
  { readonly record: string[]; readonly raw: string } | { readonly skipped: string; readonly raw: string };

/** csv-parse's raw text carries stray line-break characters at either end; a row's text has none. */
const trimLineBreaks = (text: string): string => text.replace(/^[\r\n]+|[\r\n]+$/g, '');

/**
 * Streams a CSV export row by row with back-pressure (constant memory whatever the file size). Quotes
 * are read leniently; a row the parser cannot read at all (e.g. a quote never closed) is yielded as
 * malformed with csv-parse's error code, and the rows around it still come through. Row numbers count
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
      parser.push({ skipped: err?.code ?? 'CSV_MALFORMED', raw: raw ?? '' } satisfies ParserOutput);
      return undefined;
    },
  });
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  let row = 0;
  let header = true;
  for await (const output of parser as AsyncIterable<ParserOutput>) {
    if ('skipped' in output) {
      if (header) throw new Error(`the CSV header is malformed (${output.skipped})`);
      row += 1;
      yield { kind: 'malformed', row, code: output.skipped, raw: trimLineBreaks(output.raw) };
      continue;
    }
    if (header) {
      header = false;
      yield {
        kind: 'header',
        cells: output.record.map((cell) => cell.trim()),
        raw: trimLineBreaks(output.raw),
      };
      continue;
    }
    row += 1;
    yield { kind: 'row', row, cells: output.record, raw: trimLineBreaks(output.raw) };
  }
}
