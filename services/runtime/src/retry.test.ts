import { ConfigError, UnavailableError } from './errors';
import { backoffCeilingMs, retry } from './retry';

const unavailable = () => new UnavailableError('broker away', { dependency: 'kafka' });
const fast = { retries: 5, initialDelayMs: 1, maxDelayMs: 2, factor: 2 };

afterEach(() => jest.restoreAllMocks());

describe('retry', () => {
  it('retries retriable errors until fn succeeds', async () => {
    const fn = jest.fn<Promise<string>, [number]>();
    fn.mockRejectedValueOnce(unavailable()).mockRejectedValueOnce(unavailable()).mockResolvedValue('acked');
    await expect(retry(fn, fast)).resolves.toBe('acked');
    expect(fn.mock.calls.map(([attempt]) => attempt)).toEqual([0, 1, 2]);
  });

  it('never retries a TypeError', async () => {
    const fn = jest.fn(() => Promise.reject(new TypeError('cannot read nhsNumber of undefined')));
    await expect(retry(fn, fast)).rejects.toThrow(TypeError);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('does not retry non-retriable hub errors', async () => {
    const fn = jest.fn(() => Promise.reject(new ConfigError('bad')));
    await expect(retry(fn, fast)).rejects.toBeInstanceOf(ConfigError);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('tries 1 + retries times and rethrows the last error', async () => {
    const errors = Array.from(
      { length: 4 },
      (_, i) => new UnavailableError(`attempt ${i}`, { dependency: 'kafka' }),
    );
    const fn = jest.fn((attempt: number) =>
      Promise.reject(errors[attempt] ?? new Error('too many attempts')),
    );
    const failure = retry(fn, { ...fast, retries: 3 });
    await expect(failure).rejects.toBe(errors[3]);
    expect(fn).toHaveBeenCalledTimes(4);
  });

  it('tries once with retries: 0 and rejects a negative count', async () => {
    const fn = jest.fn(() => Promise.reject(unavailable()));
    await expect(retry(fn, { ...fast, retries: 0 })).rejects.toBeInstanceOf(UnavailableError);
    expect(fn).toHaveBeenCalledTimes(1);
    await expect(retry(fn, { ...fast, retries: -1 })).rejects.toThrow(RangeError);
  });

  it('grows the ceiling exponentially up to the cap', () => {
    const options = { initialDelayMs: 100, maxDelayMs: 1_000, factor: 2 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffCeilingMs(n, options))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('waits a full-jitter delay in [0, ceiling) before each retry', async () => {
    jest.useFakeTimers();
    try {
      const randoms = [0, 0.5, 0.999999, 0.25];
      jest.spyOn(Math, 'random').mockImplementation(() => randoms.shift() ?? 0);
      const delays: number[] = [];
      const fn = jest.fn(() => Promise.reject(unavailable()));
      const failure = retry(fn, {
        retries: 4,
        initialDelayMs: 100,
        maxDelayMs: 300,
        factor: 2,
        onRetry: (_err, _retry, delayMs) => delays.push(delayMs),
      });
      const settled = expect(failure).rejects.toBeInstanceOf(UnavailableError);
      await jest.advanceTimersByTimeAsync(10_000);
      await settled;
      // ceilings 100, 200, 300 (capped), 300
      expect(delays).toEqual([0, 100, 299, 75]);
      expect(fn).toHaveBeenCalledTimes(5);
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps every real jittered delay within its ceiling', async () => {
    const delays: number[] = [];
    const options = { retries: 6, initialDelayMs: 1, maxDelayMs: 8, factor: 2 };
    await expect(
      retry(() => Promise.reject(unavailable()), {
        ...options,
        onRetry: (_e, n, delayMs) => delays.push(delayMs / backoffCeilingMs(n, options)),
      }),
    ).rejects.toBeInstanceOf(UnavailableError);
    expect(delays).toHaveLength(6);
    for (const share of delays) {
      expect(share).toBeGreaterThanOrEqual(0);
      expect(share).toBeLessThan(1);
    }
  });

  it('stops waiting when the signal aborts and rethrows its reason', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.9);
    const controller = new AbortController();
    const reason = new Error('shutting down');
    const fn = jest.fn(() => Promise.reject(unavailable()));
    const failure = retry(fn, {
      retries: 10,
      initialDelayMs: 60_000,
      maxDelayMs: 60_000,
      factor: 1,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(reason), 10);
    await expect(failure).rejects.toBe(reason);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
