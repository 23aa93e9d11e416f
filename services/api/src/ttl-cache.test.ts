import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  let now = 0;
  const clock = (): number => now;
  beforeEach(() => {
    now = 1_000;
  });

  it('shares one computation between concurrent callers and serves it until the time to live passes', async () => {
    const cache = new TtlCache<number>(1_000, 10, { clock });
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
    const cache = new TtlCache<number>(1_000, 10, { clock });
    await expect(cache.get('k', () => Promise.reject(new Error('redis gone')))).rejects.toThrow('redis gone');
    expect(await cache.get('k', () => Promise.resolve(7))).toBe(7);
  });

  it('forgets the oldest key past its bound', async () => {
    const cache = new TtlCache<string>(60_000, 2, { clock });
    await cache.get('a', () => Promise.resolve('a1'));
    await cache.get('b', () => Promise.resolve('b1'));
    await cache.get('c', () => Promise.resolve('c1'));
    expect(await cache.get('b', () => Promise.resolve('b2'))).toBe('b1');
    expect(await cache.get('a', () => Promise.resolve('a2'))).toBe('a2');
  });
  describe('with staleMs (stale-while-revalidate)', () => {
    const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

    it('serves a value just past its time to live at once, while one refresh runs, then the refreshed one', async () => {
      const cache = new TtlCache<number>(1_000, 10, { clock, staleMs: 1_000 });
      let computed = 0;
      let release: () => void = () => undefined;
      const compute = (): Promise<number> => {
        computed += 1;
        const value = computed;
        return value === 1
          ? Promise.resolve(value)
          : new Promise((resolve) => (release = () => resolve(value)));
      };
      expect(await cache.get('k', compute)).toBe(1);
      now += 1_500;
      expect(await Promise.all([cache.get('k', compute), cache.get('k', compute)])).toEqual([1, 1]);
      expect(computed).toBe(2);
      release();
      await settle();
      expect(await cache.get('k', compute)).toBe(2);
      // The refreshed value serves from when its refresh started (now), for the time to live.
      now += 999;
      expect(await cache.get('k', compute)).toBe(2);
      expect(computed).toBe(2);
    });

    it('makes callers wait for a fresh value past the stale window', async () => {
      const cache = new TtlCache<number>(1_000, 10, { clock, staleMs: 1_000 });
      let computed = 0;
      const compute = (): Promise<number> => Promise.resolve(++computed);
      expect(await cache.get('k', compute)).toBe(1);
      now += 2_000;
      expect(await cache.get('k', compute)).toBe(2);
    });

    it('keeps serving the stale value when a refresh fails, and tries again on the next call', async () => {
      const cache = new TtlCache<number>(1_000, 10, { clock, staleMs: 1_000 });
      expect(await cache.get('k', () => Promise.resolve(1))).toBe(1);
      now += 1_200;
      expect(await cache.get('k', () => Promise.reject(new Error('redis gone')))).toBe(1);
      await settle();
      let retried = false;
      const retry = (): Promise<number> => {
        retried = true;
        return Promise.resolve(3);
      };
      expect(await cache.get('k', retry)).toBe(1);
      expect(retried).toBe(true);
      await settle();
      expect(await cache.get('k', retry)).toBe(3);
    });

    it('never serves a value that is still being computed or failed as stale', async () => {
      const cache = new TtlCache<number>(1_000, 10, { clock, staleMs: 1_000 });
      await expect(cache.get('k', () => Promise.reject(new Error('redis gone')))).rejects.toThrow(
        'redis gone',
      );
      now += 1_200;
      expect(await cache.get('k', () => Promise.resolve(5))).toBe(5);
    });
  });
});
