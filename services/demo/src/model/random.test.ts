import { isValidNhsNumber, isWellFormedNhsNumber } from '@homefirst/schemas';
import { NhsNumberPool, nhsCheckDigit } from './people';
import { Random, lognormalSigma } from './random';

describe('seeded randomness', () => {
  it('repeats itself for the same seed and stream, and differs between streams', () => {
    const draws = (random: Random): number[] => Array.from({ length: 5 }, () => random.next());
    expect(draws(Random.of(7, 'arrivals'))).toEqual(draws(Random.of(7, 'arrivals')));
    expect(draws(Random.of(7, 'arrivals'))).not.toEqual(draws(Random.of(7, 'journey', 1)));
  });

  it('draws lognormal durations with the median and 95th percentile asked for', () => {
    const random = new Random(99);
    const spec = { median: 2, p95: 10 };
    const n = 20_000;
    const values = Array.from({ length: n }, () => random.lognormal(spec)).sort((a, b) => a - b);
    // Sample quantile sd: sqrt(q(1-q)/n) / density; 4 sd bands.
    const sigma = lognormalSigma(spec);
    const density = (x: number, z: number): number =>
      Math.exp(-(z * z) / 2) / (Math.sqrt(2 * Math.PI) * x * sigma);
    const sd = (q: number, x: number, z: number): number => Math.sqrt((q * (1 - q)) / n) / density(x, z);
    expect(Math.abs((values[n / 2] ?? 0) - 2)).toBeLessThan(4 * sd(0.5, 2, 0));
    expect(Math.abs((values[0.95 * n] ?? 0) - 10)).toBeLessThan(4 * sd(0.95, 10, 1.6448536269514722));
  });

  it('weighs choices by their weights', () => {
    const random = new Random(3);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 10_000; i += 1) counts[random.weighted({ a: 0.9, b: 0.1 })] += 1;
    expect(Math.abs(counts.b - 1000)).toBeLessThan(4 * Math.sqrt(10_000 * 0.1 * 0.9));
  });
});

describe('test NHS numbers', () => {
  it('computes the modulus-11 check digit, and none when it would be 10', () => {
    expect(nhsCheckDigit('943476591')).toBe(9); // 943 476 5919, the NHS Data Dictionary example
    expect(isWellFormedNhsNumber('9434765919')).toBe(true); // well formed, though 9xx is never issued
    const tens = Array.from({ length: 200 }, (_, i) => `999${String(i).padStart(6, '0')}`).filter(
      (nine) => nhsCheckDigit(nine) === null,
    );
    expect(tens.length).toBeGreaterThan(0);
  });

  it('hands out unique 999-range numbers that pass the check, deterministically', () => {
    const pool = new NhsNumberPool(new Random(1));
    const numbers = Array.from({ length: 5000 }, () => pool.next());
    expect(new Set(numbers).size).toBe(5000);
    expect(numbers.every((n) => /^999\d{7}$/.test(n) && isValidNhsNumber(n))).toBe(true);
    const again = new NhsNumberPool(new Random(1));
    expect(Array.from({ length: 10 }, () => again.next())).toEqual(numbers.slice(0, 10));
  });
});
