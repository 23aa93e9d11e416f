import { backoffCeilingOf, minimumWindowMs, retryDelayMs } from './backoff';

const policy = { baseMs: 1_000, capMs: 300_000 };

describe('retry backoff (exponential, jittered in the upper half of the ceiling)', () => {
  it('doubles the ceiling each attempt up to the cap', () => {
    expect([1, 2, 3, 4, 9, 10, 30].map((a) => backoffCeilingOf(a, policy))).toEqual([
      1_000, 2_000, 4_000, 8_000, 256_000, 300_000, 300_000,
    ]);
  });

  it('draws each wait within [ceiling/2, ceiling], spread by the random source', () => {
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      const ceiling = backoffCeilingOf(attempt, policy);
      expect(retryDelayMs(attempt, policy, () => 0)).toBe(ceiling / 2);
      expect(retryDelayMs(attempt, policy, () => 0.999_999)).toBe(ceiling);
      for (let i = 0; i < 50; i += 1) {
        const wait = retryDelayMs(attempt, policy, Math.random);
        expect(wait).toBeGreaterThanOrEqual(ceiling / 2);
        expect(wait).toBeLessThanOrEqual(ceiling);
      }
    }
    const waits = new Set(Array.from({ length: 20 }, () => retryDelayMs(5, policy, Math.random)));
    expect(waits.size).toBeGreaterThan(10);
  });

  it('guarantees a minimum retry window: the defaults outlast an endpoint down for a minute', () => {
    expect(minimumWindowMs(1, policy)).toBe(0);
    expect(minimumWindowMs(3, policy)).toBe(500 + 1_000);
    expect(minimumWindowMs(12, policy)).toBeGreaterThan(60_000);
  });
});
