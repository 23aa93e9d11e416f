import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError, describeError, isRetriable, type Logger } from '@homefirst/runtime';
import { CHECKPOINT_SUFFIX } from './checkpoint';
import { ERROR_REPORT_SUFFIX } from './error-report';
import type { FileIngestSummary } from './file-ingest';

export interface DropFolderOptions {
  readonly dir: string;
  readonly pollMs: number;
  /** Ingests one file (resuming from its checkpoint); stops early when `signal` aborts. */
  readonly ingestFile: (file: string, signal: AbortSignal) => Promise<FileIngestSummary>;
  readonly logger: Logger;
  readonly onFile?: (outcome: 'done' | 'failed' | 'retry') => void;
}

export interface DropFolder {
  /** Stops polling; a file under way stops between chunks with its checkpoint written. */
  stop(): Promise<void>;
}

const isCsv = (name: string): boolean => /\.csv$/i.test(name) && !name.startsWith('.');

/**
 * A watched drop folder for council CSV exports. A `*.csv` file is picked up once its size and mtime
 * held still for one poll (write it under another name and rename it in, or just copy it). Files are
 * ingested one at a time, then moved with their error report to `done/`; a file that can never go in
 * (no mapping fits, no header, a header that cannot be read) goes to `failed/` with `<name>.error.json`
 * saying why (the reasons name the rule and the line, never a value); when Kafka or
 * Redis is unavailable the file stays and is resumed from its checkpoint at a later poll.
 */
export function watchDropFolder(options: DropFolderOptions): DropFolder {
  const { dir, pollMs, logger } = options;
  const controller = new AbortController();
  const lastSeen = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const moveTo = async (folder: string, name: string, extra: readonly string[] = []): Promise<string> => {
    const target = join(dir, folder);
    await mkdir(target, { recursive: true });
    let targetName = name;
    try {
      await stat(join(target, targetName));
      targetName = `${new Date().toISOString().replace(/[:.]/g, '-')}-${name}`;
    } catch {
      // free
    }
    await rename(join(dir, name), join(target, targetName));
    for (const suffix of extra) {
      await rename(join(dir, `${name}${suffix}`), join(target, `${targetName}${suffix}`)).catch(
        () => undefined,
      );
    }
    return join(target, targetName);
  };

  const stableFiles = async (): Promise<string[]> => {
    const ready: string[] = [];
    const names = (await readdir(dir)).filter(isCsv).sort();
    for (const name of names) {
      const info = await stat(join(dir, name)).catch(() => undefined);
      if (info?.isFile() !== true) continue;
      const signature = `${info.size}:${info.mtimeMs}`;
      if (lastSeen.get(name) === signature) ready.push(name);
      lastSeen.set(name, signature);
    }
    for (const name of lastSeen.keys()) if (!names.includes(name)) lastSeen.delete(name);
    return ready;
  };

  const poll = async (): Promise<void> => {
    for (const name of await stableFiles()) {
      if (controller.signal.aborted) return;
      const file = join(dir, name);
      const fileLogger = logger.child({ file: name });
      try {
        const summary = await options.ingestFile(file, controller.signal);
        if (!summary.complete) return;
        const moved = await moveTo('done', name, [ERROR_REPORT_SUFFIX]);
        lastSeen.delete(name);
        options.onFile?.('done');
        fileLogger.info(
          {
            movedTo: moved,
            rows: summary.rows,
            accepted: summary.accepted,
            duplicates: summary.duplicates,
            rejected: summary.rejected,
            flagged: summary.flagged,
          },
          'council file ingested',
        );
      } catch (err) {
        if (isRetriable(err)) {
          options.onFile?.('retry');
          fileLogger.warn({ err }, `council file stopped, will resume: ${describeError(err)}`);
          return;
        }
        options.onFile?.('failed');
        fileLogger.error({ err }, `council file cannot be ingested: ${describeError(err)}`);
        await writeFile(
          join(dir, `${name}.error.json`),
          `${JSON.stringify(
            {
              file: name,
              error: describeError(err),
              ...(err instanceof ValidationError && err.issues.length > 0 && { reasons: err.issues }),
            },
            null,
            2,
          )}\n`,
        );
        await moveTo('failed', name, ['.error.json', ERROR_REPORT_SUFFIX, CHECKPOINT_SUFFIX]).catch(
          () => undefined,
        );
        lastSeen.delete(name);
      }
    }
  };

  const schedule = (): void => {
    if (controller.signal.aborted) return;
    timer = setTimeout(() => {
      running = poll()
        .catch((err: unknown) => logger.error({ err }, `drop folder poll failed: ${describeError(err)}`))
        .finally(schedule);
    }, pollMs);
  };
  schedule();
  logger.info({ dir, pollMs }, 'watching the council drop folder');

  return {
    async stop() {
      controller.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
