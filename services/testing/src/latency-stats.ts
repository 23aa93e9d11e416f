/** Throughput and latency of one side of a benchmark. */
export interface LatencyStats {
  readonly msgsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** The `q`-quantile (0–1, nearest rank) of ascending values; 0 when there are none. */
export const quantile = (ascending: readonly number[], q: number): number =>
  ascending[Math.min(ascending.length - 1, Math.ceil(q * ascending.length) - 1)] ?? 0;

const hundredths = (n: number): number => Math.round(n * 100) / 100;

/** Messages per second over `seconds` of busy time, and the median and 99th percentile latency, to 0.01. */
export function latencyStats(latenciesMs: readonly number[], seconds: number): LatencyStats {
  const ascending = [...latenciesMs].sort((a, b) => a - b);
  return {
    msgsPerSec: hundredths(latenciesMs.length / seconds),
    p50Ms: hundredths(quantile(ascending, 0.5)),
    p99Ms: hundredths(quantile(ascending, 0.99)),
  };
}
