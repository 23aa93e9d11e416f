import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { createLogger, type Logger, type ValidationIssue } from '@homefirst/runtime';
import { createPersonKeyer, type CouncilEvent } from '@homefirst/schemas';
import { itemOf, rejectionLineOf } from '../csv/file-ingest';
import { CsvHeaderError, readCsv } from '../csv/read-csv';
import { reportLineOf, type ReportLine } from '../csv/error-report';
import { columnIndex, type CompiledMapping } from '../mapping/mapping';
import type { RecordField } from '../record/council-record';
import type { BatchContext, InboundItem } from '../pipeline/batch';
import { CouncilIngest, NO_DEDUPE } from '../pipeline/council-ingest';
import { parseCouncilJson } from '../pipeline/json-body';
import { jsonItemOf } from '../pipeline/json-item';
import { MemoryOrderStore } from '../pipeline/order-store';
import { KeptLines } from './kept-lines';

/** Rejections listed in full in the feed checker's answer; the count covers all of them. */
const MAX_LISTED = 1000;
const BATCH = 500;
/** Event lines kept for printing after one pass (64 MiB of JSON, some 130,000 events); beyond, a second pass prints. */
const MAX_KEPT_BYTES = 64 * 1024 * 1024;
/** Error codes of a file the checker cannot read at all (see FileRejection). */
const CSV_HEADER_MALFORMED = 'COUNCIL_CSV_HEADER_MALFORMED';
const CSV_HEADER_MISSING = 'COUNCIL_CSV_HEADER_MISSING';

export interface MapFeedOptions {
  /** A named mapping, or detected from a CSV header. */
  readonly mappingFor: (header: readonly string[] | null) => CompiledMapping | null;
  readonly personKeySecret: string;
  /** Prints one line (without its line break). */
  readonly write: (line: string) => void | Promise<void>;
  readonly logger?: Logger;
  readonly now?: () => Date;
  /** Event lines kept for printing after the one pass (default MAX_KEPT_BYTES); beyond, a second pass prints. */
  readonly maxKeptBytes?: number;
}

export interface FeedRejection {
  readonly status: 'rejected';
  readonly file: string;
  readonly mapping: string | null;
  readonly records: number;
  readonly rejected: number;
  readonly errors: readonly ReportLine[];
}

/** A problem of the file as a whole (its JSON, or its CSV header): nothing in it can be checked. */
class FileRejection extends Error {
  constructor(readonly line: ReportLine) {
    super(line.reasons.map((reason) => `${reason.field}: ${reason.message}`).join('; '));
    this.name = 'FileRejection';
  }
}

const fileRejection = (errorCode: string, issues: readonly ValidationIssue[], line?: number): FileRejection =>
  new FileRejection(reportLineOf({ row: null, line }, 'PARSE', errorCode, issues, () => null));

/** Reads the items of a file in batches: CSV streamed (via the mapping), JSON (record format, or a mapping's field names) at once. */
async function* batchesOf(
  file: string,
  options: MapFeedOptions,
): AsyncGenerator<{
  readonly items: InboundItem[];
  readonly compiled: CompiledMapping | null;
  readonly json: boolean;
}> {
  if (await isJson(file)) {
    const compiled = options.mappingFor(null);
    const parsed = parseCouncilJson(await readFile(file));
    if (!parsed.ok) throw fileRejection(parsed.code, [parsed.issue]);
    const body = parsed.value;
    const records: readonly unknown[] = Array.isArray(body)
      ? body
      : typeof body === 'object' && body !== null && Array.isArray((body as { records?: unknown }).records)
        ? (body as { records: unknown[] }).records
        : [body];
    for (let start = 0; start < records.length; start += BATCH) {
      const items = records
        .slice(start, start + BATCH)
        .map((record, offset) => jsonItemOf(record, start + offset, compiled));
      yield { items, compiled, json: true };
    }
    return;
  }
  const entries = readCsv(createReadStream(file, { highWaterMark: 256 * 1024 }));
  let header: { cells: readonly string[]; raw: string } | undefined;
  let compiled: CompiledMapping | null = null;
  let index: ReadonlyMap<string, number> = new Map();
  let items: InboundItem[] = [];
  try {
    for await (const entry of entries) {
      if (entry.kind === 'header') {
        header = entry;
        compiled = options.mappingFor(entry.cells);
        index = columnIndex(entry.cells);
        continue;
      }
      if (header === undefined || compiled === null) continue;
      items.push(itemOf(entry, header.cells, header.raw, index, compiled));
      if (items.length >= BATCH) {
        yield { items, compiled, json: false };
        items = [];
      }
    }
  } catch (err) {
    if (err instanceof CsvHeaderError) throw fileRejection(CSV_HEADER_MALFORMED, err.issues, err.line);
    throw err;
  }
  if (header === undefined) {
    throw fileRejection(CSV_HEADER_MISSING, [
      { path: 'header', message: 'is missing: the file has no line that is not blank' },
    ]);
  }
  if (items.length > 0) yield { items, compiled, json: false };
}

async function isJson(file: string): Promise<boolean> {
  if (extname(file).toLowerCase() === '.json') return true;
  if (extname(file).toLowerCase() === '.csv') return false;
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return /^\s*[[{]/.test(
      buffer
        .subarray(0, bytesRead)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    );
  } finally {
    await handle.close();
  }
}

/**
 * The feed checker: runs exactly the live mapping (the same CouncilIngest.prepare the REST endpoint and
 * CSV ingest run, with the order of steps checked within the file) and writes nothing anywhere. All
 * records good: prints each event as a JSON line and returns 0. Any rejected — or the file itself
 * unreadable (JSON too deep or invalid, a CSV header that cannot be read or is missing) — prints one
 * JSON document with the rejections (row/index, line, stage, code, reasons; never a value) and returns 1.
 *
 * One pass: the events' lines are kept while they fit in MAX_KEPT_BYTES and printed once the whole
 * file proved good. A bigger file is read a second time to print them, so a 1,000,000-row file still
 * streams in bounded memory.
 */
export async function mapFeed(file: string, options: MapFeedOptions): Promise<number> {
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? createLogger({ name: 'council-map', level: 'silent' });
  const personKeyOf = createPersonKeyer(options.personKeySecret);
  const pass = async (
    onEvents: (events: readonly CouncilEvent[], rejectedSoFar: number) => Promise<void>,
  ): Promise<FeedRejection> => {
    const ingest = new CouncilIngest({
      publish: () => Promise.resolve(),
      dedupe: NO_DEDUPE,
      orderStore: new MemoryOrderStore(),
      personKeyOf,
      logger,
      clock: now,
    });
    const errors: ReportLine[] = [];
    let records = 0;
    let rejected = 0;
    let mappingName: string | null = null;
    // Stands in for Redis' record ids: a record id repeated in the file is a duplicate, as it would be live.
    const seenInFile = new Set<string>();
    try {
      for await (const { items, compiled, json } of batchesOf(file, options)) {
        mappingName = compiled?.mapping.name ?? null;
        const first = items[0];
        const last = items[items.length - 1];
        if (first === undefined || last === undefined) continue;
        const context: BatchContext = {
          channel: json ? 'COUNCIL_API' : 'COUNCIL_CSV',
          transport: json ? 'HTTP' : 'FILE',
          contentType: json ? 'application/json' : 'text/csv',
          system: compiled?.mapping.system ?? 'council-api',
          orgCode: 'UNKNOWN',
          rawMessageId: `${basename(file)}#rows ${first.position}-${last.position}`,
          rawBody: Buffer.alloc(0),
          receivedAt: now(),
          correlationId: randomUUID(),
        };
        const prepared = await ingest.prepare(items, context, seenInFile);
        records += items.length;
        const columnOf = (field: string): string | null =>
          compiled?.columnOf.get(field as RecordField) ?? null;
        for (const outcome of prepared.outcomes) {
          if (outcome.status !== 'rejected') continue;
          rejected += 1;
          if (errors.length < MAX_LISTED) errors.push(rejectionLineOf(outcome, columnOf));
        }
        await onEvents(prepared.events, rejected);
      }
    } catch (err) {
      if (!(err instanceof FileRejection)) throw err;
      errors.unshift(err.line);
      rejected += 1;
    }
    return { status: 'rejected', file: basename(file), mapping: mappingName, records, rejected, errors };
  };

  const kept = new KeptLines(options.maxKeptBytes ?? MAX_KEPT_BYTES);
  const check = await pass((events, rejectedSoFar) => {
    // Once a record is rejected no event is printed; past the bound they are printed by a second pass.
    if (kept.keeping && rejectedSoFar === 0) for (const event of events) kept.add(JSON.stringify(event));
    return Promise.resolve();
  });
  if (check.rejected > 0) {
    await options.write(JSON.stringify(check));
    return 1;
  }
  if (kept.keeping) {
    for (const line of kept.lines()) await options.write(line);
    return 0;
  }
  await pass(async (events) => {
    for (const event of events) await options.write(JSON.stringify(event));
  });
  return 0;
}
