import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ValidationError, describeError, type Logger, type ValidationIssue } from '@homefirst/runtime';
import { cellReader, columnIndex, type CompiledMapping } from '../mapping/mapping';
import { COUNCIL_CODE, type RecordField } from '../record/council-record';
import type { InboundItem, ItemOutcome } from '../pipeline/batch';
import type { CouncilIngest } from '../pipeline/council-ingest';
import {
  identityOf,
  readCheckpoint,
  removeCheckpoint,
  writeCheckpoint,
  zeroCounts,
  type FileIdentity,
  type IngestCounts,
} from './checkpoint';
import { ChunkWriter, emptyChunk, type Chunk } from './chunk-writer';
import { ErrorReport, reportLineOf, type ReportLine } from './error-report';
import { readCsv, type CsvEntry } from './read-csv';

export interface FileProgress extends IngestCounts {
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly rows: number;
}

export interface FileIngestOptions {
  readonly file: string;
  /** Resolves the mapping once the header is read: a named one, or detected from the header. */
  readonly mappingFor: (header: readonly string[]) => CompiledMapping;
  readonly ingest: CouncilIngest;
  /** Identity of the Kafka destination (brokers + topic prefix), so a checkpoint only resumes into the same one. */
  readonly target: string;
  readonly logger: Logger;
  /** Rows per durable write (default 500). */
  readonly batchSize?: number;
  /** Writes awaiting Kafka's acknowledgement at once (default 4). */
  readonly maxInFlight?: number;
  /** A chunk's raw copy stays under this many bytes, well below Kafka's 1 MB message limit (default 512 KiB). */
  readonly maxChunkBytes?: number;
  /** How often the checkpoint file is rewritten at most (default 250 ms; always at the end). */
  readonly checkpointEveryMs?: number;
  readonly onProgress?: (progress: FileProgress) => void;
  /** Stops reading; batches under way finish and the checkpoint is written. */
  readonly signal?: AbortSignal;
}

export interface FileIngestSummary extends IngestCounts {
  readonly file: string;
  readonly mapping: string;
  /** Data rows in the file (all of them once complete). */
  readonly rows: number;
  /** Rows skipped because an interrupted earlier run had done them. */
  readonly resumedAfterRow: number;
  readonly errorReport: string;
  readonly complete: boolean;
}

/**
 * Ingests one CSV export: streamed in constant memory, in chunks of rows written durably (raw chunk +
 * events + dead letters per chunk) with a bounded number of writes in flight. Good rows go in even
 * when others are rejected; each rejected row gets a line in `<file>.errors.jsonl`. Progress is
 * checkpointed beside the file, so an interrupted run resumes after the last row durably done; record
 * ids (remembered after the ack) and deterministic eventIds make a resumed or re-sent file add no
 * duplicate events.
 *
 * Throws on a failure that stops the file (Kafka or Redis unavailable, unreadable file or header); the
 * checkpoint then says how far it got.
 */
export async function ingestCsvFile(options: FileIngestOptions): Promise<FileIngestSummary> {
  const { file, logger, batchSize = 500, maxInFlight = 4, maxChunkBytes = 512 * 1024 } = options;
  const { size: totalBytes } = await stat(file);
  const identity = await identityOf(file);
  const fileName = basename(file);
  const source = await openCsvFile(file);
  const { header, entries } = source;
  const compiled = options.mappingFor(header.cells);
  const { mapping } = compiled;
  const index = columnIndex(header.cells);
  const columnOf = (field: string): string | null => compiled.columnOf.get(field as RecordField) ?? null;

  const checkpoint = await readCheckpoint(file, identity, options.target, logger);
  const resumedAfterRow =
    checkpoint !== null && checkpoint.mapping === mapping.name ? checkpoint.rowsDone : 0;
  const counts: IngestCounts =
    resumedAfterRow > 0 && checkpoint !== null ? { ...checkpoint.counts } : zeroCounts();
  const report = await ErrorReport.open(file, resumedAfterRow);
  if (resumedAfterRow > 0) logger.info({ file: fileName, resumedAfterRow }, 'resuming an interrupted file');

  let rows = 0;
  const progress = (): void =>
    options.onProgress?.({ bytesRead: source.bytesRead(), totalBytes, rows, ...counts });
  const checkpoints = new CheckpointKeeper(options, identity, mapping.name, counts, resumedAfterRow);
  const writer = new ChunkWriter({
    ingest: options.ingest,
    maxInFlight,
    counts,
    rejectionLine: (outcome) => rejectionLineOf(outcome, columnOf),
    contextOf: (chunk, firstItem, lastItem) => ({
      channel: 'COUNCIL_CSV',
      transport: 'FILE',
      contentType: 'text/csv',
      system: mapping.system,
      orgCode: councilOfChunk(chunk.items) ?? mapping.constants.councilCode ?? 'UNKNOWN',
      rawMessageId: `${fileName}#rows ${firstItem.position}-${lastItem.position}`,
      rawBody: Buffer.from(`${header.raw}\n${chunk.lines.join('\n')}\n`, 'utf8'),
      receivedAt: new Date(),
      correlationId: randomUUID(),
    }),
    onSettled: async (lines, lastRow) => {
      await report.write(lines);
      await checkpoints.save(lastRow, false);
      progress();
    },
  });

  let chunk: Chunk = emptyChunk();
  try {
    for (;;) {
      if (writer.failure !== undefined || options.signal?.aborted === true) break;
      const next = await entries.next();
      if (next.done === true) break;
      const entry = next.value;
      if (entry.kind === 'header') continue;
      rows = entry.row;
      if (entry.row <= resumedAfterRow) {
        if (entry.row % 10_000 === 0) progress();
        continue;
      }
      const item = itemOf(entry, header.cells, header.raw, index, compiled);
      const bytes = Buffer.byteLength(entry.raw) + 1;
      if (chunk.items.length > 0 && chunk.bytes + bytes > maxChunkBytes) {
        await writer.send(chunk);
        chunk = emptyChunk();
      }
      chunk.items.push(item);
      chunk.lines.push(entry.raw);
      chunk.bytes += bytes;
      if (chunk.items.length >= batchSize) {
        await writer.send(chunk);
        chunk = emptyChunk();
      }
      await writer.settleFront();
    }
    if (writer.failure === undefined && options.signal?.aborted !== true) await writer.send(chunk);
  } catch (err) {
    writer.fail(err);
  } finally {
    source.close();
    await writer.drain();
    await checkpoints.save(undefined, true).catch((err: unknown) => writer.fail(err));
    await report.close();
  }
  const { failure } = writer;
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error(describeError(failure));

  const complete = options.signal?.aborted !== true;
  if (complete) await removeCheckpoint(file);
  progress();
  return {
    file,
    mapping: mapping.name,
    rows,
    resumedAfterRow,
    errorReport: report.path,
    complete,
    ...counts,
  };
}

/** A CSV file open for reading: its header, the entries after it, and how many bytes were read so far. */
interface OpenCsvFile {
  readonly header: { readonly cells: readonly string[]; readonly raw: string };
  readonly entries: AsyncGenerator<CsvEntry>;
  readonly bytesRead: () => number;
  readonly close: () => void;
}

/** Opens a CSV file and reads its header; throws `EmptyFileError` when it has none, `CsvHeaderError` when it cannot be read. */
async function openCsvFile(file: string): Promise<OpenCsvFile> {
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  let bytesRead = 0;
  stream.on('data', (data) => {
    bytesRead += data.length;
  });
  const entries = readCsv(stream);
  let first: IteratorResult<CsvEntry>;
  try {
    first = await entries.next();
  } catch (err) {
    stream.destroy();
    throw err; // CsvHeaderError: the header cannot be read
  }
  const headerEntry: CsvEntry | undefined = first.done === true ? undefined : first.value;
  if (headerEntry?.kind !== 'header') {
    stream.destroy();
    throw new EmptyFileError(file);
  }
  return {
    header: headerEntry,
    entries,
    bytesRead: () => bytesRead,
    close: () => stream.destroy(),
  };
}

/** Writes the file's checkpoint: at most every `checkpointEveryMs`, or when forced. */
class CheckpointKeeper {
  private lastSavedAt = 0;

  constructor(
    private readonly options: FileIngestOptions,
    private readonly identity: FileIdentity,
    private readonly mappingName: string,
    private readonly counts: IngestCounts,
    private rowsDone: number,
  ) {}

  /** Records `rowsDone` (when given) and writes the checkpoint unless one was written very recently. */
  async save(rowsDone: number | undefined, force: boolean): Promise<void> {
    if (rowsDone !== undefined) this.rowsDone = rowsDone;
    const now = Date.now();
    if (!force && now - this.lastSavedAt < (this.options.checkpointEveryMs ?? 250)) return;
    this.lastSavedAt = now;
    await writeCheckpoint(this.options.file, {
      version: 1,
      fileSize: this.identity.fileSize,
      fileHead: this.identity.fileHead,
      target: this.options.target,
      mapping: this.mappingName,
      rowsDone: this.rowsDone,
      counts: this.counts,
      updatedAt: new Date(now).toISOString(),
    });
  }
}

/** The error-report line of a rejected record. */
export function rejectionLineOf(
  outcome: Extract<ItemOutcome, { status: 'rejected' }>,
  columnOf: (field: string) => string | null,
): ReportLine {
  return reportLineOf(
    { row: outcome.position, line: outcome.line },
    outcome.stage,
    outcome.errorCode,
    outcome.issues,
    columnOf,
  );
}

/** The council of a chunk's raw copy: the first row's, when it is a valid code. */
function councilOfChunk(items: readonly InboundItem[]): string | undefined {
  for (const item of items) {
    const code = (item.input as { councilCode?: unknown } | null)?.councilCode;
    if (typeof code === 'string' && COUNCIL_CODE.test(code.trim().toUpperCase()))
      return code.trim().toUpperCase();
  }
  return undefined;
}

/** A CSV row as the pipeline's input: mapped to record fields, or malformed (with its line and the rule it breaks). */
export function itemOf(
  entry: Extract<CsvEntry, { kind: 'row' | 'malformed' }>,
  header: readonly string[],
  headerRaw: string,
  index: ReadonlyMap<string, number>,
  compiled: CompiledMapping,
): InboundItem {
  const rawText = `${headerRaw}\n${entry.raw}`;
  const at = { position: entry.row, line: entry.line };
  if (entry.kind === 'malformed') {
    return {
      ...at,
      input: {},
      earlyIssues: [
        {
          path: 'row',
          message: `line ${entry.line}: the CSV row cannot be read: ${entry.reason} (${entry.code})`,
        },
      ],
      earlyStage: 'PARSE',
      rawText,
    };
  }
  const extra = entry.cells.slice(header.length);
  if (entry.cells.length < header.length || extra.some((cell) => cell.trim() !== '')) {
    const issue: ValidationIssue = {
      path: 'row',
      message: `line ${entry.line}: the row has ${entry.cells.length} fields, the header ${header.length}`,
    };
    return { ...at, input: {}, earlyIssues: [issue], earlyStage: 'PARSE', rawText };
  }
  const mapped = compiled.mapRow(cellReader(index, entry.cells));
  return {
    ...at,
    input: mapped.input,
    earlyIssues: mapped.issues,
    ...(mapped.issues.length > 0 && { earlyStage: 'MAP' as const }),
    rawText,
  };
}

/** A file with nothing to read: no header row. */
export class EmptyFileError extends ValidationError {
  constructor(file: string) {
    super(`${basename(file)} has no CSV header`, [{ path: 'header', message: 'is missing' }]);
  }
}
