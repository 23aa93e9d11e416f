import { latencyStats, quantile } from './latency-stats';

describe('latency stats', () => {
  it('takes nearest-rank quantiles of ascending values, 0 for none', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(values, 0.5)).toBe(50);
    expect(quantile(values, 0.99)).toBe(99);
    expect(quantile([7], 0.99)).toBe(7);
    expect(quantile([], 0.5)).toBe(0);
  });

  it('gives throughput over the busy time and the median and p99 whatever the order of the latencies', () => {
    const latencies = Array.from({ length: 200 }, (_, i) => ((i * 37) % 200) + 0.123);
    expect(latencyStats(latencies, 3)).toEqual({ msgsPerSec: 66.67, p50Ms: 99.12, p99Ms: 197.12 });
  });
});
