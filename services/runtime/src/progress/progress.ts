import { SingleBar } from 'cli-progress';
import { progressFigures, type ProgressFigures } from './figures';

/** How far a long command (rebuild, export, remap, redrive) has got. */
export interface Progress {
  /** `count` more items done; `lag` = items still to come. */
  advance(count: number, lag: number): void;
  /** The work ended well: a last line (or a full bar). */
  finish(): void;
  /** The work ended badly: the bar stops where it was. */
  fail(): void;
}

export interface ProgressOptions {
  /** What is counted, e.g. `rebuild` or `export`. */
  readonly label: string;
  /** Items expected in all (0 when unknown). */
  readonly total: number;
  /** Where progress goes; standard error by default, so standard output stays for results. */
  readonly stream?: ProgressStream;
  /** JSON lines instead of a bar; by default when the stream is not a terminal. */
  readonly json?: boolean;
  /** How often a JSON line is written (a bar redraws on its own clock). */
  readonly intervalMs?: number;
  /** The clock, for tests. */
  readonly now?: () => number;
}

/** A stream to write progress to: a terminal draws a bar, anything else gets JSON lines. */
export type ProgressStream = NodeJS.WritableStream & { readonly isTTY?: boolean };

/**
 * A progress bar with events/s, lag and ETA on a terminal (cli-progress); on a pipe or in CI one JSON line
 * per interval — `{"progress","done","total","eventsPerSecond","lag","etaSeconds"}` — which a scheduler's log
 * keeps readable.
 */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const json = options.json ?? !stream.isTTY;
  const now = options.now ?? (() => performance.now());
  return json ? new JsonLines(options, stream, now) : new Bar(options, stream, now);
}

class Tally {
  done = 0;
  lag = 0;
  private readonly started: number;

  constructor(
    private readonly total: number,
    private readonly now: () => number,
  ) {
    this.started = now();
    this.lag = total;
  }

  add(count: number, lag: number): void {
    this.done += count;
    this.lag = lag;
  }

  figures(): ProgressFigures {
    return progressFigures({
      done: this.done,
      total: this.total,
      lag: this.lag,
      elapsedMs: this.now() - this.started,
    });
  }
}

class JsonLines implements Progress {
  private readonly tally: Tally;
  private lastWritten: number;
  private readonly intervalMs: number;

  constructor(
    private readonly options: ProgressOptions,
    private readonly stream: ProgressStream,
    private readonly now: () => number,
  ) {
    this.tally = new Tally(options.total, now);
    this.intervalMs = options.intervalMs ?? 5_000;
    this.lastWritten = now();
  }

  advance(count: number, lag: number): void {
    this.tally.add(count, lag);
    if (this.now() - this.lastWritten >= this.intervalMs) this.write();
  }

  finish(): void {
    this.write();
  }

  fail(): void {
    this.write();
  }

  private write(): void {
    this.lastWritten = this.now();
    this.stream.write(`${JSON.stringify({ progress: this.options.label, ...this.tally.figures() })}\n`);
  }
}

class Bar implements Progress {
  private readonly tally: Tally;
  private readonly bar: SingleBar;

  constructor(options: ProgressOptions, stream: ProgressStream, now: () => number) {
    this.tally = new Tally(options.total, now);
    this.bar = new SingleBar({
      stream,
      format: `${options.label} [{bar}] {value}/{total} | {rate} ev/s | lag {lag} | ETA {etaText}`,
      hideCursor: true,
      barsize: 30,
      fps: 5,
    });
    this.bar.start(Math.max(options.total, 1), 0, { rate: 0, lag: options.total, etaText: '–' });
  }

  advance(count: number, lag: number): void {
    this.tally.add(count, lag);
    const figures = this.tally.figures();
    this.bar.update(figures.done, {
      rate: figures.eventsPerSecond,
      lag: figures.lag,
      etaText: figures.etaSeconds === null ? '–' : `${figures.etaSeconds}s`,
    });
  }

  finish(): void {
    this.bar.update(this.tally.done);
    this.bar.stop();
  }

  fail(): void {
    this.bar.stop();
  }
}
