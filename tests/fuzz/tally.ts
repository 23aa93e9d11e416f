import type { Edge } from './corpora';
import type { InputResult } from './worker';

/** Counts of one edge's run: by outcome, by kind of crash and slow input, and the slowest input. */
export interface EdgeTally {
  runs: number;
  accepted: number;
  rejected: number;
  crash: number;
  slow: number;
  /** Distinct crash kinds (error class and first line, digits masked) and how often each occurred. */
  crashKinds: Record<string, number>;
  slowKinds: Record<string, number>;
  /** Rejections by kind: which documented refusals the inputs met. */
  rejectedKinds: Record<string, number>;
  slowestMs: number;
  largestBytes: number;
}

export const emptyTally = (): EdgeTally => ({
  runs: 0,
  accepted: 0,
  rejected: 0,
  crash: 0,
  slow: 0,
  crashKinds: {},
  slowKinds: {},
  rejectedKinds: {},
  slowestMs: 0,
  largestBytes: 0,
});

const bump = (counts: Record<string, number>, kind: string): void => {
  counts[kind] = (counts[kind] ?? 0) + 1;
};

export function record(tally: EdgeTally, result: InputResult): void {
  tally.runs += 1;
  tally[result.outcome] += 1;
  if (result.outcome === 'crash') bump(tally.crashKinds, result.kind);
  if (result.outcome === 'slow') bump(tally.slowKinds, result.kind);
  if (result.outcome === 'rejected') bump(tally.rejectedKinds, result.kind);
  tally.slowestMs = Math.max(tally.slowestMs, Math.round(result.ms));
  tally.largestBytes = Math.max(tally.largestBytes, result.size);
}

export function totalOf(tallies: Partial<Record<Edge, EdgeTally>>) {
  const all = Object.values(tallies);
  const sum = (key: 'runs' | 'accepted' | 'rejected' | 'crash' | 'slow') =>
    all.reduce((n, tally) => n + tally[key], 0);
  return {
    runs: sum('runs'),
    accepted: sum('accepted'),
    rejected: sum('rejected'),
    crash: sum('crash'),
    slow: sum('slow'),
  };
}
