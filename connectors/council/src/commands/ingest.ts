import { access } from 'node:fs/promises';
import { ConfigError, ValidationError, createLogger, describeError, isRetriable } from '@homefirst/runtime';
import { Presets, SingleBar } from 'cli-progress';
import { loadCouncilConfig } from '../config';
import { ingestCsvFile, type FileIngestSummary } from '../csv/file-ingest';
import { mappingDirs, mappingForHeader } from '../mapping-files/load';
import { startCouncilRuntime } from '../wiring';

/** Exit codes of `ingest`: see README. */
export const EXIT = { OK: 0, ROWS_REJECTED: 1, USAGE: 2, RESUMABLE: 3 } as const;

export interface IngestCommandOptions {
  readonly mapping?: string;
  readonly progress: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (line: string) => void | Promise<void>;
  readonly stderr: (line: string) => void;
}

/**
 * `homefirst-council ingest <file.csv> [--mapping <name>]`: streams the file into Kafka with a progress
 * bar on stderr, prints a JSON summary on stdout. Exit 0: every row in (or already in); 1: the file is
 * done but some rows were rejected (see <file>.errors.jsonl), or an unexpected failure; 2: usage
 * (missing file, unknown or undetectable mapping, no header, bad environment); 3: stopped part way
 * (Kafka or Redis unavailable, or interrupted) — run the same command again to resume.
 */
export async function ingestCommand(file: string, options: IngestCommandOptions): Promise<number> {
  try {
    await access(file);
  } catch {
    options.stderr(`homefirst-council ingest: cannot read ${file}`);
    return EXIT.USAGE;
  }
  let config;
  try {
    config = loadCouncilConfig(options.env, { requireTokens: false });
  } catch (err) {
    options.stderr(`homefirst-council ingest: ${describeError(err)}`);
    return EXIT.USAGE;
  }
  const logger = createLogger(
    { name: 'council-ingest', level: config.hub.log.level === 'info' ? 'warn' : config.hub.log.level },
    process.stderr,
  );
  const dirs = mappingDirs(config.council.mappingsDir);
  const mappingFor = (header: readonly string[]) => mappingForHeader(options.mapping, header, dirs);

  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format:
        '{bar} {percentage}% | {rows} rows | {rate} rows/s | {accepted} in, {duplicates} dup, {rejected} rejected | ETA {eta_formatted}',
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  let barStarted = false;
  let runtime;
  try {
    runtime = await startCouncilRuntime(config, logger);
    const summary: FileIngestSummary = await ingestCsvFile({
      file,
      mappingFor,
      ingest: runtime.fileIngest,
      target: runtime.target,
      logger,
      batchSize: config.council.batchSize,
      maxInFlight: config.council.maxInFlight,
      signal: controller.signal,
      onProgress: (p) => {
        if (!options.progress) return;
        const payload = {
          rows: p.rows,
          rate: Math.round(p.rows / Math.max(0.001, (Date.now() - started) / 1000)),
          accepted: p.accepted,
          duplicates: p.duplicates,
          rejected: p.rejected,
        };
        if (!barStarted) {
          bar.start(p.totalBytes, p.bytesRead, payload);
          barStarted = true;
        } else bar.update(p.bytesRead, payload);
      },
    });
    if (barStarted) bar.stop();
    await options.stdout(JSON.stringify({ ...summary, seconds: (Date.now() - started) / 1000 }));
    if (!summary.complete) return EXIT.RESUMABLE;
    return summary.rejected > 0 ? EXIT.ROWS_REJECTED : EXIT.OK;
  } catch (err) {
    if (barStarted) bar.stop();
    options.stderr(`homefirst-council ingest: ${describeError(err)}`);
    if (err instanceof ValidationError) {
      for (const issue of err.issues) options.stderr(`  ${issue.path}: ${issue.message}`);
    }
    if (isRetriable(err)) {
      options.stderr('nothing is lost: run the same command again to resume from the checkpoint');
      return EXIT.RESUMABLE;
    }
    if (err instanceof ValidationError || err instanceof ConfigError) return EXIT.USAGE;
    return EXIT.ROWS_REJECTED;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await runtime?.close();
  }
}
