import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  let now = 0;
  const clock = (): number => now;
  beforeEach(() => {
    now = 1_000;
  });

  it('shares one computation between concurrent callers and serves it until the time to live passes', async () => {
    const cache = new TtlCache<number>(1_000, 10, clock);
    let computed = 0;
    const compute = (): Promise<number> => Promise.resolve(++computed);
    expect(await Promise.all([cache.get('k', compute), cache.get('k', compute)])).toEqual([1, 1]);
    now += 999;
    expect(await cache.get('k', compute)).toBe(1);
    now += 1;
    expect(await cache.get('k', compute)).toBe(2);
    expect(await cache.get('other', compute)).toBe(3);
  });

  it('does not keep a failure: the next caller computes again', async () => {
    const cache = new TtlCache<number>(1_000, 10, clock);
    await expect(cache.get('k', () => Promise.reject(new Error('redis gone')))).rejects.toThrow('redis gone');
    expect(await cache.get('k', () => Promise.resolve(7))).toBe(7);
  });

  it('forgets the oldest key past its bound', async () => {
    const cache = new TtlCache<string>(60_000, 2, clock);
    await cache.get('a', () => Promise.resolve('a1'));
    await cache.get('b', () => Promise.resolve('b1'));
    await cache.get('c', () => Promise.resolve('c1'));
    expect(await cache.get('b', () => Promise.resolve('b2'))).toBe('b1');
    expect(await cache.get('a', () => Promise.resolve('a2'))).toBe('a2');
  });
});
