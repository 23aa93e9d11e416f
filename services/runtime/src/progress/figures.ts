/** What a progress line says. */
export interface ProgressFigures {
  readonly done: number;
  readonly total: number;
  readonly eventsPerSecond: number;
  readonly lag: number;
  /** Seconds left at the rate so far; null before anything is done. */
  readonly etaSeconds: number | null;
}

/** Rate and ETA from the counts and the time elapsed (pure). */
export function progressFigures(input: {
  readonly done: number;
  readonly total: number;
  readonly lag: number;
  readonly elapsedMs: number;
}): ProgressFigures {
  const { done, total, lag, elapsedMs } = input;
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  return {
    done,
    total,
    eventsPerSecond: Math.round(rate),
    lag,
    etaSeconds: rate > 0 ? Math.ceil(lag / rate) : null,
  };
}
