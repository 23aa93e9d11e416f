import { HubError, describeError, isRetriable } from './errors';
import { createLogger, type Logger } from './logger';

export interface RunMainOptions {
  /** Used for the fatal line; by default one is made (main may fail before it has its own, e.g. on config). */
  readonly logger?: Logger;
  /** Service name for the default logger. */
  readonly name?: string;
  /** Defaults to process.exit; tests pass their own. */
  readonly exit?: (code: number) => void;
}

/**
 * Runs a process's async `main`. If it fails, logs one fatal JSON line with the error, its `code`
 * and whether it was `retriable`, then exits with 1. A main that resolves leaves the process
 * running (servers, consumers) until shutdown.
 */
export function runMain(main: () => Promise<unknown>, options: RunMainOptions = {}): void {
  const { exit = (code: number) => process.exit(code) } = options;
  main().catch((err: unknown) => {
    const logger = options.logger ?? createLogger({ name: options.name ?? 'homefirst' });
    const code = err instanceof HubError ? err.code : 'UNEXPECTED';
    const retriable = isRetriable(err);
    logger.fatal({ err, code, retriable }, `fatal: ${describeError(err)}`);
    logger.flush();
    exit(1);
  });
}
