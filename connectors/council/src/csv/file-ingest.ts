import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ValidationError, describeError, type Logger, type ValidationIssue } from '@homefirst/runtime';
import { cellReader, columnIndex, type CompiledMapping } from '../mapping/mapping';
import { COUNCIL_CODE, type RecordField } from '../record/council-record';
import type { BatchContext, InboundItem, ItemOutcome } from '../pipeline/batch';
import type { CouncilIngest, PreparedBatch } from '../pipeline/council-ingest';
import {
  identityOf,
  readCheckpoint,
  removeCheckpoint,
  writeCheckpoint,
  zeroCounts,
  type IngestCounts,
} from './checkpoint';
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

interface Chunk {
  readonly items: InboundItem[];
  readonly lines: string[];
  bytes: number;
}

interface Pending {
  readonly lastRow: number;
  readonly prepared: PreparedBatch;
  readonly written: Promise<readonly ItemOutcome[]>;
  settled: boolean;
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
  const {
    file,
    ingest,
    logger,
    batchSize = 500,
    maxInFlight = 4,
    maxChunkBytes = 512 * 1024,
    checkpointEveryMs = 250,
  } = options;
  const { size: totalBytes } = await stat(file);
  const identity = await identityOf(file);
  const fileName = basename(file);

  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  let bytesRead = 0;
  stream.on('data', (data) => {
    bytesRead += data.length;
  });
  const entries = readCsv(stream);

  const first = await entries.next();
  const headerEntry: CsvEntry | undefined = first.done === true ? undefined : first.value;
  if (headerEntry?.kind !== 'header') {
    stream.destroy();
    throw new EmptyFileError(file);
  }
  const header = headerEntry.cells;
  const compiled = options.mappingFor(header);
  const { mapping } = compiled;
  const index = columnIndex(header);
  const columnOf = (field: string): string | null => compiled.columnOf.get(field as RecordField) ?? null;

  const checkpoint = await readCheckpoint(file, identity, options.target, logger);
  const resumedAfterRow =
    checkpoint !== null && checkpoint.mapping === mapping.name ? checkpoint.rowsDone : 0;
  const counts: IngestCounts =
    resumedAfterRow > 0 && checkpoint !== null ? { ...checkpoint.counts } : zeroCounts();
  const report = await ErrorReport.open(file, resumedAfterRow);
  if (resumedAfterRow > 0) logger.info({ file: fileName, resumedAfterRow }, 'resuming an interrupted file');

  let rows = 0;
  let rowsDone = resumedAfterRow;
  let lastCheckpointAt = 0;
  const inFlight = new Set<string>();
  const pending: Pending[] = [];
  let failure: unknown;

  const progress = (): void => options.onProgress?.({ bytesRead, totalBytes, rows, ...counts });

  const saveCheckpoint = async (force: boolean): Promise<void> => {
    const now = Date.now();
    if (!force && now - lastCheckpointAt < checkpointEveryMs) return;
    lastCheckpointAt = now;
    await writeCheckpoint(file, {
      version: 1,
      fileSize: identity.fileSize,
      fileHead: identity.fileHead,
      target: options.target,
      mapping: mapping.name,
      rowsDone,
      counts,
      updatedAt: new Date(now).toISOString(),
    });
  };

  /** Takes finished writes off the front of the queue, in file order: report lines, counts, checkpoint. */
  const settleFront = async (): Promise<void> => {
    while (pending[0]?.settled === true) {
      const done = pending.shift() as Pending; // checked just above
      const outcomes = await done.written;
      const lines: ReportLine[] = [];
      for (const outcome of outcomes) {
        switch (outcome.status) {
          case 'accepted':
            counts.accepted += 1;
            if (outcome.flags.length > 0) counts.flagged += 1;
            break;
          case 'duplicate':
            counts.duplicates += 1;
            break;
          case 'rejected':
            counts.rejected += 1;
            lines.push(
              reportLineOf(
                outcome.position,
                outcome.recordId,
                outcome.stage,
                outcome.errorCode,
                outcome.issues,
                columnOf,
              ),
            );
            break;
          default:
            outcome satisfies never;
        }
      }
      await report.write(lines);
      rowsDone = done.lastRow;
      await saveCheckpoint(false);
      progress();
    }
  };

  const waitForFront = async (): Promise<void> => {
    const front = pending[0];
    if (front === undefined) return;
    try {
      await front.written;
    } catch (err) {
      failure ??= err;
    }
    await settleFront();
  };

  const send = async (chunk: Chunk): Promise<void> => {
    const firstItem = chunk.items[0];
    const lastItem = chunk.items[chunk.items.length - 1];
    if (firstItem === undefined || lastItem === undefined) return;
    while (pending.length >= maxInFlight && failure === undefined) await waitForFront();
    if (failure !== undefined) return;
    const context: BatchContext = {
      channel: 'COUNCIL_CSV',
      transport: 'FILE',
      contentType: 'text/csv',
      system: mapping.system,
      orgCode: councilOfChunk(chunk.items) ?? mapping.constants.councilCode ?? 'UNKNOWN',
      rawMessageId: `${fileName}#rows ${firstItem.position}-${lastItem.position}`,
      rawBody: Buffer.from(`${headerEntry.raw}\n${chunk.lines.join('\n')}\n`, 'utf8'),
      receivedAt: new Date(),
      correlationId: randomUUID(),
    };
    const prepared = await ingest.prepare(chunk.items, context, inFlight);
    const entry: Pending = {
      lastRow: lastItem.position,
      prepared,
      written: ingest.commit(prepared).finally(() => {
        for (const key of prepared.inFlightKeys) inFlight.delete(key);
        entry.settled = true;
      }),
      settled: false,
    };
    // Failures are collected when the entry reaches the front; avoid an unhandled rejection meanwhile.
    entry.written.catch(() => undefined);
    pending.push(entry);
  };

  let chunk: Chunk = { items: [], lines: [], bytes: 0 };
  try {
    for (;;) {
      if (failure !== undefined || options.signal?.aborted === true) break;
      const next = await entries.next();
      if (next.done === true) break;
      const entry = next.value;
      if (entry.kind === 'header') continue;
      rows = entry.row;
      if (entry.row <= resumedAfterRow) {
        if (entry.row % 10_000 === 0) progress();
        continue;
      }
      const item = itemOf(entry, header, headerEntry.raw, index, compiled);
      const bytes = Buffer.byteLength(entry.raw) + 1;
      if (chunk.items.length > 0 && chunk.bytes + bytes > maxChunkBytes) {
        await send(chunk);
        chunk = { items: [], lines: [], bytes: 0 };
      }
      chunk.items.push(item);
      chunk.lines.push(entry.raw);
      chunk.bytes += bytes;
      if (chunk.items.length >= batchSize) {
        await send(chunk);
        chunk = { items: [], lines: [], bytes: 0 };
      }
      await settleFront();
    }
    if (failure === undefined && options.signal?.aborted !== true) await send(chunk);
  } catch (err) {
    failure ??= err;
  } finally {
    stream.destroy();
    while (pending.length > 0) {
      const front = pending[0];
      if (front === undefined) break;
      try {
        await front.written;
        await settleFront();
      } catch (err) {
        failure ??= err;
        // Nothing after a failed write counts as done: a resumed run starts at its first row.
        pending.length = 0;
      }
    }
    await saveCheckpoint(true).catch((err: unknown) => {
      failure ??= err;
    });
    await report.close();
  }
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

/** The council of a chunk's raw copy: the first row's, when it is a valid code. */
function councilOfChunk(items: readonly InboundItem[]): string | undefined {
  for (const item of items) {
    const code = (item.input as { councilCode?: unknown } | null)?.councilCode;
    if (typeof code === 'string' && COUNCIL_CODE.test(code.trim().toUpperCase()))
      return code.trim().toUpperCase();
  }
  return undefined;
}

/** A CSV row as the pipeline's input: mapped to record fields, or malformed. */
export function itemOf(
  entry: Extract<CsvEntry, { kind: 'row' | 'malformed' }>,
  header: readonly string[],
  headerRaw: string,
  index: ReadonlyMap<string, number>,
  compiled: CompiledMapping,
): InboundItem {
  const rawText = `${headerRaw}\n${entry.raw}`;
  if (entry.kind === 'malformed') {
    return {
      position: entry.row,
      input: {},
      earlyIssues: [{ path: 'row', message: `the CSV row cannot be read (${entry.code})` }],
      earlyStage: 'PARSE',
      rawText,
    };
  }
  const extra = entry.cells.slice(header.length);
  if (entry.cells.length < header.length || extra.some((cell) => cell.trim() !== '')) {
    const issue: ValidationIssue = {
      path: 'row',
      message: `the row has ${entry.cells.length} fields, the header ${header.length}`,
    };
    return { position: entry.row, input: {}, earlyIssues: [issue], earlyStage: 'PARSE', rawText };
  }
  const mapped = compiled.mapRow(cellReader(index, entry.cells));
  return {
    position: entry.row,
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
