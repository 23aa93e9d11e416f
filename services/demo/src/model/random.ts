/**
 * Seeded randomness for the simulation: a small, fast PRNG (xoshiro128**, seeded through splitmix32)
 * and the few distributions the model needs. Never Math.random: the same seed must give the same city.
 *
 * Streams are derived by name (`derive(seed, 'arrivals')`, `derive(seed, 'spell', 17)`), so one part of
 * the model drawing more numbers does not shift every other part.
 */

const UINT32 = 0x1_0000_0000;

/** splitmix32: spreads a 32-bit seed over the generator's state. */
function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a over the text form of the parts, then murmur3's finaliser: a stable, well-mixed 32-bit hash. */
function hash32(parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const char of parts.join('\u0001')) {
    h ^= char.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A seed for a named sub-stream of `seed`. */
export function derive(seed: number, ...labels: readonly (string | number)[]): number {
  return hash32([seed >>> 0, ...labels]);
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    const mix = splitmix32(seed);
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** A generator for a named sub-stream of this seed. */
  static of(seed: number, ...labels: readonly (string | number)[]): Random {
    return new Random(derive(seed, ...labels));
  }

  /** xoshiro128**: the next unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.b << 9) >>> 0;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1), 53 bits. */
  next(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One key of `weights`, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Partial<Record<K, number>>>): K {
    const entries = Object.entries(weights).filter(
      (entry): entry is [K, number] => typeof entry[1] === 'number',
    );
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    if (!(total > 0)) throw new RangeError('weights must add up to more than 0');
    let u = this.next() * total;
    for (const [key, weight] of entries) {
      u -= weight;
      if (u < 0) return key;
    }
    return (entries[entries.length - 1] as [K, number])[0];
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Lognormal given by its median and 95th percentile (see `lognormalSigma`). */
  lognormal(spec: LognormalSpec): number {
    const value = spec.median * Math.exp(lognormalSigma(spec) * this.normal());
    return spec.max === undefined ? value : Math.min(value, spec.max);
  }

  /** Unsigned 32-bit seed for something else that needs one. */
  seed(): number {
    return this.nextUint32();
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A long-tailed duration: lognormal with this median and 95th percentile, optionally capped. */
export interface LognormalSpec {
  readonly median: number;
  readonly p95: number;
  /** Values above this are set to it (e.g. reablement lasts up to 6 weeks). */
  readonly max?: number | undefined;
}

/** z of the 95th percentile of the standard normal. */
export const Z95 = 1.6448536269514722;

/** σ of the underlying normal: ln(p95 / median) / z95. */
export function lognormalSigma(spec: LognormalSpec): number {
  return Math.log(spec.p95 / spec.median) / Z95;
}

/** Upper bound (exclusive) of 32-bit seeds. */
export const SEED_LIMIT = UINT32;
