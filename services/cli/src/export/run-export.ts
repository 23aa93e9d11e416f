import { accessSync, constants, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { createProgress, type HistoryReader } from '@homefirst/runtime';
import { hubHistory, withHistory } from '../history/hub-history';
import { eventsExportedEvent, recordExport } from './audit';
import { exportColumns } from './columns';
import { exportEvents, type ExportCounts, type ExportRun, type RecordBatch } from './export-events';
import { outNameOf, type ExportRequest } from './options';
import { readPseudonymKey } from './pseudonym-key';
import { openWriter, type ExportWriter } from './writers';

/** Kafka timestamps trail event time by at most this much in practice; --from seeks this far earlier. */
const SEEK_MARGIN_MS = 24 * 3_600_000;

export interface ExportSummary extends ExportCounts {
  readonly out: string;
  readonly format: string;
  readonly topics: readonly string[];
  readonly from: string | null;
  readonly to: string | null;
  readonly by: string;
  readonly types: readonly string[];
  readonly pseudonymised: boolean;
  readonly rekeyed: boolean;
  readonly recipient: string | null;
  readonly actor: string;
  readonly auditEventId: string;
  /** Wall time of the whole command, connecting and the audit write included. */
  readonly seconds: number;
  /** Time from the first record read to the file written: the streaming rate's denominator. */
  readonly streamingSeconds: number;
  /** Records read per streaming second. */
  readonly eventsPerSecond: number;
}

/** Notes when the first batch arrived. */
async function* timed<T>(batches: AsyncIterable<T>, first: { at?: number }): AsyncGenerator<T> {
  for await (const batch of batches) {
    first.at ??= performance.now();
    yield batch;
  }
}

/** One export of a history into a file (see exportHistory). */
export interface HistoryExport {
  /** The progress bar's label. */
  readonly label: string;
  readonly openWriter: () => ExportWriter | Promise<ExportWriter>;
  /** The export's settings but the writer and the progress. */
  readonly run: Omit<ExportRun, 'writer' | 'onBatch'>;
  /** Wraps the batches as they are read (e.g. to note when the first arrived). */
  readonly batches?: (batches: AsyncIterable<RecordBatch>) => AsyncIterable<RecordBatch>;
  /** Called once the file is written and closed. */
  readonly onWritten?: () => void;
}

/**
 * Exports a history (read up to its end marks) into a writer, under a progress bar: on success the writer
 * is closed and the bar finished; on a failure the bar fails, the writer is closed quietly and the error
 * is rethrown. `homefirst export events` and `homefirst replay asof` both write their files with it.
 */
export function exportHistory(reader: HistoryReader, spec: HistoryExport): Promise<ExportCounts> {
  return withHistory(reader, async (batches, total) => {
    const progress = createProgress({ label: spec.label, total });
    const writer = await spec.openWriter();
    try {
      const result = await exportEvents(spec.batches?.(batches) ?? batches, {
        ...spec.run,
        writer,
        onBatch: (records, lag) => progress.advance(records, lag),
      });
      await writer.close();
      spec.onWritten?.();
      progress.finish();
      return result;
    } catch (error) {
      progress.fail();
      await writer.close().catch(() => undefined);
      throw error;
    }
  });
}

/**
 * `homefirst export events`: the topics' history up to the end marks taken at start, decoded, one row per
 * event id, filtered, pseudonymised if asked, written to `<out>.partial`; then the EventsExported audit
 * record; only then the file is renamed to `<out>`. A failure removes the partial file.
 */
export async function runExport(
  request: ExportRequest,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExportSummary> {
  const folder = dirname(resolve(request.out));
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new Error(`--out: the folder ${folder} does not exist or cannot be written`);
  }
  const key: KeyObject | undefined =
    request.pseudonymKeyFile === undefined ? undefined : readPseudonymKey(request.pseudonymKeyFile);
  const hub = hubHistory(env);
  const columns = exportColumns(request.specs, request.pseudonymise);
  const partial = `${request.out}.partial`;
  rmSync(partial, { force: true });
  const started = performance.now();
  // --from on recorded time seeks straight there; on event time (occurredAt ≤ recordedAt ≤ Kafka time) too,
  // less a margin for clocks that disagree. --to cannot stop early: partitions are in arrival order.
  const seek = request.from === undefined ? undefined : request.from.getTime() - SEEK_MARGIN_MS;
  const reader = hub.history(request.specs, seek);
  let counts: ExportCounts;
  const first: { at?: number } = {};
  let written = 0;
  try {
    counts = await exportHistory(reader, {
      label: 'export',
      openWriter: () => openWriter(request.format, partial, columns),
      batches: (batches) => timed(batches, first),
      run: {
        decode: (value) => hub.codec.decodeAny(value),
        decodeSync: (value) => hub.codec.decodeAnySync(value),
        topics: request.specs,
        filter: {
          by: request.by,
          ...(request.from !== undefined && { from: request.from }),
          ...(request.to !== undefined && { to: request.to }),
          ...(request.types.length > 0 && { types: new Set(request.types) }),
        },
        ...(request.pseudonymise && { pseudonymise: key === undefined ? {} : { key } }),
        dedupeWindow: request.dedupeWindow,
      },
      onWritten: () => {
        written = performance.now();
      },
    });
    const audit = eventsExportedEvent(
      {
        actor: request.actor,
        ...(request.recipient !== undefined && { recipient: request.recipient }),
        topics: hub.topicNames(request.specs),
        ...(request.from !== undefined && { from: request.from }),
        ...(request.to !== undefined && { to: request.to }),
        types: request.types,
        format: request.format,
        pseudonymised: request.pseudonymise,
        rows: counts.rows,
        outName: outNameOf(request.out),
      },
      new Date(),
      env.HOMEFIRST_ACTOR_ORG ?? 'HUB',
    );
    await recordExport(hub.kafka, hub.codec, hub.config.topicPrefix ?? '', audit);
    renameSync(partial, request.out);
    const seconds = (performance.now() - started) / 1000;
    const streamingSeconds = Math.max((written - (first.at ?? written)) / 1000, 0.001);
    return {
      out: request.out,
      format: request.format,
      topics: hub.topicNames(request.specs),
      from: request.from?.toISOString() ?? null,
      to: request.to?.toISOString() ?? null,
      by: request.by,
      types: request.types,
      pseudonymised: request.pseudonymise,
      rekeyed: key !== undefined,
      recipient: request.recipient ?? null,
      actor: request.actor,
      ...counts,
      auditEventId: audit.eventId,
      seconds: Math.round(seconds * 1000) / 1000,
      streamingSeconds: Math.round(streamingSeconds * 1000) / 1000,
      eventsPerSecond: Math.round(counts.read / streamingSeconds),
    };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}
