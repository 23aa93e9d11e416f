import { describeError } from './errors';
import type { Logger } from './logger';

export type CloseHook = () => Promise<void>;

export interface ShutdownOptions {
  /** Per hook; defaults to 10 s. */
  readonly hookTimeoutMs?: number;
  /** Defaults to SIGINT and SIGTERM. */
  readonly signals?: readonly NodeJS.Signals[];
  /** Defaults to process.exit; tests pass their own. */
  readonly exit?: (code: number) => void;
}

export interface Shutdown {
  /** Hooks run in reverse order of registration: register consumers after the producers they use. */
  register(name: string, close: CloseHook): void;
  /** Runs the hooks once (later calls share the first run), then exits 0, or 1 if any hook failed. */
  shutdown(reason: string): Promise<void>;
  /**
   * For a component that died and will not recover by itself (a crashed consumer): runs the hooks like
   * `shutdown`, then exits 1 so the supervisor (systemd, Kubernetes, the hub script) restarts the process.
   */
  fail(reason: string): Promise<void>;
  /** Removes the signal listeners without running anything. */
  dispose(): void;
}

async function withTimeout(name: string, close: CloseHook, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      close(),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${name} did not close within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Graceful shutdown: on SIGINT/SIGTERM (or `shutdown()`), close every registered component in
 * reverse order, each with a timeout. A failing hook is logged and makes the exit code 1; the
 * remaining hooks still run. A second signal while closing exits at once with 1.
 */
export function onShutdown(logger: Logger, options: ShutdownOptions = {}): Shutdown {
  const {
    hookTimeoutMs = 10_000,
    signals = ['SIGINT', 'SIGTERM'],
    exit = (code: number) => process.exit(code),
  } = options;
  const hooks: { name: string; close: CloseHook }[] = [];
  let running: Promise<void> | undefined;

  async function closeAll(reason: string, failure: boolean): Promise<void> {
    logger.info({ reason, hooks: hooks.length }, 'shutting down');
    let failed = failure;
    for (const { name, close } of [...hooks].reverse()) {
      try {
        await withTimeout(name, close, hookTimeoutMs);
        logger.debug({ hook: name }, 'closed');
      } catch (err) {
        failed = true;
        logger.error({ err, hook: name }, `failed to close ${name}: ${describeError(err)}`);
      }
    }
    const code = failed ? 1 : 0;
    logger.info({ exitCode: code }, 'shutdown complete');
    logger.flush();
    exit(code);
  }

  const shutdown = (reason: string): Promise<void> => (running ??= closeAll(reason, false));
  const fail = (reason: string): Promise<void> => (running ??= closeAll(reason, true));

  const onSignal = (signal: NodeJS.Signals): void => {
    if (running) {
      logger.warn({ signal }, 'second signal while shutting down; exiting now');
      logger.flush();
      exit(1);
      return;
    }
    void shutdown(signal);
  };
  for (const signal of signals) process.on(signal, onSignal);

  return {
    register(name, close) {
      hooks.push({ name, close });
    },
    shutdown,
    fail,
    dispose() {
      for (const signal of signals) process.off(signal, onSignal);
    },
  };
}
