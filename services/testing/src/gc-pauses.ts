import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

/** Garbage-collection pauses of this process's main thread while a measurement ran, ms. */
export interface GcPauses {
  /** Scavenges of the young generation. */
  readonly minorMs: number;
  /** Mark-compacts of the whole heap, with their incremental marking steps. */
  readonly majorMs: number;
  readonly count: number;
}

/**
 * Starts summing the main thread's GC pauses (Node's `gc` performance entries); the returned function stops
 * and gives the sums. For benchmarks: how much of a run went to collecting garbage, beside its rate. Node
 * delivers the entries from the event loop, a moment after each collection: stop after an await, not inside the
 * synchronous work measured.
 */
export function gcPauses(): () => GcPauses {
  const sums = { minorMs: 0, majorMs: 0, count: 0 };
  const add = (entries: readonly PerformanceEntry[]): void => {
    for (const entry of entries) {
      // Node gives a gc entry's kind in `detail` (its typings here do not name the property).
      const kind = (entry as { readonly detail?: { readonly kind?: number } | null }).detail?.kind;
      sums.count += 1;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) sums.minorMs += entry.duration;
      else if (
        kind === constants.NODE_PERFORMANCE_GC_MAJOR ||
        kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL
      )
        sums.majorMs += entry.duration;
    }
  };
  const observer = new PerformanceObserver((list) => add(list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  return () => {
    add(observer.takeRecords());
    observer.disconnect();
    return { minorMs: Math.round(sums.minorMs), majorMs: Math.round(sums.majorMs), count: sums.count };
  };
}
