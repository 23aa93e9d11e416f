/**
 * Progress of a long command. The shared one (runtime's createProgress: a TTY bar with events/s, lag and ETA,
 * JSON lines when not a TTY) replaces this stand-in when it lands; same interface.
 */
export interface Progress {
  advance(count: number, lag: number): void;
  finish(): void;
  fail(): void;
}

export function createProgress(options: {
  readonly label: string;
  readonly total: number;
  readonly stream?: NodeJS.WriteStream;
  readonly intervalMs?: number;
}): Progress {
  const stream = options.stream ?? process.stderr;
  const started = Date.now();
  let done = 0;
  let lag = 0;
  let last = 0;
  const line = (): void => {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    const rate = done / seconds;
    stream.write(
      `${JSON.stringify({ progress: options.label, done, total: options.total, eventsPerSecond: Math.round(rate), lag, etaSeconds: rate > 0 ? Math.round(lag / rate) : null })}\n`,
    );
  };
  return {
    advance(count, currentLag) {
      done += count;
      lag = currentLag;
      if (Date.now() - last >= (options.intervalMs ?? 1000)) {
        last = Date.now();
        line();
      }
    },
    finish: line,
    fail: line,
  };
}
